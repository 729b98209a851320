import { FileClock } from 'lucide-react';
import type { DsrResult } from '../../../core/contracts/activation';
import { Badge } from '~/components/ui/badge';
import { EmptyState } from '~/components/ui/empty-state';
import { Table, TableBody, TableHead, Td, Th, Tr } from '~/components/ui/table';
import { KIND_LABELS } from '~/lib/activation';
import { formatUtcMinutes } from '~/lib/dates';
import { formatCount } from '~/lib/utils';

/** Past data-subject requests and what each removed. The person's identifier is not kept. */
export function DsrHistory({ requests }: { requests: DsrResult[] }) {
  return (
    <section aria-labelledby="dsr-history-heading" className="space-y-3">
      <h2 id="dsr-history-heading" className="text-base font-semibold text-foreground">
        Request history
      </h2>
      {requests.length === 0 ? (
        <EmptyState
          icon={FileClock}
          headingLevel="h3"
          title="No requests yet"
          description="Each deletion or opt-out is recorded here with what it removed — without the person's email or phone number."
        />
      ) : (
        <Table label="Request history">
          <TableHead>
            <Tr>
              <Th>When</Th>
              <Th>Action</Th>
              <Th>Found by</Th>
              <Th className="text-right">Contacts removed</Th>
              <Th className="text-right">UID2s found</Th>
              <Th className="text-right">Audience memberships removed</Th>
              <Th className="text-right">Trade Desk requests</Th>
            </Tr>
          </TableHead>
          <TableBody>
            {requests.map((r) => (
              <DsrRow key={r.id} request={r} />
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}

function DsrRow({ request: r }: { request: DsrResult }) {
  return (
    <Tr>
      <Td className="whitespace-nowrap">{formatUtcMinutes(r.createdAt)}</Td>
      <Td>
        <Badge tone={r.action === 'delete' ? 'danger' : 'warning'}>
          {r.action === 'delete' ? 'Deleted' : 'Opted out'}
        </Badge>
      </Td>
      <Td>{KIND_LABELS[r.identifierKind]}</Td>
      <Td className="text-right tabular-nums">{formatCount(r.contactsRemoved)}</Td>
      <Td className="text-right tabular-nums">{formatCount(r.uid2sFound)}</Td>
      <Td className="text-right tabular-nums">{formatCount(r.membershipsRemoved)}</Td>
      <Td className="text-right tabular-nums">
        {formatCount(r.ttdRequests)}
        {r.ttdFailures ? (
          <span className="block text-xs text-danger">{formatCount(r.ttdFailures)} failed</span>
        ) : null}
      </Td>
    </Tr>
  );
}

/** The outcome of the request just made, in a sentence. */
export function dsrOutcome(r: DsrResult): string {
  const parts = [
    `${formatCount(r.contactsRemoved)} contact${r.contactsRemoved === 1 ? '' : 's'} ${r.action === 'delete' ? 'removed' : 'opted out'}`,
    `${formatCount(r.uid2sFound)} UID2${r.uid2sFound === 1 ? '' : 's'} found`,
    `${formatCount(r.membershipsRemoved)} audience membership${r.membershipsRemoved === 1 ? '' : 's'} removed`,
    `${formatCount(r.ttdRequests)} removal request${r.ttdRequests === 1 ? '' : 's'} sent to The Trade Desk${r.ttdFailures ? ` (${formatCount(r.ttdFailures)} failed)` : ''}`,
  ];
  return `Done: ${parts.join(', ')}.`;
}
