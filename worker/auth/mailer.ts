import { devMail } from '../db/schema';
import type { Deps } from '../deps';

export interface OutgoingMail {
  kind: 'password-reset' | 'invitation';
  to: string;
  subject: string;
  link: string;
  userId?: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/**
 * Local mode has no mail server: messages land in the `dev_mail` table, shown at /dev/mail, and
 * the link is printed to the log (local only — links are secrets; the address is never logged).
 * Production must configure a real provider; until one exists, sending fails loudly rather than
 * pretending.
 */
export function createMailer(
  deps: Pick<Deps, 'db' | 'newId' | 'now' | 'log'>,
  mode: 'development' | 'test' | 'production',
): Mailer {
  if (mode === 'production') {
    return {
      send: async (mail) => {
        deps.log.error('no email provider configured', { kind: mail.kind });
        throw new Error('Email delivery is not configured for this deployment');
      },
    };
  }
  return {
    send: async (mail) => {
      await deps.db.insert(devMail).values({
        id: deps.newId(),
        kind: mail.kind,
        recipient: mail.to,
        subject: mail.subject,
        link: mail.link,
        createdAt: new Date(deps.now()),
      });
      deps.log.info('dev mail written; open /dev/mail', {
        kind: mail.kind,
        userId: mail.userId,
        link: mail.link,
      });
    },
  };
}
