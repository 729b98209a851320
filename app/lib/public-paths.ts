/**
 * Pages a signed-out visitor may open. Every other page sends them to sign in first (the root
 * loader), and a signed-in person without an organisation to onboarding.
 */
const PUBLIC_PATHS = [
  '/sign-in',
  '/sign-up',
  '/forgot-password',
  '/reset-password',
  '/dev/mail',
  '/resources/theme',
];
const PUBLIC_PREFIXES = ['/accept-invitation/'];

export function isPublicPath(pathname: string): boolean {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return PUBLIC_PATHS.includes(path) || PUBLIC_PREFIXES.some((prefix) => path.startsWith(prefix));
}

/** Where a signed-in person without an organisation creates or chooses one. */
export const ONBOARDING_PATH = '/onboarding';
