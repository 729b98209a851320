import { readCookie, preferenceCookie } from '~/lib/cookies.server';
import { isTheme, THEME_COOKIE, type Theme } from '~/lib/theme';

export function getTheme(request: Request): Theme {
  const value = readCookie(request, THEME_COOKIE);
  return isTheme(value) ? value : 'system';
}

export function themeCookie(request: Request, theme: Theme): string {
  return preferenceCookie(request, THEME_COOKIE, theme);
}
