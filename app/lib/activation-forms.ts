import { z } from 'zod';
import {
  DestinationInputSchema,
  ExportInputSchema,
  type DestinationInput,
  type ExportInput,
} from '../../core/contracts/activation';
import { fieldErrorsOf, type FieldErrors } from '~/lib/forms';

// The Trade Desk pages' form fields, read into the API's bodies (routes/integrations.ttd.*).

const Blank = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const Checkbox = z.literal('on').optional().transform(Boolean);

const DestinationFormSchema = z.object({
  name: z.string(),
  advertiserId: z.string(),
  region: z.string(),
  authMode: z.string(),
  secret: z.preprocess(Blank, z.string().optional()),
  alertWebhookUrl: z.preprocess(Blank, z.string().trim().optional()),
  removeWebhook: Checkbox,
  failureAlertPercent: z.preprocess(Blank, z.coerce.number().optional()),
});

/** Destination form → POST/PATCH body. A blank secret keeps the stored one (required to create). */
export function destinationBody(
  formData: FormData,
  creating: boolean,
): { ok: true; body: DestinationInput } | { ok: false; fieldErrors: FieldErrors } {
  const form = DestinationFormSchema.safeParse(Object.fromEntries(formData));
  if (!form.success) return { ok: false, fieldErrors: fieldErrorsOf(form.error) };
  const f = form.data;
  if (creating && !f.secret) {
    return {
      ok: false,
      fieldErrors: { secret: ['Enter the token or secret key to add the destination'] },
    };
  }
  const candidate = {
    name: f.name,
    advertiserId: f.advertiserId,
    region: f.region,
    authMode: f.authMode,
    ...(f.secret ? { secret: f.secret } : {}),
    ...(f.removeWebhook
      ? { alertWebhookUrl: null }
      : f.alertWebhookUrl
        ? { alertWebhookUrl: f.alertWebhookUrl }
        : {}),
    failureAlertPercent: f.failureAlertPercent ?? 5,
  };
  const parsed = DestinationInputSchema.safeParse(candidate);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  return { ok: true, body: candidate as DestinationInput };
}

const ExportFormSchema = z.object({
  name: z.string(),
  destinationId: z.string(),
  ttlDays: z.coerce.number('Enter a number of days'),
  schedule: z.string(),
  enabled: Checkbox,
});

/**
 * Export form → POST/PATCH body. The audiences arrive as repeated `audienceId` / `segmentName`
 * fields in their priority order; errors keep the API's paths (`audiences.0.segmentName`).
 */
export function exportBody(
  formData: FormData,
): { ok: true; body: ExportInput } | { ok: false; fieldErrors: FieldErrors } {
  const form = ExportFormSchema.safeParse(Object.fromEntries(formData));
  if (!form.success) return { ok: false, fieldErrors: fieldErrorsOf(form.error) };
  const ids = formData.getAll('audienceId').map(String);
  const segments = formData.getAll('segmentName').map(String);
  const candidate = {
    name: form.data.name,
    destinationId: form.data.destinationId,
    audiences: ids.map((audienceId, i) => ({ audienceId, segmentName: segments[i] ?? '' })),
    ttlDays: form.data.ttlDays,
    schedule: form.data.schedule,
    enabled: form.data.enabled,
  };
  const parsed = ExportInputSchema.safeParse(candidate);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  return { ok: true, body: candidate };
}
