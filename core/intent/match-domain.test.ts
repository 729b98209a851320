import { describe, expect, it } from 'vitest';
import { matchIntentDomain } from './match-domain';

describe('matching an intent row to a company domain', () => {
  it.each([
    ['acme.com', 'acme.com'],
    ['ACME.COM', 'acme.com'],
    ['www.Acme.com', 'acme.com'],
    ['uk.acme.com', 'acme.com'],
    ['shop.eu.acme.co.uk', 'acme.co.uk'],
    ['https://www.acme.com/pricing?x=1', 'acme.com'],
    ['acme.com.', 'acme.com'],
    ['münchen-bau.de', 'münchen-bau.de'],
    ['xn--mnchen-bau-9db.de', 'münchen-bau.de'],
    ['WWW.XN--MNCHEN-BAU-9DB.DE', 'münchen-bau.de'],
  ])('%j → %j', (raw, domain) => expect(matchIntentDomain(raw)).toEqual({ ok: true, domain }));

  it.each(['gmail.com', 'www.gmail.com', 'mail.yahoo.co.uk', 'Hotmail.com'])(
    'never matches the mailbox provider %j as a company',
    (raw) => expect(matchIntentDomain(raw)).toEqual({ ok: false, reason: 'free_mail' }),
  );

  it.each(['', 'localhost', '10.0.0.1', 'acme', 'co.uk', 'acme.invalidtld', 'a_b.com'])(
    'refuses %j',
    (raw) => expect(matchIntentDomain(raw)).toEqual({ ok: false, reason: 'domain_invalid' }),
  );
});
