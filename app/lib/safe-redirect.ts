/**
 * Returns `to` if it is a path on this site, otherwise undefined. Guards redirects that take their
 * target from a form field against sending users to another origin ("//evil.example", "/\evil").
 */
export function safeRedirect(to: unknown): string | undefined {
  if (typeof to !== 'string' || !to.startsWith('/')) return undefined;
  if (to.startsWith('//') || to.startsWith('/\\')) return undefined;
  return to;
}
