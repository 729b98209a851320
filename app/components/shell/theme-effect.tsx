import { useEffect, useLayoutEffect } from 'react';
import type { Theme } from '~/lib/theme';

// useLayoutEffect warns when rendered on the server; it only matters in the browser anyway.
const useBrowserLayoutEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect;

/**
 * Keeps the `dark` class on <html> in step with the theme after hydration: follows the OS while the
 * theme is `system` (the inline script in <head> only handles first paint), and re-applies it
 * before paint whenever React re-renders <html>'s className.
 */
export function ThemeEffect({ theme }: { theme: Theme }) {
  useBrowserLayoutEffect(() => {
    const root = document.documentElement;
    if (theme !== 'system') {
      root.classList.toggle('dark', theme === 'dark');
      return;
    }
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => root.classList.toggle('dark', query.matches);
    apply();
    query.addEventListener('change', apply);
    return () => query.removeEventListener('change', apply);
  }, [theme]);
  return null;
}
