import { z } from 'zod';

/** Messages per field name, as the API's `validation_failed` and zod's flattening both give them. */
export type FieldErrors = Partial<Record<string, string[]>>;

/** What an action answers when a form needs another try: shown beside the fields and above them. */
export interface FormProblem {
  fieldErrors: FieldErrors;
  /** A problem with the whole submission rather than one field (rate limit, expired link). */
  formError?: string;
  /** What was typed, to refill the form when it re-renders without JavaScript. Never passwords. */
  values?: Record<string, string>;
}

/**
 * Parses submitted form fields with a zod schema (usually built from core/contracts), so bad input
 * is answered here and never reaches the API.
 */
export function parseForm<S extends z.ZodType>(
  formData: FormData,
  schema: S,
): { ok: true; data: z.output<S> } | { ok: false; fieldErrors: FieldErrors } {
  const input = Object.fromEntries(formData);
  const parsed = schema.safeParse(input, {
    // A field missing from the submission reads better as "required" than as a type error.
    error: (issue) => (issue.input === undefined ? 'This field is required' : undefined),
  });
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
}

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return fieldErrors;
}

/** The submitted text fields to echo back, leaving out the named (secret) ones. */
export function formValues(
  formData: FormData,
  omit: readonly string[] = [],
): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of formData) {
    if (typeof value === 'string' && !omit.includes(name)) values[name] = value;
  }
  return values;
}

/** An empty form field means "not given". */
export function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
}
