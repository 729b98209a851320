// Colour theme preference, shared by the server (cookie) and the browser (switcher, inline script).

export const THEMES = ['light', 'dark', 'system'] as const;
export type Theme = (typeof THEMES)[number];

export const THEME_COOKIE = 'theme';
export const THEME_ACTION = '/resources/theme';
/** Fetcher key shared by every control that changes the theme, for optimistic UI. */
export const THEME_FETCHER_KEY = 'theme';

export function isTheme(value: unknown): value is Theme {
  return typeof value === 'string' && (THEMES as readonly string[]).includes(value);
}

/**
 * Runs inline in <head> before first paint. The server can't know the OS preference, so for
 * `system` the `dark` class is added here; explicit choices are already rendered by the server.
 * Kept tiny and dependency-free because it is serialised into every page.
 */
export const THEME_SCRIPT = `(()=>{const d=document.documentElement;if(d.dataset.theme==='system'&&matchMedia('(prefers-color-scheme: dark)').matches)d.classList.add('dark')})()`;
