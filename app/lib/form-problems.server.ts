import type { ApiFailure } from '~/lib/api.server';
import type { FieldErrors, FormProblem } from '~/lib/forms';

export const TOO_MANY_ATTEMPTS = 'Too many attempts, try again in a minute';

/**
 * The message for an API failure the form has no better words for: the API's own message for
 * expected refusals (4xx), a generic one with the request id for server errors.
 */
export function formErrorFor(failure: ApiFailure): string {
  if (failure.status === 429) return TOO_MANY_ATTEMPTS;
  if (failure.status < 500) return failure.message;
  const quote = failure.requestId
    ? ` If it keeps happening, quote request ${failure.requestId}.`
    : '';
  return `Something went wrong on our side. Try again in a moment.${quote}`;
}

/**
 * Maps an API failure onto a form: field errors the API named (validation_failed) beside their
 * fields, everything else above the form. `fieldNames` renames API fields to the form's.
 */
export function problemFrom(
  failure: ApiFailure,
  values: Record<string, string>,
  fieldNames: Record<string, string> = {},
): FormProblem {
  if (failure.fieldErrors && Object.keys(failure.fieldErrors).length > 0) {
    const fieldErrors: FieldErrors = {};
    for (const [name, messages] of Object.entries(failure.fieldErrors)) {
      (fieldErrors[fieldNames[name] ?? name] ??= []).push(...messages);
    }
    return { fieldErrors, values };
  }
  return { fieldErrors: {}, formError: formErrorFor(failure), values };
}
