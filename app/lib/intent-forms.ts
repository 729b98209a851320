import { z } from 'zod';
import { BomboraSettingsInputSchema, type BomboraSettingsInput } from '../../core/contracts/intent';
import { fieldErrorsOf, type FieldErrors } from '~/lib/forms';

// The Bombora settings page's form fields, read into the API's bodies (routes/integrations.bombora.tsx).

const Blank = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const Checkbox = z.literal('on').optional().transform(Boolean);

/** The connection form's fields, before they become a BomboraSettingsInput. */
const ConnectionFormSchema = z.object({
  mode: z.enum(['intent', 'legacy']),
  storedMode: z.preprocess(Blank, z.enum(['intent', 'legacy']).optional()),
  enabled: Checkbox,
  clientId: z.preprocess(Blank, z.string().trim().optional()),
  clientSecret: z.preprocess(Blank, z.string().optional()),
  username: z.preprocess(Blank, z.string().trim().optional()),
  password: z.preprocess(Blank, z.string().optional()),
  surgeThreshold: z.coerce
    .number('Enter a number from 0 to 100')
    .int('Use a whole number')
    .min(0, 'Use 0 to 100')
    .max(100, 'Use 0 to 100'),
  dailyCallQuota: z.coerce
    .number('Enter a number')
    .int('Use a whole number')
    .min(10, 'At least 10 calls a day')
    .max(1_000_000, 'At most 1,000,000 calls a day'),
  onlyKnownDomains: Checkbox,
  enrichCompanies: Checkbox,
  alertWebhookUrl: z.preprocess(Blank, z.string().trim().optional()),
  removeWebhook: Checkbox,
});

export const CREDENTIAL_FIELDS = {
  intent: ['clientId', 'clientSecret'],
  legacy: ['username', 'password'],
} as const;

/** Form fields → the PUT body; field errors when the form alone can tell something is missing. */
export function connectionBody(
  formData: FormData,
): { ok: true; body: BomboraSettingsInput } | { ok: false; fieldErrors: FieldErrors } {
  const form = ConnectionFormSchema.safeParse(Object.fromEntries(formData));
  if (!form.success) return { ok: false, fieldErrors: fieldErrorsOf(form.error) };
  const f = form.data;
  const [idField, secretField] = CREDENTIAL_FIELDS[f.mode];
  const id = f[idField];
  const secret = f[secretField];
  // New credentials are needed to connect, and when switching API (stored ones are the other API's).
  const required = f.storedMode !== f.mode;
  const fieldErrors: FieldErrors = {};
  if (id || secret || required) {
    if (!id) fieldErrors[idField] = ['Enter this to connect'];
    if (!secret) fieldErrors[secretField] = ['Enter this to connect'];
  }
  if (Object.keys(fieldErrors).length) return { ok: false, fieldErrors };
  const credentials =
    id && secret
      ? f.mode === 'intent'
        ? { clientId: id, clientSecret: secret }
        : { username: id, password: secret }
      : undefined;
  const body = BomboraSettingsInputSchema.safeParse({
    mode: f.mode,
    enabled: f.enabled,
    ...(credentials ? { credentials } : {}),
    surgeThreshold: f.surgeThreshold,
    dailyCallQuota: f.dailyCallQuota,
    onlyKnownDomains: f.onlyKnownDomains,
    enrichCompanies: f.enrichCompanies,
    ...(f.removeWebhook
      ? { alertWebhookUrl: null }
      : f.alertWebhookUrl
        ? { alertWebhookUrl: f.alertWebhookUrl }
        : {}),
  });
  if (!body.success)
    return { ok: false, fieldErrors: renameFields(fieldErrorsOf(body.error), f.mode) };
  return { ok: true, body: body.data };
}

/** The API (and the contract) name credential fields `credentials.clientId`; the form `clientId`. */
export function renameFields(errors: FieldErrors, mode: 'intent' | 'legacy'): FieldErrors {
  const out: FieldErrors = {};
  for (const [name, messages] of Object.entries(errors)) {
    const field = name.startsWith('credentials.')
      ? name.slice('credentials.'.length)
      : name === 'credentials'
        ? CREDENTIAL_FIELDS[mode][0]
        : name;
    (out[field] ??= []).push(...(messages ?? []));
  }
  return out;
}
