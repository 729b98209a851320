import { useFetcher, useNavigation, useRouteLoaderData } from '@remix-run/react';
import { isTheme, THEME_ACTION, THEME_FETCHER_KEY, type Theme } from '~/lib/theme';
import type { loader as rootLoader } from '~/root';

/**
 * The theme to render: a choice still being saved wins over the stored one, so switching feels
 * instant. Falls back to `system` when the root loader has no data (it threw).
 */
export function useTheme(): Theme {
  const root = useRouteLoaderData<typeof rootLoader>('root');
  const fetcher = useFetcher({ key: THEME_FETCHER_KEY });
  const navigation = useNavigation();

  const pending =
    fetcher.formData?.get('theme') ??
    (navigation.formAction === THEME_ACTION ? navigation.formData?.get('theme') : undefined);
  if (isTheme(pending)) return pending;
  return root?.theme ?? 'system';
}

/** Saves a theme choice; the root loader revalidates and re-renders <html> with it. */
export function useSetTheme(): (theme: Theme) => void {
  const fetcher = useFetcher({ key: THEME_FETCHER_KEY });
  return (theme) => fetcher.submit({ theme }, { method: 'post', action: THEME_ACTION });
}
