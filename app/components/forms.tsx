import { CircleAlert } from 'lucide-react';
import {
  useEffect,
  type InputHTMLAttributes,
  type ReactNode,
  type RefObject,
  type SelectHTMLAttributes,
} from 'react';
import { Callout } from '~/components/ui/callout';
import { Input, Select } from '~/components/ui/input';
import { cn } from '~/lib/utils';

interface FieldFrameProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[];
  /** Visually hide the label (it is still the control's accessible name), e.g. inside a table row. */
  hideLabel?: boolean;
  className?: string;
  children: ReactNode;
}

/** The ids a control points at with aria-describedby: its hint first, then its error. */
function describedBy(id: string, hint: unknown, errors: string[] | undefined) {
  const ids = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function FieldFrame({ id, label, hint, errors, hideLabel, className, children }: FieldFrameProps) {
  return (
    <div className={cn('space-y-1.5', className)}>
      <label
        htmlFor={id}
        className={cn('block text-sm font-medium text-foreground', hideLabel && 'sr-only')}
      >
        {label}
      </label>
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
      {children}
      <FieldError id={`${id}-error`} errors={errors} />
    </div>
  );
}

export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className="flex items-start gap-1.5 text-sm text-danger">
      <CircleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
      <span>{errors.join(' ')}</span>
    </p>
  );
}

type FieldProps = Omit<FieldFrameProps, 'children' | 'id'> & { name: string; id?: string };

/** A labelled input with an optional hint and its errors, tied together for assistive technology. */
export function TextField({
  name,
  id = name,
  label,
  hint,
  errors,
  hideLabel,
  className,
  ...input
}: FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'name' | 'id'>) {
  const invalid = Boolean(errors?.length);
  return (
    <FieldFrame
      id={id}
      label={label}
      hint={hint}
      errors={errors}
      hideLabel={hideLabel}
      className={className}
    >
      <Input
        id={id}
        name={name}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(id, hint, errors)}
        {...input}
      />
    </FieldFrame>
  );
}

export function SelectField({
  name,
  id = name,
  label,
  hint,
  errors,
  hideLabel,
  className,
  children,
  ...select
}: FieldProps & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'name' | 'id'>) {
  const invalid = Boolean(errors?.length);
  return (
    <FieldFrame
      id={id}
      label={label}
      hint={hint}
      errors={errors}
      hideLabel={hideLabel}
      className={className}
    >
      <Select
        id={id}
        name={name}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(id, hint, errors)}
        {...select}
      >
        {children}
      </Select>
    </FieldFrame>
  );
}

/**
 * A problem with the whole submission, announced at once (role="alert") and focusable so the
 * form can move focus to it when no single field is to blame.
 */
export function FormAlert({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <Callout tone="danger" role="alert" tabIndex={-1} data-form-alert="" className={className}>
      {children}
    </Callout>
  );
}

/**
 * After a failed submission, moves focus to the first field marked invalid, or else to the form's
 * alert, so keyboard and screen reader users land on what needs fixing. Runs whenever a new set of
 * errors arrives (each action answer is a new object). Without JavaScript the first invalid field
 * carries `autoFocus` instead (see `firstInvalid`).
 */
export function useFocusFirstError(
  containerRef: RefObject<HTMLElement | null>,
  problem: object | null | undefined,
) {
  useEffect(() => {
    const container = containerRef.current;
    if (!problem || !container) return;
    const target =
      container.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      container.querySelector<HTMLElement>('[data-form-alert]');
    target?.focus();
  }, [containerRef, problem]);
}

/**
 * Focuses an element when it appears (a confirmation step, a one-time secret). React's `autoFocus`
 * only covers form controls; the attribute itself still helps the first, server-rendered paint.
 */
export function useFocusOnMount(ref: RefObject<HTMLElement | null>) {
  useEffect(() => ref.current?.focus(), [ref]);
}

/** Which of the fields (in form order) should take focus on a page rendered with errors. */
export function firstInvalid(
  fieldErrors: Partial<Record<string, string[]>> | undefined,
  order: readonly string[],
): string | undefined {
  return order.find((name) => fieldErrors?.[name]?.length);
}

/** A checkbox with its label beside it and an optional hint under the label. */
export function CheckboxField({
  name,
  id,
  label,
  hint,
  defaultChecked,
}: {
  name: string;
  id: string;
  label: string;
  hint?: string;
  defaultChecked?: boolean;
}) {
  return (
    <div className="flex items-start gap-2">
      <input
        id={id}
        name={name}
        type="checkbox"
        defaultChecked={defaultChecked}
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="mt-0.5 size-4 shrink-0 accent-primary"
      />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-foreground">
          {label}
        </label>
        {hint ? (
          <p id={`${id}-hint`} className="text-xs text-muted-foreground">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}
