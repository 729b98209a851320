import { Fingerprint, RefreshCw, UserCheck, UsersRound } from 'lucide-react';
import type { Uid2Overview } from '../../../core/contracts/activation';
import { IdentityRunStatusBadge } from './identity-run-status-badge';
import { Callout } from '~/components/ui/callout';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '~/components/ui/card';
import { Stat, StatGrid } from '~/components/ui/stat';
import { Table, TableBody, TableHead, Td, Th, Tr } from '~/components/ui/table';
import { KIND_LABELS, formatRate } from '~/lib/activation';
import { formatRelative, formatUtcMinutes } from '~/lib/dates';
import { formatCount } from '~/lib/utils';

const BAND_LABELS = {
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  none: 'None',
} as const;
const BAND_ORDER = ['high', 'medium', 'low', 'none'] as const;
const BAND_COLOURS = {
  high: 'bg-success',
  medium: 'bg-info',
  low: 'bg-warning',
  none: 'bg-muted-foreground/40',
} as const;

/**
 * How much of the contact base resolves to UID2: headline numbers, the match rate per identifier
 * type, contacts per identity-quality band, and the live progress of a mapping run.
 */
export function MatchRateDashboard({ overview, now }: { overview: Uid2Overview; now: number }) {
  const { contacts, kinds, quality, running } = overview;
  const qualityTotal = quality.reduce((n, q) => n + q.contacts, 0);
  const latest = overview.runs[0] ?? null;
  // One short sentence, changing only with the run's state (not every batch), so polling does
  // not flood screen readers.
  const announcement = running
    ? 'Mapping to UID2 is running'
    : latest
      ? `Last mapping run: ${latest.status}`
      : '';

  return (
    <section aria-labelledby="match-heading" className="space-y-4">
      <h2 id="match-heading" className="text-base font-semibold text-foreground">
        Match rate
      </h2>
      <p role="status" aria-live="polite" className="sr-only">
        {announcement}
      </p>
      {running ? (
        <Callout tone="info">
          <p className="font-medium">
            Mapping to UID2 —{' '}
            {running.phase === 'discover' ? 'finding identifiers to send' : 'sending batches'}
          </p>
          <p className="text-muted-foreground tabular-nums">
            {formatCount(running.sent)} sent in {formatCount(running.requests)} requests ·{' '}
            {formatCount(running.mapped)} mapped · {formatCount(running.optedOut)} opted out ·{' '}
            {formatCount(running.invalid)} invalid · started{' '}
            {formatRelative(running.startedAt, now)}
          </p>
        </Callout>
      ) : null}
      <StatGrid>
        <Stat
          label="Contacts reachable"
          value={formatCount(contacts.reachable)}
          icon={UserCheck}
          hint={`${formatRate(contacts.matchRate)} of ${formatCount(contacts.withIdentifier)} contacts with an email or phone (${formatCount(contacts.total)} in all)`}
        />
        <Stat
          label="Identifiers mapped"
          value={formatCount(kinds.reduce((n, k) => n + k.mapped, 0))}
          icon={Fingerprint}
          hint={`${formatCount(kinds.reduce((n, k) => n + k.pending, 0))} waiting to be sent`}
        />
        <Stat
          label="Due for refresh"
          value={formatCount(overview.due)}
          icon={RefreshCw}
          hint="UID2 asks for mappings to be refreshed regularly; the daily refresh picks these up."
        />
        <Stat
          label="Last refresh"
          value={
            overview.lastRefreshAt === null ? 'Never' : formatRelative(overview.lastRefreshAt, now)
          }
          icon={UsersRound}
          hint={
            overview.lastRefreshAt === null ? (
              'Nothing has been mapped yet.'
            ) : (
              <span className="inline-flex items-center gap-2">
                {formatUtcMinutes(overview.lastRefreshAt)}
                <IdentityRunStatusBadge status={latest?.status ?? null} />
              </span>
            )
          }
        />
      </StatGrid>

      <div className="grid items-start gap-6 xl:grid-cols-[2fr_1fr]">
        <Table label="Match rate by identifier type">
          <TableHead>
            <Tr>
              <Th>Identifier</Th>
              <Th className="text-right">Total</Th>
              <Th className="text-right">Mapped</Th>
              <Th className="text-right">Opted out</Th>
              <Th className="text-right">Invalid</Th>
              <Th className="text-right">Pending</Th>
              <Th className="text-right">Match rate</Th>
            </Tr>
          </TableHead>
          <TableBody>
            {kinds.length === 0 ? (
              <Tr>
                <Td colSpan={7} className="text-muted-foreground">
                  No emails or phone numbers yet. Upload a contact list with an email or phone
                  column; its identifiers appear here.
                </Td>
              </Tr>
            ) : (
              kinds.map((k) => (
                <Tr key={k.kind}>
                  <Th scope="row" className="font-medium text-foreground">
                    {KIND_LABELS[k.kind]}
                  </Th>
                  <Td className="text-right tabular-nums">{formatCount(k.total)}</Td>
                  <Td className="text-right tabular-nums">{formatCount(k.mapped)}</Td>
                  <Td className="text-right tabular-nums">{formatCount(k.optedOut)}</Td>
                  <Td className="text-right tabular-nums">{formatCount(k.invalid)}</Td>
                  <Td className="text-right tabular-nums">{formatCount(k.pending)}</Td>
                  <Td className="text-right font-medium tabular-nums">{formatRate(k.matchRate)}</Td>
                </Tr>
              ))
            )}
          </TableBody>
        </Table>

        <Card>
          <CardHeader>
            <CardTitle as="h3">Identity quality</CardTitle>
            <CardDescription>
              Contacts by how well they resolve: high has several mapped identifiers, none has no
              UID2 at all.
            </CardDescription>
          </CardHeader>
          <CardContent>
            <ul className="space-y-3" aria-label="Contacts per identity quality band">
              {BAND_ORDER.map((band) => {
                const count = quality.find((q) => q.band === band)?.contacts ?? 0;
                const share = qualityTotal ? count / qualityTotal : 0;
                return (
                  <li key={band} className="space-y-1 text-sm">
                    <div className="flex justify-between gap-3">
                      <span className="text-foreground">{BAND_LABELS[band]}</span>
                      <span className="text-muted-foreground tabular-nums">
                        {formatCount(count)} · {formatRate(qualityTotal ? share : null)}
                      </span>
                    </div>
                    <div className="h-2 overflow-hidden rounded-full bg-muted" aria-hidden="true">
                      <div
                        className={`h-full ${BAND_COLOURS[band]}`}
                        style={{ width: `${Math.round(share * 1000) / 10}%` }}
                      />
                    </div>
                  </li>
                );
              })}
            </ul>
          </CardContent>
        </Card>
      </div>
    </section>
  );
}
