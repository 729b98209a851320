// Whether the desktop sidebar is collapsed to icons. Stored in a cookie (written by the browser)
// so the server renders the right width and nothing shifts on load.

export const SIDEBAR_COOKIE = 'sidebar';

export function sidebarCookieValue(collapsed: boolean): string {
  return `${SIDEBAR_COOKIE}=${collapsed ? 'collapsed' : 'expanded'}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
