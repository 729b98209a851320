import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

const page = (path: string) => exports.default.fetch(new Request(`http://app.test${path}`));

describe('the Worker serves the Remix app for everything outside /api and /parties', () => {
  it('renders the app shell on the server', async () => {
    const response = await page('/');
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    expect(html).toContain('P360 Audiences');
  });

  it('renders a 404 page for an unknown path', async () => {
    const response = await page('/definitely/not/a/page');
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/not found/i);
  });
});
