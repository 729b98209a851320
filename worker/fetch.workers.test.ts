import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, createOrg, signUp } from './test-support/accounts';

const page = (path: string, cookie?: string) =>
  exports.default.fetch(
    new Request(`http://app.test${path}`, {
      headers: cookie ? { cookie } : {},
      redirect: 'manual',
    }),
  );

describe('the Worker serves the Remix app for everything outside /api and /parties', () => {
  it('sends a signed-out visitor to sign in, keeping where they were going', async () => {
    const response = await page('/audiences');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toMatch(/^\/sign-in\?redirectTo=%2Faudiences/);
  });

  it('renders the sign-in page on the server', async () => {
    const response = await page('/sign-in');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    expect(await response.text()).toContain('P360 Audiences');
  });

  it('renders the signed-in member’s organisation in the shell', async () => {
    const user = await signUp('shell');
    await createOrg(user, 'Shell Test Org');
    const response = await page('/', user.cookie);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Shell Test Org');
    expect((await call('/api/me', { cookie: user.cookie })).status).toBe(200);
  });

  it('renders a 404 page for an unknown path', async () => {
    const user = await signUp('notfound');
    await createOrg(user);
    const response = await page('/definitely/not/a/page', user.cookie);
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/not found/i);
  });
});
