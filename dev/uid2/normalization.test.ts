// Every normalisation vector of external-apis.md §1.4, sent through /v3/identity/map: a valid
// email or phone maps to the same raw UID2 as its documented hash; invalid inputs are
// "invalid identifier".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashIdentifier, normalizeEmail } from './normalize';
import { startTestSim, type TestSim } from './test-support';

let t: TestSim;
beforeAll(async () => {
  t = await startTestSim();
});
afterAll(() => t.stop());

type V3 = { body: Record<string, { u?: string; e?: string }[]> };

async function v3(payload: Record<string, string[]>): Promise<V3['body']> {
  const res = await t.call('/v3/identity/map', payload);
  expect(res.status).toBe(200);
  return (res.body as V3).body;
}

/** [input, normalised, Base64 SHA-256] — docs table and operator/SDK test suites. */
const VALID_EMAILS: [string, string, string][] = [
  ['USER@example.com', 'user@example.com', 'tMmiiTI7IaAcPpQPFQ65uMVCWH8av9jw4cwf/F5HVRQ='],
  ['MyEmail@example.com', 'myemail@example.com', 'FsGNM28LJQ8OLZB0Us65ZYp07NrovJSGTCMSKnLMJ6U='],
  ['MYEMAIL@example.com', 'myemail@example.com', 'FsGNM28LJQ8OLZB0Us65ZYp07NrovJSGTCMSKnLMJ6U='],
  ['My.Email@example.com', 'my.email@example.com', '4itTvG+HEnTzpiqzejyu1yFPwU1nYhWpaiQvz62hyB8='],
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
  ['user2@example.com', 'user2@example.com', 'KzsrnOhCq4tqbGFMsflgS7ig1QLRr0nFJrcrEIlOlbU='],
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
  ['  test.test@gmail.com  ', 'testtest@gmail.com', 'LkLfFrut8Tc3h/fIvYDiBKSbaMiau/DtaLBPQYszdMw='],
  ['TEstTEst@gmail.com  ', 'testtest@gmail.com', 'LkLfFrut8Tc3h/fIvYDiBKSbaMiau/DtaLBPQYszdMw='],
  ['TEstTEst@GMail.Com  ', 'testtest@gmail.com', 'LkLfFrut8Tc3h/fIvYDiBKSbaMiau/DtaLBPQYszdMw='],
  [' TEstTEst@GMail.Com  ', 'testtest@gmail.com', 'LkLfFrut8Tc3h/fIvYDiBKSbaMiau/DtaLBPQYszdMw='],
  ['TEstTEst@GMail.Com', 'testtest@gmail.com', 'LkLfFrut8Tc3h/fIvYDiBKSbaMiau/DtaLBPQYszdMw='],
  ['TEst.TEst@GMail.Com', 'testtest@gmail.com', 'LkLfFrut8Tc3h/fIvYDiBKSbaMiau/DtaLBPQYszdMw='],
  ['TEst.TEst+123@GMail.Com', 'testtest@gmail.com', 'LkLfFrut8Tc3h/fIvYDiBKSbaMiau/DtaLBPQYszdMw='],
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
  // Derived from the operator's algorithm (§1.1).
  [
    'Jane.Doe+x@GoogleMail.com',
    'jane.doe+x@googlemail.com',
    hashIdentifier('jane.doe+x@googlemail.com'),
  ],
  ['jane doe@example.com', 'janedoe@example.com', hashIdentifier('janedoe@example.com')],
  ['test@ gmail.com', 'test@ gmail.com', hashIdentifier('test@ gmail.com')],
  ['x@gmail.com.', 'x@gmail.com.', hashIdentifier('x@gmail.com.')],
  ['ÄBC@example.com', 'Äbc@example.com', hashIdentifier('Äbc@example.com')],
  [' a.b@gmail.com\t', 'a.b@gmail.com\t', hashIdentifier('a.b@gmail.com\t')],
];

const INVALID_EMAILS = [
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
];

const VALID_PHONES = [
  '+1234567890',
  '+12345678901',
  '+123456789012',
  '+1234567890123',
  '+12345678901234',
  '+123456789012345',
];

const INVALID_PHONES = [
  '',
  'asdaksjdakfj',
  'DH5qQFhi5ALrdqcPiib8cy0Hwykx6frpqxWCkR0uijs=',
  '0C7E6A405862E402EB76A70F8A26FC732D07C32931E9FAE9AB1582911D2E8A3B',
  '+',
  '12345678',
  '123456789',
  '1234567890',
  '+12345678',
  '+123456789',
  '+ 12345678',
  '+ 123456789',
  '+ 1234 5678',
  '+ 1234 56789',
  '+1234567890123456',
  '+1234567890A',
  '+1234567890 ',
  '+1234567890+',
  '+12345+67890',
  '555-555-5555',
  '(555) 555-5555',
];

const FOO_HASH = 'DH5qQFhi5ALrdqcPiib8cy0Hwykx6frpqxWCkR0uijs=';
const VALID_HASHES = [
  FOO_HASH,
  '0C7E6A405862E402EB76A70F8A26FC732D07C32931E9FAE9AB1582911D2E8A3B',
  '0c7e6a405862e402eb76a70f8a26fc732d07c32931e9fae9ab1582911d2e8a3b',
];
const INVALID_HASHES = [
  '',
  'asdaksjdakfj',
  'DH5qQFhi5ALrdqcPiib8cy0Hwykx6frpqxWCkR0uijs',
  'QFhi5ALrdqcPiib8cy0Hwykx6frpqxWCkR0uijs',
  '0Z7E6A405862E402EB76A70F8A26FC732D07C32931E9FAE9AB1582911D2E8A3B',
  '0C7E6A405862E402EB76A70F8A26FC732D07C32931E9FAE9AB1582911D2E8A3B00',
  '0C7E6A405862E402EB76A70F8A26FC732D07C32931E9FAE9AB1582911D2E8A3B0000',
];

describe('emails', () => {
  it.each(VALID_EMAILS)('normalises %j to %j', (input, normalized, hash) => {
    expect(normalizeEmail(input)).toBe(normalized);
    expect(hashIdentifier(normalized)).toBe(hash);
  });

  it('maps every valid email to the raw UID2 of its documented hash', async () => {
    const byEmail = await v3({ email: VALID_EMAILS.map((v) => v[0]) });
    const byHash = await v3({ email_hash: VALID_EMAILS.map((v) => v[2]) });
    expect(byEmail.email).toHaveLength(VALID_EMAILS.length);
    byEmail.email?.forEach((item, i) => {
      expect(item.u, VALID_EMAILS[i]?.[0]).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      expect(item).toEqual(byHash.email_hash?.[i]);
    });
  });

  it('does not treat an un-normalised hash as the normalised one', async () => {
    const body = await v3({
      email_hash: [
        'VpLXEp5N1bj/V1WzjgZsC+FfuYdntAOywSVIO00FD/E=',
        'ku4mBX7Z3qJTXWyLFB1INzkyR2WZGW4ANSJUiW21iI8=',
      ],
    });
    expect(body.email_hash?.[0]?.u).not.toBe(body.email_hash?.[1]?.u);
  });

  it('answers "invalid identifier" for every invalid email', async () => {
    const body = await v3({ email: INVALID_EMAILS });
    expect(body.email).toEqual(INVALID_EMAILS.map(() => ({ e: 'invalid identifier' })));
  });
});

describe('phones', () => {
  it('maps every valid phone to the raw UID2 of its hash', async () => {
    const byPhone = await v3({ phone: [...VALID_PHONES, '+12345678901'] });
    const byHash = await v3({
      phone_hash: [
        ...VALID_PHONES.map(hashIdentifier),
        'EObwtHBUqDNZR33LNSMdtt5cafsYFuGmuY4ZLenlue4=',
      ],
    });
    byPhone.phone?.forEach((item, i) => {
      expect(item.u).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      expect(item).toEqual(byHash.phone_hash?.[i]);
    });
  });

  it('answers "invalid identifier" for every invalid phone', async () => {
    const body = await v3({ phone: INVALID_PHONES });
    expect(body.phone).toEqual(INVALID_PHONES.map(() => ({ e: 'invalid identifier' })));
  });
});

describe('hashes', () => {
  it('accepts Base64 and upper- or lower-case hex for the same hash', async () => {
    const body = await v3({ email_hash: VALID_HASHES, phone_hash: VALID_HASHES });
    const u = body.email_hash?.[0]?.u;
    expect(u).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(body.email_hash?.map((x) => x.u)).toEqual([u, u, u]);
    expect(body.phone_hash?.map((x) => x.u)).toEqual([u, u, u]);
    expect((await v3({ email: ['foo@bar.com'] })).email?.[0]?.u).toBe(u);
  });

  it('answers "invalid identifier" for every invalid hash', async () => {
    const body = await v3({ email_hash: INVALID_HASHES, phone_hash: INVALID_HASHES });
    const invalid = INVALID_HASHES.map(() => ({ e: 'invalid identifier' }));
    expect(body.email_hash).toEqual(invalid);
    expect(body.phone_hash).toEqual(invalid);
  });
});
