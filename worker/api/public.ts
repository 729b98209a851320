import { Hono } from 'hono';
import { getConfig } from '../config';
import { AppError } from '../lib/errors';
import { listDevMail } from '../services/dev-mail';
import { acceptInvitation, previewInvitation } from '../services/invitations';
import type { ApiEnv } from './context';
import { requires } from './guard';
import { asUser } from './session';

/** Invitation links (open to the invitee before they have an account) and the local mailbox. */
export const invitationLinkRoutes = new Hono<ApiEnv>()
  .get('/invitations/:id/preview', async (c) => {
    const preview = await previewInvitation(c.get('deps'), c.req.param('id'));
    if (!preview) throw new AppError(404, 'not_found', 'This invitation does not exist');
    return c.json(preview);
  })
  .post('/invitations/:id/accept', requires('signed-in'), async (c) => {
    const result = await acceptInvitation(
      c.get('deps'),
      asUser(c.get('principal')),
      c.get('actor'),
      c.req.param('id'),
    );
    if (result.ok) return c.json(result.membership);
    if (result.reason === 'not_pending')
      throw new AppError(
        409,
        'not_pending',
        'This invitation was already used, cancelled or has expired',
      );
    throw new AppError(
      404,
      'not_found',
      'This invitation does not exist or is for another email address',
    );
  });

/** Local development only: what would have been emailed. 404 in production. */
export const devMailRoutes = new Hono<ApiEnv>().get('/dev/mail', async (c) => {
  if (getConfig(c.env).APP_ENV === 'production') throw new AppError(404, 'not_found', 'Not found');
  return c.json({ messages: await listDevMail(c.get('deps')) });
});
