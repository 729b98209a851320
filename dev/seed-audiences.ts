// Demo audiences for a fresh local install, built through the running app as the demo editor would
// build them, over the demo lists (run after seed-uploads.ts). Idempotent: nothing happens once the
// demo organisation has any audience.
import type { Definition } from '../core/audience/definition';
import type { AudienceList } from '../core/contracts/audiences';
import type { UploadList } from '../core/contracts/uploads';
import { DEMO_USERS } from './seed';
import { signIn, type StackSession } from './upload-client';

async function api<T>(session: StackSession, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${session.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      origin: session.url,
      cookie: session.cookie,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const definition = (children: Definition['root']['children']): Definition => ({
  version: 1,
  root: { id: 'root', kind: 'group', op: 'and', children },
});

export async function seedDemoAudiences(url: string): Promise<number> {
  const editor = DEMO_USERS.find((u) => u.role === 'editor')!;
  const session = await signIn(url, editor.email, editor.password);
  const existing = await api<AudienceList>(session, '/api/audiences?status=all&limit=1');
  if (existing.audiences.length) return 0;
  const { uploads } = await api<UploadList>(session, '/api/uploads?pageSize=100');
  const webinar = uploads.find((u) => u.name.startsWith('Webinar'));
  const tradeShow = uploads.find((u) => u.name.startsWith('Trade show'));
  if (!webinar || !tradeShow) return 0;

  const create = async (name: string, description: string, d: Definition) => {
    const audience = await api<{ id: string }>(session, '/api/audiences', {
      name,
      description,
      tags: ['demo'],
      definition: d,
    });
    await api(session, `/api/audiences/${audience.id}/versions`, { note: 'Seeded' });
    return audience.id;
  };
  const seniorUk = await create(
    'Senior decision makers — UK',
    'VPs, directors and the C-suite in the United Kingdom',
    definition([
      { id: 'uk', kind: 'rule', field: 'country', op: 'eq', value: 'GB' },
      {
        id: 'senior',
        kind: 'rule',
        field: 'seniority',
        op: 'in',
        value: ['VP', 'Director', 'C-Level'],
      },
    ]),
  );
  await create(
    'Webinar attendees not met in Berlin',
    'Attended the Q3 webinar, not on the Berlin trade show list',
    definition([
      { id: 'webinar', kind: 'list', uploadIds: [webinar.id], match: 'any' },
      { id: 'berlin', kind: 'list', not: true, uploadIds: [tradeShow.id], match: 'any' },
    ]),
  );
  await create(
    'UK decision makers from the webinar',
    'Senior decision makers — UK who attended the webinar',
    definition([
      { id: 'senior-uk', kind: 'audience', audienceId: seniorUk },
      { id: 'webinar', kind: 'list', uploadIds: [webinar.id], match: 'any' },
    ]),
  );
  await create(
    'Software buyers with an email',
    'Anyone in software we can reach by email',
    definition([
      { id: 'software', kind: 'rule', field: 'industry', op: 'eq', value: 'Software' },
      { id: 'email', kind: 'rule', field: 'has_email', op: 'is_true' },
    ]),
  );
  return 4;
}
