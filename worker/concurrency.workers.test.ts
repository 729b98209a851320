import { describe, expect, it } from 'vitest';
import { call, createOrg, signUp } from './test-support/accounts';

describe('concurrent requests', () => {
  // A libSQL client shared by the isolate's requests settles one request's promises with another's
  // I/O; workerd then cancels the waiting request as hung (a 500). Each request has its own client.
  it('all succeed when they hit the database at the same time', async () => {
    const user = await signUp('concurrent');
    await createOrg(user, 'Concurrent Co');
    const paths = ['/api/uploads', '/api/overview', '/api/audiences', '/api/audiences/fields'];
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        paths.map((path) => call(path, { cookie: user.cookie })),
      ).flat(),
    );
    expect(responses.map((r) => r.status)).toEqual(responses.map(() => 200));
  });
});
