export const PRODUCT_NAME = 'P360 Audiences';

/** "Uploads · P360 Audiences" */
export function pageTitle(page?: string): string {
  return page ? `${page} · ${PRODUCT_NAME}` : PRODUCT_NAME;
}
