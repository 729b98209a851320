import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/cloudflare';
import { useLoaderData } from '@remix-run/react';
import { Inbox } from 'lucide-react';
import { z } from 'zod';
import { Badge } from '~/components/ui/badge';
import { EmptyState } from '~/components/ui/empty-state';
import { PageHeader } from '~/components/ui/page-header';
import { Table, TableBody, TableHead, Td, Th, Tr } from '~/components/ui/table';
import { apiJson, unwrap } from '~/lib/api.server';
import { formatUtcSeconds } from '~/lib/dates';
import { pageTitle } from '~/lib/meta';

export const meta: MetaFunction = () => [{ title: pageTitle('Dev mailbox') }];

// The shape of GET /api/dev/mail (docs/api.md). A local development tool, not a product contract,
// so it is described here rather than in core/contracts.
const DevMailSchema = z.object({
  messages: z.array(
    z.object({
      id: z.string(),
      kind: z.string(),
      recipient: z.string(),
      subject: z.string(),
      link: z.string(),
      createdAt: z.string(),
    }),
  ),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const result = await apiJson(context, '/api/dev/mail', { schema: DevMailSchema });
  // The API answers 404 in production, where this page does not exist either.
  if (!result.ok && result.status === 404) {
    throw new Response('Not Found', { status: 404, statusText: 'Not Found' });
  }
  return { messages: unwrap(result, request).messages };
}

const KIND_LABELS: Record<string, string> = {
  invitation: 'Invitation',
  'password-reset': 'Password reset',
};

export default function DevMailPage() {
  const { messages } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto w-full max-w-6xl space-y-8">
      <PageHeader
        title="Dev mailbox"
        description="Running locally there is no mail server: every email the app would have sent lands here instead, newest first. This page does not exist in production."
      />
      {messages.length === 0 ? (
        <EmptyState
          icon={Inbox}
          title="No mail yet"
          description={<p>Invitations and password reset links will appear here.</p>}
        />
      ) : (
        <Table label="Messages">
          <TableHead>
            <Tr>
              <Th>Time (UTC)</Th>
              <Th>Kind</Th>
              <Th>Recipient</Th>
              <Th>Subject</Th>
              <Th>Link</Th>
            </Tr>
          </TableHead>
          <TableBody>
            {messages.map((message) => (
              <Tr key={message.id}>
                <Td className="whitespace-nowrap text-muted-foreground tabular-nums">
                  {formatUtcSeconds(message.createdAt)}
                </Td>
                <Td>
                  <Badge tone={message.kind === 'invitation' ? 'info' : 'neutral'}>
                    {KIND_LABELS[message.kind] ?? message.kind}
                  </Badge>
                </Td>
                <Td className="break-all">{message.recipient}</Td>
                <Td>{message.subject}</Td>
                <Td className="max-w-xs">
                  <a
                    href={message.link}
                    className="font-mono text-xs break-all text-link underline underline-offset-4"
                  >
                    {message.link}
                  </a>
                </Td>
              </Tr>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}
