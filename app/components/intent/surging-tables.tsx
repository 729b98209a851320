import { ArrowDown, ArrowUp, Minus } from 'lucide-react';
import type { SurgingView } from '../../../core/contracts/intent';
import { Callout } from '~/components/ui/callout';
import { Table, TableBody, TableHead, Td, Th, Tr } from '~/components/ui/table';
import { formatCount } from '~/lib/utils';

/** This week's strongest intent: the companies surging on most topics, the topics most surged on. */
export function SurgingTables({
  surging,
  problem,
}: {
  surging: SurgingView | null;
  problem: string | null;
}) {
  return (
    <section aria-labelledby="surging-heading" className="space-y-3">
      <div>
        <h2 id="surging-heading" className="text-base font-semibold text-foreground">
          Top surging
        </h2>
        <p className="text-sm text-muted-foreground">
          {surging?.week
            ? `Week of ${surging.week}; a score of ${surging.threshold} or more is a surge.`
            : 'Companies and topics with the highest intent, once a week of data is loaded.'}
        </p>
      </div>
      {problem ? (
        <Callout tone="danger">
          <p>What is surging could not be loaded: {problem}</p>
        </Callout>
      ) : !surging || (surging.companies.length === 0 && surging.topics.length === 0) ? (
        <p className="rounded-xl border border-dashed border-border-strong bg-card px-4 py-6 text-center text-sm text-muted-foreground">
          Nothing is surging yet. Scores appear here after the first successful sync.
        </p>
      ) : (
        <div className="grid gap-6 xl:grid-cols-2">
          <div className="min-w-0 space-y-2">
            <h3 id="surging-companies" className="text-sm font-semibold">
              Companies
            </h3>
            <Table label="Surging companies">
              <TableHead>
                <Tr>
                  <Th>Company</Th>
                  <Th className="text-right">Surging topics</Th>
                  <Th className="text-right">Top score</Th>
                  <Th>Top topics</Th>
                  <Th className="text-right">Our contacts</Th>
                </Tr>
              </TableHead>
              <TableBody>
                {surging.companies.map((company) => (
                  <Tr key={company.domain} className="text-xs">
                    <Td className="py-2">
                      <span className="block font-medium">{company.name ?? company.domain}</span>
                      {company.name ? (
                        <span className="block break-all text-muted-foreground">
                          {company.domain}
                        </span>
                      ) : null}
                    </Td>
                    <Td className="py-2 text-right tabular-nums">{company.surgingTopics}</Td>
                    <Td className="py-2 text-right tabular-nums">{company.topScore}</Td>
                    <Td className="py-2">
                      <ul className="space-y-0.5">
                        {company.topTopics.map((t) => (
                          <li key={t.id} className="flex items-center gap-1">
                            <span>{t.name}</span>
                            <span className="tabular-nums text-muted-foreground">{t.score}</span>
                            <Delta delta={t.delta} />
                          </li>
                        ))}
                      </ul>
                    </Td>
                    <Td className="py-2 text-right tabular-nums">
                      {formatCount(company.contacts)}
                    </Td>
                  </Tr>
                ))}
              </TableBody>
            </Table>
          </div>
          <div className="min-w-0 space-y-2">
            <h3 id="surging-topics" className="text-sm font-semibold">
              Topics
            </h3>
            <Table label="Surging topics">
              <TableHead>
                <Tr>
                  <Th>Topic</Th>
                  <Th>Theme / category</Th>
                  <Th className="text-right">Surging companies</Th>
                  <Th className="text-right">Average score</Th>
                </Tr>
              </TableHead>
              <TableBody>
                {surging.topics.map((topic) => (
                  <Tr key={topic.id} className="text-xs">
                    <Td className="py-2 font-medium">{topic.name}</Td>
                    <Td className="py-2 text-muted-foreground">
                      {topic.theme} / {topic.category}
                    </Td>
                    <Td className="py-2 text-right tabular-nums">
                      {formatCount(topic.surgingCompanies)}
                    </Td>
                    <Td className="py-2 text-right tabular-nums">
                      {Math.round(topic.averageScore)}
                    </Td>
                  </Tr>
                ))}
              </TableBody>
            </Table>
          </div>
        </div>
      )}
    </section>
  );
}

/** The change from the previous week's score, as an arrow with words for screen readers. */
function Delta({ delta }: { delta: number | null }) {
  if (delta === null) return <span className="sr-only">(new this week)</span>;
  if (delta === 0)
    return (
      <span className="inline-flex items-center text-muted-foreground">
        <Minus aria-hidden="true" className="size-3" />
        <span className="sr-only">(unchanged)</span>
      </span>
    );
  const up = delta > 0;
  const Icon = up ? ArrowUp : ArrowDown;
  return (
    <span
      className={`inline-flex items-center tabular-nums ${up ? 'text-success' : 'text-danger'}`}
    >
      <Icon aria-hidden="true" className="size-3" />
      {Math.abs(delta)}
      <span className="sr-only">{up ? ' up' : ' down'} from last week</span>
    </span>
  );
}
