import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  cleanText,
  companyDomainFromEmail,
  isFreeMailDomain,
  isMissing,
  isUid2Phone,
  normalizeCountry,
  normalizeDomain,
  normalizeEmail,
  normalizePhone,
  phoneCountry,
  toBase64,
  uid2Hash,
  uid2NormalizeEmail,
} from './normalize';

const sha256 = (input: Uint8Array) => new Uint8Array(createHash('sha256').update(input).digest());

describe('UID2 email normalisation and hashing (external-apis.md §1.4, official vectors)', () => {
  // A. The UID2 documentation's table.
  it.each([
    ['USER@example.com', 'user@example.com', 'tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ='],
    ['MyEmail@example.com', 'myemail@example.com', 'FsGNM28LJQ8OLZB0Us65ZYp07NrovJSGTCMSKnLMJ6U='],
    ['MYEMAIL@example.com', 'myemail@example.com', 'FsGNM28LJQ8OLZB0Us65ZYp07NrovJSGTCMSKnLMJ6U='],
    [
      'My.Email@example.com',
      'my.email@example.com',
      '4itTvG+HEnTzpiqzejyu1yFPwU1nYhWpaiQvz62hyB8=',
    ],
    [
      'JANESAOIRSE@example.com',
      'janesaoirse@example.com',
      '1mcOepIAfxtf94Xx/IHlOqbT170GvfXEc83HKGwoS20=',
    ],
    [
      'JaneSaoirse@example.com',
      'janesaoirse@example.com',
      '1mcOepIAfxtf94Xx/IHlOqbT170GvfXEc83HKGwoS20=',
    ],
    [
      'jane.saoirse@example.com',
      'jane.saoirse@example.com',
      'sZZDLHuYmiypHIN5mVfFFdpT5sE6vyC3j+qU8RfpC/g=',
    ],
    [
      'Jane.Saoirse@example.com',
      'jane.saoirse@example.com',
      'sZZDLHuYmiypHIN5mVfFFdpT5sE6vyC3j+qU8RfpC/g=',
    ],
    [
      'JaneSaoirse+Work@example.com',
      'janesaoirse+work@example.com',
      'KKruSBUjDNO069iMUVImVQZm6RrAGZKeOtrD9mwogYA=',
    ],
    [
      'JANE.SAOIRSE@gmail.com',
      'janesaoirse@gmail.com',
      'ku4mBX7Z3qJTXWyLFB1INzkyR2WZGW4ANSJUiW21iI8=',
    ],
    [
      'Jane.Saoirse@gmail.com',
      'janesaoirse@gmail.com',
      'ku4mBX7Z3qJTXWyLFB1INzkyR2WZGW4ANSJUiW21iI8=',
    ],
    [
      'JaneSaoirse+Work@gmail.com',
      'janesaoirse@gmail.com',
      'ku4mBX7Z3qJTXWyLFB1INzkyR2WZGW4ANSJUiW21iI8=',
    ],
    // B. The operator's and SDKs' test suites.
    ['TEst.TEST@Test.com ', 'test.test@test.com', 'dvECjPKZHya0/SIhSGwP0m8SgTv1vzLxPULUOsm880M='],
    ['test.test@test.com', 'test.test@test.com', 'dvECjPKZHya0/SIhSGwP0m8SgTv1vzLxPULUOsm880M='],
    ['test.test@gmail.com', 'testtest@gmail.com', 'LkLfFrut8Tc3h/fIvYDiBKSbaMiau/DtaLBPQYszdMw='],
    ['test+test@test.com', 'test+test@test.com', 'rQ4yzdOz4uG8N54326QyZD6/JwqrXn4lmy34cVCojB8='],
    ['+test@test.com', '+test@test.com', 'weFizOVVWKlLfyorbBU8oxYDv4HJtTZCPMyZ4THzUQE='],
    ['test+test@gmail.com', 'test@gmail.com', 'h5JGBrQTGorO7q6IaFMfu5cSqqB6XTp1aybOD11spnQ='],
    ['testtest@test.com', 'testtest@test.com', 'd1Lr/s4GLLX3SvQVMoQdIMfbQPMAGZYry+2V+0pZlQg='],
    [' testtest@test.com', 'testtest@test.com', 'd1Lr/s4GLLX3SvQVMoQdIMfbQPMAGZYry+2V+0pZlQg='],
    ['testtest@test.com ', 'testtest@test.com', 'd1Lr/s4GLLX3SvQVMoQdIMfbQPMAGZYry+2V+0pZlQg='],
    [' testtest@test.com ', 'testtest@test.com', 'd1Lr/s4GLLX3SvQVMoQdIMfbQPMAGZYry+2V+0pZlQg='],
    ['  testtest@test.com  ', 'testtest@test.com', 'd1Lr/s4GLLX3SvQVMoQdIMfbQPMAGZYry+2V+0pZlQg='],
    [' test.test@gmail.com', 'testtest@gmail.com', 'LkLfFrut8Tc3h/fIvYDiBKSbaMiau/DtaLBPQYszdMw='],
    ['test.test@gmail.com ', 'testtest@gmail.com', 'LkLfFrut8Tc3h/fIvYDiBKSbaMiau/DtaLBPQYszdMw='],
    [' test.test@gmail.com ', 'testtest@gmail.com', 'LkLfFrut8Tc3h/fIvYDiBKSbaMiau/DtaLBPQYszdMw='],
    [
      '  test.test@gmail.com  ',
      'testtest@gmail.com',
      'LkLfFrut8Tc3h/fIvYDiBKSbaMiau/DtaLBPQYszdMw=',
    ],
    ['TEstTEst@gmail.com  ', 'testtest@gmail.com', 'LkLfFrut8Tc3h/fIvYDiBKSbaMiau/DtaLBPQYszdMw='],
    ['TEstTEst@GMail.Com  ', 'testtest@gmail.com', 'LkLfFrut8Tc3h/fIvYDiBKSbaMiau/DtaLBPQYszdMw='],
    [' TEstTEst@GMail.Com  ', 'testtest@gmail.com', 'LkLfFrut8Tc3h/fIvYDiBKSbaMiau/DtaLBPQYszdMw='],
    ['TEstTEst@GMail.Com', 'testtest@gmail.com', 'LkLfFrut8Tc3h/fIvYDiBKSbaMiau/DtaLBPQYszdMw='],
    ['TEst.TEst@GMail.Com', 'testtest@gmail.com', 'LkLfFrut8Tc3h/fIvYDiBKSbaMiau/DtaLBPQYszdMw='],
    [
      'TEst.TEst+123@GMail.Com',
      'testtest@gmail.com',
      'LkLfFrut8Tc3h/fIvYDiBKSbaMiau/DtaLBPQYszdMw=',
    ],
    [
      '\uD83D\uDE0Atesttest@test.com',
      '\uD83D\uDE0Atesttest@test.com',
      'fAFEUqApQ0V/M9mLj/IO54CgKgtQuARKsOMqtFklD4k=',
    ],
    [
      'testtest@\uD83D\uDE0Atest.com',
      'testtest@\uD83D\uDE0Atest.com',
      'tcng5pttf7Y2z4ylZTROvIMw1+IVrMpR4D1KeXSrdiM=',
    ],
    [
      'testtest@test.com\uD83D\uDE0A',
      'testtest@test.com\uD83D\uDE0A',
      '0qI21FPLkuez/8RswfmircHPYz9Dtf7/Nch1rSWEQf0=',
    ],
  ])('%j normalises to %j and hashes to %s', (input, normalized, hash) => {
    expect(uid2NormalizeEmail(input)).toBe(normalized);
    expect(uid2Hash(normalized, sha256)).toBe(hash);
  });

  it.each([
    '',
    ' @',
    '@',
    'a@',
    '@b',
    '@b.com',
    '+',
    ' ',
    '+@gmail.com',
    '.+@gmail.com',
    'a@ba@z.com',
  ])('answers invalid for %j, as the operator does', (input) => {
    expect(uid2NormalizeEmail(input)).toBeNull();
  });

  it('keeps the operator quirks: googlemail is not gmail, only ASCII is lower-cased', () => {
    expect(uid2NormalizeEmail('Jane.Doe+x@GoogleMail.com')).toBe('jane.doe+x@googlemail.com');
    expect(uid2NormalizeEmail('ÄBC@example.com')).toBe('Äbc@example.com');
    expect(uid2NormalizeEmail('jane doe@example.com')).toBe('janedoe@example.com');
    expect(uid2NormalizeEmail('test@ gmail.com')).toBe('test@ gmail.com');
  });

  it('hashes the documented phone vector and the hashes seen in request examples', () => {
    expect(uid2Hash('+12345678901', sha256)).toBe('EObwtHBUqDNZR33LNSMdtt5cafsYFuGmuY4ZLenlue4=');
    expect(uid2Hash('user2@example.com', sha256)).toBe(
      'KzsrnOhCq4tqbGFMsflgS7ig1QLRr0nFJrcrEIlOlbU=',
    );
    expect(uid2Hash('+441234567890', sha256)).toBe('Rx8SW4ZyKqbPypXmswDNuq0SPxStFXBTG/yvPns/2NQ=');
    // The un-normalised gmail address hashes differently: normalising first matters.
    expect(uid2Hash('JANESaoirse@gmail.com', sha256)).toBe(
      'VpLXEp5N1bj/V1WzjgZsC+FfuYdntAOywSVIO00FD/E=',
    );
  });
});

describe('UID2 phone acceptance (external-apis.md §1.4)', () => {
  it.each([
    '+1234567890',
    '+12345678901',
    '+123456789012',
    '+1234567890123',
    '+12345678901234',
    '+123456789012345',
  ])('accepts %s', (phone) => expect(isUid2Phone(phone)).toBe(true));
  it.each([
    '',
    'asdaksjdakfj',
    'DH5qQFhi5ALrdqcPiib8cy0Hwykx6frpqxWCkR0uijs=',
    '+',
    '12345678',
    '123456789',
    '1234567890',
    '+12345678',
    '+123456789',
    '+ 12345678',
    '+ 1234 5678',
    '+1234567890123456',
    '+1234567890A',
    '+1234567890 ',
    '+1234567890+',
    '+12345+67890',
    '555-555-5555',
    '(555) 555-5555',
  ])('refuses %j', (phone) => expect(isUid2Phone(phone)).toBe(false));
});

describe('base64', () => {
  it.each([
    [[], ''],
    [[0x66], 'Zg=='],
    [[0x66, 0x6f], 'Zm8='],
    [[0x66, 0x6f, 0x6f], 'Zm9v'],
    [[0xff, 0xfe, 0xfd, 0xfc], '//79/A=='],
  ])('encodes %j as %s', (bytes, expected) => {
    expect(toBase64(new Uint8Array(bytes))).toBe(expected);
    expect(toBase64(new Uint8Array(bytes))).toBe(Buffer.from(bytes).toString('base64'));
  });
});

describe('email validity for import', () => {
  it.each([
    ['Jane.Doe@Example.com', 'jane.doe@example.com'],
    ['  jane+news@acme.co.uk ', 'jane+news@acme.co.uk'],
    ['mailto:sales@acme.io', 'sales@acme.io'],
    ["o'brien@acme.ie", "o'brien@acme.ie"],
  ])('accepts %j as %j', (cell, value) => {
    expect(normalizeEmail(cell)).toEqual({ ok: true, value });
  });
  it.each([
    'jane',
    'jane@',
    '@acme.com',
    'jane@acme',
    'jane@@acme.com',
    'jane..doe@acme.com',
    '.jane@acme.com',
    'jane.@acme.com',
    'jane doe@acme.com',
    'jane@acme.c',
    'jane@-acme.com',
    'jane@acme_corp.com',
    '=HYPERLINK("x")',
  ])('refuses %j', (cell) =>
    expect(normalizeEmail(cell)).toEqual({ ok: false, reason: 'email_invalid' }),
  );
  it.each(['', '  ', 'N/A', 'null', 'NULL', '-', undefined])('treats %j as missing', (cell) => {
    expect(normalizeEmail(cell)).toEqual({ ok: true, value: null });
    expect(isMissing(cell)).toBe(true);
  });
});

describe('phones to E.164', () => {
  it.each([
    ['1 (234) 567-8901', 'US', '+12345678901'],
    ['(415) 555-2671', 'US', '+14155552671'],
    ['0491 570 006', 'AU', '+61491570006'],
    ['+44 20 7946 0958', 'US', '+442079460958'],
    ['0044 20 7946 0958', undefined, '+442079460958'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['+49 30 901820', undefined, '+4930901820'],
  ] as const)('%j in %s → %s', (cell, country, value) => {
    expect(normalizePhone(cell, country)).toEqual({ ok: true, value });
  });
  it.each([
    ['555-0100', 'US'],
    ['12345', 'US'],
    ['not a phone', 'US'],
    ['020 7946 0958', undefined],
    ['+1 000 000 0000', undefined],
  ] as const)('refuses %j (default %s)', (cell, country) => {
    expect(normalizePhone(cell, country)).toEqual({ ok: false, reason: 'phone_invalid' });
  });
  it('knows which default countries it supports', () => {
    expect(phoneCountry('gb')).toBe('GB');
    expect(phoneCountry('ZZ')).toBeUndefined();
    expect(phoneCountry(null)).toBeUndefined();
  });
});

describe('company domains', () => {
  it.each([
    ['https://www.acme.com/about?x=1', 'acme.com'],
    ['WWW.Acme.com', 'acme.com'],
    ['shop.acme.co.uk', 'acme.co.uk'],
    ['acme.com.au/', 'acme.com.au'],
    ['jane@sales.acme.io', 'acme.io'],
    ['http://acme.com:8080', 'acme.com'],
    ['HTTPS://WWW.BÜCHER.DE/', 'bücher.de'],
    ['www.xn--bcher-kva.de', 'bücher.de'],
    ['https://shop.XN--BCHER-KVA.DE/x', 'bücher.de'],
  ])('%j → %j', (cell, value) => expect(normalizeDomain(cell)).toEqual({ ok: true, value }));
  it.each(['localhost', '192.168.0.1', 'acme', 'not a domain', 'co.uk', 'http://'])(
    'refuses %j',
    (cell) => expect(normalizeDomain(cell)).toEqual({ ok: false, reason: 'domain_invalid' }),
  );
  it('recognises free-mail providers, which never stand for a company', () => {
    expect(isFreeMailDomain('gmail.com')).toBe(true);
    expect(isFreeMailDomain('yahoo.co.uk')).toBe(true);
    expect(isFreeMailDomain('acme.com')).toBe(false);
    expect(companyDomainFromEmail('jane@gmail.com')).toBeNull();
    expect(companyDomainFromEmail('jane@eu.acme.com')).toBe('acme.com');
  });
});

describe('countries to ISO 3166-1 alpha-2', () => {
  it.each([
    ['US', 'US'],
    ['us', 'US'],
    ['United States', 'US'],
    ['USA', 'US'],
    ['United Kingdom', 'GB'],
    ['UK', 'GB'],
    ['germany', 'DE'],
    ['Deutschland', 'DE'],
    ['Côte d’Ivoire', 'CI'],
    [' France ', 'FR'],
  ])('%j → %s', (cell, value) => expect(normalizeCountry(cell)).toEqual({ ok: true, value }));
  it.each(['Atlantis', 'ZZ', 'XA'])('refuses %j', (cell) =>
    expect(normalizeCountry(cell)).toEqual({ ok: false, reason: 'country_unknown' }),
  );
  it('answers a cell seen before the same way', () => {
    for (const cell of ['France', ' France ', 'Atlantis', 'France', 'Atlantis']) {
      expect(normalizeCountry(cell)).toEqual(
        cell === 'Atlantis' ? { ok: false, reason: 'country_unknown' } : { ok: true, value: 'FR' },
      );
    }
  });
});

describe('text cells', () => {
  it('trims and collapses whitespace, treats placeholders as missing, bounds length', () => {
    expect(cleanText('  Jane \t  Doe ')).toEqual({ ok: true, value: 'Jane Doe' });
    expect(cleanText('N/A')).toEqual({ ok: true, value: null });
    expect(cleanText('x'.repeat(300))).toEqual({ ok: false, reason: 'too_long' });
  });

  // Cells built from pieces that stress the shortcuts: placeholders in any case, long and short
  // values, starting with a placeholder's first letter or not, and every kind of whitespace.
  const PLACEHOLDERS = ['', 'n/a', 'na', '#n/a', 'null', 'nil', 'none', '-', '--', 'undefined'];
  const pieces = [
    ...PLACEHOLDERS,
    '(blank)',
    'NULL',
    'None',
    'Undefined',
    'Jane',
    'Nora',
    'VP Marketing',
    'Müller',
    'İstanbul',
    'naïve',
    'x'.repeat(12),
    'undefined!',
  ];
  const spaces = ['', ' ', '  ', '\t', '\n', '\u00a0', '\u3000', '\ufeff', ' \t'];
  const cells = pieces.flatMap((piece) =>
    spaces.flatMap((before) =>
      spaces.flatMap((after) => [before + piece + after, piece + before + piece + after]),
    ),
  );

  it('tells missing cells exactly as trimming and lower-casing every cell would', () => {
    const plain = new Set([...PLACEHOLDERS, '(blank)']);
    for (const cell of cells)
      expect(isMissing(cell), cell).toBe(plain.has(cell.trim().toLowerCase()));
  });

  it('collapses whitespace exactly as replacing every run would', () => {
    for (const cell of cells) {
      const result = cleanText(cell, 1000);
      if (result.ok && result.value !== null) {
        expect(result.value, cell).toBe(cell.replace(/\s+/g, ' ').trim());
      }
    }
  });
});

describe('gaps the labelled accuracy corpus found', () => {
  it.each([
    ['GBR', 'GB'],
    ['deu', 'DE'],
    ['Turkey', 'TR'],
    ['Czech Republic', 'CZ'],
    ["Côte d'Ivoire", 'CI'],
    ['Ivory Coast', 'CI'],
    ['Northern Ireland', 'GB'],
    ['Republic of Ireland', 'IE'],
    ['Viet Nam', 'VN'],
    ['Bolivia, Plurinational State of', 'BO'],
    ['Korea, Republic of', 'KR'],
    ["Korea, Democratic People's Republic of", 'KP'],
  ])('reads the country %s as %s', (cell, code) => {
    expect(normalizeCountry(cell)).toEqual({ ok: true, value: code });
  });

  it.each(['ann@silverlake.comm', 'bob@hotmail.xom', 'x@corp.example', 'y@host.test'])(
    'refuses %s: the domain has no real public suffix',
    (cell) => expect(normalizeEmail(cell)).toEqual({ ok: false, reason: 'email_invalid' }),
  );

  it.each([
    'soylent.cmo',
    'www.kestrelpartners',
    'brightside_logistics.com',
    'https://www.red_rock.io/x',
  ])('refuses the website %s', (cell) =>
    expect(normalizeDomain(cell)).toEqual({ ok: false, reason: 'domain_invalid' }),
  );

  it('refuses the 555-0100 to 555-0199 numbers reserved for fiction, and keeps other 555 numbers', () => {
    expect(normalizePhone('312 555 0104', 'US')).toEqual({ ok: false, reason: 'phone_invalid' });
    expect(normalizePhone('+1-972-555-0199', undefined)).toEqual({
      ok: false,
      reason: 'phone_invalid',
    });
    expect(normalizePhone('(415) 555-2671', 'US')).toEqual({ ok: true, value: '+14155552671' });
  });
});
