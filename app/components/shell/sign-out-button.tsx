import { Form } from '@remix-run/react';
import { LogOut } from 'lucide-react';
import { Button, type ButtonProps } from '~/components/ui/button';

export const SIGN_OUT_ACTION = '/sign-out';

/** A plain POST form, so signing out works without JavaScript (Settings, onboarding). */
export function SignOutButton({
  variant = 'secondary',
  size = 'sm',
  redirectTo,
}: Pick<ButtonProps, 'variant' | 'size'> & {
  /** Where to return after signing in again (sign-in's `redirectTo`). */
  redirectTo?: string;
}) {
  return (
    <Form method="post" action={SIGN_OUT_ACTION}>
      {redirectTo ? <input type="hidden" name="redirectTo" value={redirectTo} /> : null}
      <Button type="submit" variant={variant} size={size}>
        <LogOut aria-hidden="true" />
        Sign out
      </Button>
    </Form>
  );
}
