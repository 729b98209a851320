import type { Context, MiddlewareHandler, ValidationTargets } from 'hono';
import { validator } from 'hono/validator';
import type { z } from 'zod';
import { AppError } from '../lib/errors';

/**
 * zod at the edge: parse a part of the request once, or answer 400 `validation_failed` with the
 * messages per field, so forms can show each error beside its input.
 */
function validate<Target extends keyof ValidationTargets, Schema extends z.ZodType>(
  target: Target,
  schema: Schema,
) {
  return validator(target, (value, _c: Context) => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path.join('.') || '_';
        (fieldErrors[key] ??= []).push(issue.message);
      }
      throw new AppError(400, 'validation_failed', 'Some fields need attention', { fieldErrors });
    }
    return parsed.data as z.output<Schema>;
  }) as unknown as MiddlewareHandler<
    object,
    string,
    { in: { [K in Target]: z.input<Schema> }; out: { [K in Target]: z.output<Schema> } }
  >;
}

export const jsonBody = <Schema extends z.ZodType>(schema: Schema) => validate('json', schema);
export const queryOf = <Schema extends z.ZodType>(schema: Schema) => validate('query', schema);
