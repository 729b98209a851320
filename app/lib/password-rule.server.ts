import { PasswordSchema } from '../../core/contracts/accounts';

/**
 * The password rule from the contract, stated up front wherever a password is chosen so nobody
 * learns it from an error. Server-only: pages receive it as loader data, which keeps zod out of
 * the browser bundle.
 */
export function passwordRule() {
  const minLength = PasswordSchema.minLength ?? 12;
  return {
    minLength,
    text: `Use at least ${minLength} characters. A few unrelated words make a strong, memorable passphrase.`,
  };
}
