import { Hono } from 'hono';
import {
  CreateOrganizationSchema,
  SetActiveOrganizationSchema,
} from '../../core/contracts/accounts';
import type { Principal } from '../auth/principal';
import { AppError } from '../lib/errors';
import { createOrganization, describeMe, setActiveOrganization } from '../services/organizations';
import type { ApiEnv } from './context';
import { requires } from './guard';
import { jsonBody } from './validate';

type UserPrincipal = Extract<Principal, { kind: 'user' }>;

function asUser(principal: Principal): UserPrincipal {
  if (principal.kind !== 'user')
    throw new AppError(403, 'needs_a_person', 'This needs a signed-in person, not an API token');
  return principal;
}

/** The signed-in person: who they are, their organisations, and switching or creating one. */
export const sessionRoutes = new Hono<ApiEnv>()
  .get('/me', requires('signed-in'), async (c) =>
    c.json(await describeMe(c.get('deps'), asUser(c.get('principal')))),
  )
  .post('/orgs', requires('signed-in'), jsonBody(CreateOrganizationSchema), async (c) => {
    const result = await createOrganization(
      c.get('deps'),
      asUser(c.get('principal')),
      c.get('actor'),
      c.req.valid('json'),
    );
    if (!result.ok)
      throw new AppError(409, 'slug_taken', 'That address is taken; choose another', {
        fieldErrors: { slug: ['Already in use'] },
      });
    return c.json(result.membership, 201);
  })
  .post('/orgs/active', requires('signed-in'), jsonBody(SetActiveOrganizationSchema), async (c) => {
    const principal = asUser(c.get('principal'));
    const { orgId } = c.req.valid('json');
    const result = await setActiveOrganization(c.get('deps'), principal, orgId);
    if (!result.ok) throw new AppError(404, 'not_found', 'No such organisation');
    return c.json(await describeMe(c.get('deps'), { ...principal, orgId, role: result.role }));
  });

export { asUser };
