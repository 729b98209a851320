import { Download, Users } from 'lucide-react';
import { Button } from '~/components/ui/button';
import { Table, TableBody, TableHead, Td, Th, Tr } from '~/components/ui/table';
import { formatCount } from '~/lib/utils';

export interface MemberRow {
  id: number;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  title: string | null;
  companyName: string | null;
  industry: string | null;
  country: string | null;
}

const dash = (value: string | null) => value ?? '—';

/**
 * A few members, masked by the API (enough to recognise the kind of people, not to identify one),
 * and the full export for roles that may export contacts.
 */
export function MembersPreview({
  audienceId,
  preview,
  canExport,
}: {
  audienceId: string;
  /** null: the draft has issues, so it has no members to show. */
  preview: { members: MemberRow[]; total: number } | null;
  canExport: boolean;
}) {
  return (
    <section aria-labelledby="members-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="members-heading" className="flex items-center gap-2 text-base font-semibold">
          <Users aria-hidden="true" className="size-4" />
          Members
        </h2>
        {canExport && preview ? (
          <Button asChild variant="secondary" size="sm">
            <a href={`/api/audiences/${encodeURIComponent(audienceId)}/members.csv`} download>
              <Download aria-hidden="true" />
              Export CSV
            </a>
          </Button>
        ) : null}
      </div>
      {!preview ? (
        <p className="text-sm text-muted-foreground">
          Members are listed once the definition has no problems.
        </p>
      ) : preview.members.length === 0 ? (
        <p className="text-sm text-muted-foreground">Nobody matches this definition yet.</p>
      ) : (
        <>
          <p className="text-sm text-muted-foreground">
            The first {formatCount(preview.members.length)} of {formatCount(preview.total)}, with
            contact details masked.
          </p>
          <Table label="Members preview">
            <TableHead>
              <Tr>
                <Th>Email</Th>
                <Th>Name</Th>
                <Th>Job title</Th>
                <Th>Company</Th>
                <Th>Industry</Th>
                <Th>Country</Th>
              </Tr>
            </TableHead>
            <TableBody>
              {preview.members.map((m) => (
                <Tr key={m.id}>
                  <Td className="font-mono text-xs">{m.email ?? m.phone ?? '—'}</Td>
                  <Td>{[m.firstName, m.lastName].filter(Boolean).join(' ') || '—'}</Td>
                  <Td>{dash(m.title)}</Td>
                  <Td>{dash(m.companyName)}</Td>
                  <Td>{dash(m.industry)}</Td>
                  <Td>{dash(m.country)}</Td>
                </Tr>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </section>
  );
}
