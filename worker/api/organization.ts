import { Hono } from 'hono';
import { z } from 'zod';
import {
  AuditQuerySchema,
  CreateApiTokenSchema,
  CreateInvitationSchema,
  UpdateMemberRoleSchema,
} from '../../core/contracts/accounts';
import { createMailer } from '../auth/mailer';
import { getConfig } from '../config';
import { AppError } from '../lib/errors';
import { listAudit } from '../services/audit';
import { exportAudit } from '../services/audit-export';
import {
  cancelInvitation,
  createInvitation,
  listPendingInvitations,
} from '../services/invitations';
import { listMembers, removeMember, updateMemberRole } from '../services/members';
import { createToken, listTokens, revokeToken } from '../services/tokens';
import type { ApiEnv } from './context';
import { orgOf, requires } from './guard';
import { jsonBody, queryOf } from './validate';

const REFUSALS = {
  not_found: [404, 'No such item in this organisation'],
  role_above_yours: [403, 'You cannot grant or change a role above your own'],
  last_owner: [409, 'An organisation must keep at least one owner'],
  already_member: [409, 'That person is already a member'],
  needs_a_person: [403, 'This needs a signed-in person, not an API token'],
  invalid_cursor: [400, 'The page cursor is not valid; start from the first page'],
} as const;

/** Maps a service's expected failure onto the API's error funnel. */
function refuse(reason: keyof typeof REFUSALS): never {
  const [status, message] = REFUSALS[reason];
  throw new AppError(status, reason, message);
}

/** Everything scoped to the principal's active organisation: members, invitations, tokens, audit. */
export const organizationRoutes = new Hono<ApiEnv>()
  .get('/members', requires('member:view'), async (c) =>
    c.json({ members: await listMembers(c.get('tenant')) }),
  )
  .patch(
    '/members/:id',
    requires('member:update-role'),
    jsonBody(UpdateMemberRoleSchema),
    async (c) => {
      const actor = { ...c.get('actor'), role: orgOf(c.get('principal')).role };
      const result = await updateMemberRole(
        c.get('deps'),
        c.get('tenant'),
        actor,
        c.req.param('id'),
        c.req.valid('json').role,
      );
      return result.ok ? c.json(result.member) : refuse(result.reason);
    },
  )
  .delete('/members/:id', requires('member:remove'), async (c) => {
    const actor = { ...c.get('actor'), role: orgOf(c.get('principal')).role };
    const result = await removeMember(c.get('deps'), c.get('tenant'), actor, c.req.param('id'));
    return result.ok ? c.body(null, 204) : refuse(result.reason);
  })
  .get('/invitations', requires('member:view'), async (c) =>
    c.json({ invitations: await listPendingInvitations(c.get('tenant')) }),
  )
  .post('/invitations', requires('member:invite'), jsonBody(CreateInvitationSchema), async (c) => {
    const principal = c.get('principal');
    const actor = {
      ...c.get('actor'),
      role: orgOf(principal).role,
      userId: principal.kind === 'user' ? principal.userId : null,
    };
    const deps = c.get('deps');
    const mailer = createMailer(deps, getConfig(c.env).APP_ENV);
    const origin = new URL(c.req.url).origin;
    const result = await createInvitation(
      deps,
      c.get('tenant'),
      actor,
      mailer,
      origin,
      c.req.valid('json'),
    );
    return result.ok ? c.json(result.invitation, 201) : refuse(result.reason);
  })
  .delete('/invitations/:id', requires('member:invite'), async (c) => {
    const result = await cancelInvitation(
      c.get('deps'),
      c.get('tenant'),
      c.get('actor'),
      c.req.param('id'),
    );
    return result.ok ? c.body(null, 204) : refuse(result.reason);
  })
  .get('/tokens', requires('token:view'), async (c) =>
    c.json({ tokens: await listTokens(c.get('tenant')) }),
  )
  .post('/tokens', requires('token:create'), jsonBody(CreateApiTokenSchema), async (c) => {
    const principal = c.get('principal');
    const actor = {
      ...c.get('actor'),
      role: orgOf(principal).role,
      userId: principal.kind === 'user' ? principal.userId : null,
    };
    const result = await createToken(c.get('deps'), c.get('tenant'), actor, c.req.valid('json'));
    if (!result.ok) return refuse(result.reason);
    c.header('cache-control', 'no-store');
    return c.json({ token: result.token, secret: result.secret }, 201);
  })
  .delete('/tokens/:id', requires('token:revoke'), async (c) => {
    const result = await revokeToken(
      c.get('deps'),
      c.get('tenant'),
      c.get('actor'),
      c.req.param('id'),
    );
    return result.ok ? c.body(null, 204) : refuse(result.reason);
  })
  .get('/audit', requires('audit:view'), queryOf(AuditQuerySchema), async (c) => {
    const result = await listAudit(c.get('tenant'), c.req.valid('query'));
    return result.ok ? c.json(result.page) : refuse(result.reason);
  })
  .get(
    '/audit/export',
    requires('audit:view'),
    queryOf(AuditQuerySchema.extend({ format: z.enum(['csv', 'json']).default('csv') })),
    async (c) => {
      const { format, ...query } = c.req.valid('query');
      const file = await exportAudit(c.get('deps'), c.get('tenant'), c.get('actor'), query, format);
      return c.body(file.body, 200, {
        'content-type': file.contentType,
        'content-disposition': `attachment; filename="${file.filename}"`,
        'cache-control': 'no-store',
      });
    },
  );
