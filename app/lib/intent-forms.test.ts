import { describe, expect, it } from 'vitest';
import { connectionBody, renameFields } from './intent-forms';

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  const base = { mode: 'intent', surgeThreshold: '60', dailyCallQuota: '1000' };
  for (const [name, value] of Object.entries({ ...base, ...fields })) data.append(name, value);
  return data;
};

describe('connectionBody', () => {
  it('keeps the stored credentials when both fields are left blank', () => {
    const result = connectionBody(form({ storedMode: 'intent', clientId: '', clientSecret: '' }));
    expect(result).toEqual({
      ok: true,
      body: {
        mode: 'intent',
        enabled: false,
        surgeThreshold: 60,
        dailyCallQuota: 1000,
        onlyKnownDomains: false,
        enrichCompanies: false,
      },
    });
  });

  it('sends new intent credentials and ticked options', () => {
    const result = connectionBody(
      form({
        storedMode: 'intent',
        clientId: ' abc ',
        clientSecret: 's3cret',
        enabled: 'on',
        enrichCompanies: 'on',
      }),
    );
    expect(result.ok && result.body).toMatchObject({
      credentials: { clientId: 'abc', clientSecret: 's3cret' },
      enabled: true,
      enrichCompanies: true,
      onlyKnownDomains: false,
    });
  });

  it('sends legacy credentials as username and password', () => {
    const result = connectionBody(form({ mode: 'legacy', username: 'me', password: 'pw' }));
    expect(result.ok && result.body.credentials).toEqual({ username: 'me', password: 'pw' });
  });

  it('asks for credentials when nothing is stored yet', () => {
    const result = connectionBody(form({ storedMode: '' }));
    expect(result).toEqual({
      ok: false,
      fieldErrors: { clientId: ['Enter this to connect'], clientSecret: ['Enter this to connect'] },
    });
  });

  it('asks for the new API’s credentials when switching API', () => {
    const result = connectionBody(form({ storedMode: 'intent', mode: 'legacy' }));
    expect(!result.ok && Object.keys(result.fieldErrors)).toEqual(['username', 'password']);
  });

  it('asks for the other half of a credential pair', () => {
    const result = connectionBody(form({ storedMode: 'intent', clientId: 'abc' }));
    expect(result).toEqual({ ok: false, fieldErrors: { clientSecret: ['Enter this to connect'] } });
  });

  it('refuses a threshold outside 0–100', () => {
    const result = connectionBody(form({ storedMode: 'intent', surgeThreshold: '140' }));
    expect(!result.ok && result.fieldErrors.surgeThreshold).toEqual(['Use 0 to 100']);
  });

  it('removes the webhook when asked, whatever was typed', () => {
    const result = connectionBody(
      form({ storedMode: 'intent', alertWebhookUrl: 'https://x.test/h', removeWebhook: 'on' }),
    );
    expect(result.ok && result.body.alertWebhookUrl).toBeNull();
  });

  it('sends a new webhook URL and refuses one that is not http(s)', () => {
    const good = connectionBody(
      form({ storedMode: 'intent', alertWebhookUrl: 'https://x.test/h' }),
    );
    expect(good.ok && good.body.alertWebhookUrl).toBe('https://x.test/h');
    const bad = connectionBody(form({ storedMode: 'intent', alertWebhookUrl: 'ftp://x.test/h' }));
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.fieldErrors.alertWebhookUrl?.length).toBeGreaterThan(0);
  });
});

describe('renameFields', () => {
  it('puts the API’s credential errors beside the form’s fields', () => {
    expect(
      renameFields({ 'credentials.clientSecret': ['Too long'], credentials: ['Bad'] }, 'legacy'),
    ).toEqual({ clientSecret: ['Too long'], username: ['Bad'] });
  });
});
