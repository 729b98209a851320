import type { ScheduledJobName } from '../../core/jobs/schedule';

// The integrations the product ships with, in the order data flows through them, each with the
// scheduled job that syncs it.
export const INTEGRATIONS = [
  {
    name: 'Bombora Company Surge',
    role: 'Intent data',
    job: 'bombora-refresh',
    href: '/integrations/bombora',
    description:
      'Weekly B2B intent scores by company and topic, refreshed on a schedule and usable as conditions in any audience.',
  },
  {
    name: 'UID2',
    role: 'Identity resolution',
    job: 'uid2-refresh',
    href: '/integrations/uid2',
    description:
      'Normalises and hashes emails and phone numbers, maps them to UID2 identifiers, keeps the mappings fresh and honours opt-outs.',
  },
  {
    name: 'The Trade Desk',
    role: 'Activation',
    job: 'ttd-export',
    href: '/integrations/ttd',
    description:
      'Exports audiences as first-party segments on a schedule, sending only the members that were added or removed.',
  },
] as const satisfies readonly {
  name: string;
  role: string;
  job: ScheduledJobName;
  description: string;
  /** The integration's own page, once it has one. */
  href?: string;
}[];
