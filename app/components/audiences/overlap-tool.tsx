import { Form } from '@remix-run/react';
import { Blend } from 'lucide-react';
import { FormAlert } from '~/components/forms';
import { Button } from '~/components/ui/button';
import { Table, TableBody, TableHead, Td, Th, Tr } from '~/components/ui/table';
import { AUDIENCE_LETTERS, formatRatio, regionWords } from '~/lib/audiences';
import { formatCount } from '~/lib/utils';

export interface OverlapView {
  audiences: Array<{ id: string; name: string; size: number }>;
  report: {
    union: number;
    regions: Array<{ mask: number; members: number[]; exclusive: number }>;
    pairs: Array<{ a: number; b: number; intersection: number; union: number; jaccard: number }>;
  };
  priority?: number[];
  durationMs: number;
}

const MAX_OTHERS = 4;

/**
 * How this audience overlaps with up to four others: every region's size (a Venn-style summary
 * for two or three, an UpSet-style bar list for more), Jaccard per pair, and who each audience gets
 * when a person goes only to the first audience they are in.
 */
export function OverlapTool({
  current,
  candidates,
  picked,
  result,
  error,
}: {
  current: { id: string; name: string };
  candidates: Array<{ id: string; name: string }>;
  picked: string[];
  result: OverlapView | null;
  error: string | null;
}) {
  return (
    <section aria-labelledby="overlap-heading" className="space-y-4" id="overlap">
      <h2 id="overlap-heading" className="flex items-center gap-2 text-base font-semibold">
        <Blend aria-hidden="true" className="size-4" />
        Overlap with other audiences
      </h2>
      {candidates.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          There is no other audience to compare with yet.
        </p>
      ) : (
        <Form
          method="get"
          preventScrollReset
          className="space-y-3"
          aria-label="Choose audiences to compare"
        >
          <fieldset className="space-y-2">
            <legend className="text-sm font-medium">
              Compare “{current.name}” with (pick 1 to {MAX_OTHERS}; earlier ones take precedence)
            </legend>
            <div className="grid max-h-56 gap-1 overflow-y-auto rounded-lg border border-border bg-card p-2 sm:grid-cols-2">
              {candidates.map((c) => (
                <div key={c.id} className="flex items-start gap-2 rounded px-1 py-1 hover:bg-muted">
                  <input
                    type="checkbox"
                    id={`compare-${c.id}`}
                    name="compare"
                    value={c.id}
                    defaultChecked={picked.includes(c.id)}
                    className="mt-0.5 size-4 accent-primary"
                  />
                  <label htmlFor={`compare-${c.id}`} className="text-sm break-words">
                    {c.name}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
          <Button type="submit" variant="secondary">
            Compare audiences
          </Button>
        </Form>
      )}
      {error ? (
        <FormAlert>
          <p>{error}</p>
        </FormAlert>
      ) : null}
      {result ? <OverlapResult result={result} /> : null}
    </section>
  );
}

function OverlapResult({ result }: { result: OverlapView }) {
  const k = result.audiences.length;
  const regions = result.report.regions.filter((r) => r.mask !== 0);
  return (
    <div className="space-y-4" aria-live="polite">
      <ul className="grid gap-2 text-sm sm:grid-cols-2" aria-label="Compared audiences">
        {result.audiences.map((a, i) => (
          <li key={a.id} className="flex items-center gap-2">
            <Letter i={i} />
            <span className="min-w-0 flex-1 break-words">{a.name}</span>
            <span className="tabular-nums">{formatCount(a.size)}</span>
          </li>
        ))}
      </ul>
      <p className="text-sm">
        <span className="font-semibold tabular-nums">{formatCount(result.report.union)}</span>{' '}
        {result.report.union === 1 ? 'person is' : 'people are'} in at least one of them.
      </p>
      {k <= 3 ? <Venn k={k} regions={regions} /> : null}
      <RegionBars k={k} regions={regions} />
      <Table label="Overlap of each pair">
        <TableHead>
          <Tr>
            <Th>Pair</Th>
            <Th className="text-right">In both</Th>
            <Th className="text-right">In either</Th>
            <Th className="text-right">Jaccard</Th>
          </Tr>
        </TableHead>
        <TableBody>
          {result.report.pairs.map((p) => (
            <Tr key={`${p.a}-${p.b}`}>
              <Td>
                {AUDIENCE_LETTERS[p.a]} and {AUDIENCE_LETTERS[p.b]}
              </Td>
              <Td className="text-right tabular-nums">{formatCount(p.intersection)}</Td>
              <Td className="text-right tabular-nums">{formatCount(p.union)}</Td>
              <Td className="text-right tabular-nums">{formatRatio(p.jaccard)}</Td>
            </Tr>
          ))}
        </TableBody>
      </Table>
      {result.priority ? (
        <div className="space-y-2 text-sm">
          <h3 className="font-semibold">Priority</h3>
          <p className="text-muted-foreground">
            When everyone goes only to the first audience they are in, in the order A, B
            {k > 2 ? ', …' : ''}:
          </p>
          <ol className="space-y-1">
            {result.audiences.map((a, i) => (
              <li key={a.id} className="flex items-center gap-2">
                <Letter i={i} />
                <span className="min-w-0 flex-1 break-words">{a.name}</span>
                <span className="tabular-nums">{formatCount(result.priority?.[i] ?? 0)}</span>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </div>
  );
}

function Letter({ i }: { i: number }) {
  return (
    <span
      aria-hidden="true"
      className="inline-flex size-6 shrink-0 items-center justify-center rounded-full bg-accent text-xs font-semibold text-accent-foreground"
    >
      {AUDIENCE_LETTERS[i]}
    </span>
  );
}

/** Exclusive regions with the most people first, as labelled bars with a membership matrix. */
function RegionBars({ k, regions }: { k: number; regions: OverlapView['report']['regions'] }) {
  const shown = [...regions].sort((a, b) => b.exclusive - a.exclusive || a.mask - b.mask);
  const max = Math.max(1, ...shown.map((r) => r.exclusive));
  return (
    <Table label="People in each region">
      <TableHead>
        <Tr>
          <Th>Region</Th>
          {Array.from({ length: k }, (_, i) => (
            <Th key={i} className="w-8 text-center">
              {AUDIENCE_LETTERS[i]}
            </Th>
          ))}
          <Th className="min-w-40">People</Th>
        </Tr>
      </TableHead>
      <TableBody>
        {shown.map((r) => (
          <Tr key={r.mask}>
            <Td className="whitespace-nowrap">{regionWords(r.members, k)}</Td>
            {Array.from({ length: k }, (_, i) => (
              <Td key={i} className="text-center">
                <span
                  aria-hidden="true"
                  className={
                    r.members.includes(i)
                      ? 'inline-block size-3 rounded-full bg-primary'
                      : 'inline-block size-3 rounded-full border border-border-strong'
                  }
                />
                <span className="sr-only">{r.members.includes(i) ? 'in' : 'not in'}</span>
              </Td>
            ))}
            <Td>
              <span className="flex items-center gap-2">
                <span
                  aria-hidden="true"
                  className="h-2.5 rounded-full bg-primary"
                  style={{ width: `${Math.max(2, (r.exclusive / max) * 100) * 0.7}%` }}
                />
                <span className="tabular-nums">{formatCount(r.exclusive)}</span>
              </span>
            </Td>
          </Tr>
        ))}
      </TableBody>
    </Table>
  );
}

const CIRCLES: Record<2 | 3, Array<{ cx: number; cy: number }>> = {
  2: [
    { cx: 130, cy: 100 },
    { cx: 210, cy: 100 },
  ],
  3: [
    { cx: 130, cy: 90 },
    { cx: 210, cy: 90 },
    { cx: 170, cy: 155 },
  ],
};

/** Where each region's count sits in the picture, by mask. */
const LABELS: Record<2 | 3, Record<number, { x: number; y: number }>> = {
  2: { 1: { x: 95, y: 100 }, 2: { x: 245, y: 100 }, 3: { x: 170, y: 100 } },
  3: {
    1: { x: 100, y: 70 },
    2: { x: 240, y: 70 },
    4: { x: 170, y: 195 },
    3: { x: 170, y: 60 },
    5: { x: 125, y: 140 },
    6: { x: 215, y: 140 },
    7: { x: 170, y: 110 },
  },
};
const FILLS = ['var(--primary)', 'var(--info)', 'var(--success)'];

/** A picture of two or three circles with each region's count (the table says the same). */
function Venn({ k, regions }: { k: number; regions: OverlapView['report']['regions'] }) {
  const n = (k === 3 ? 3 : 2) as 2 | 3;
  const height = n === 3 ? 240 : 200;
  return (
    <svg
      viewBox={`0 0 340 ${height}`}
      aria-hidden="true"
      className="mx-auto h-auto w-full max-w-sm text-foreground"
    >
      {CIRCLES[n].map((c, i) => (
        <g key={i}>
          <circle
            cx={c.cx}
            cy={c.cy}
            r={75}
            fill={FILLS[i]}
            fillOpacity={0.15}
            stroke={FILLS[i]}
            strokeWidth={2}
          />
        </g>
      ))}
      {CIRCLES[n].map((c, i) => (
        <text
          key={`l${i}`}
          x={n === 3 && i === 2 ? c.cx + 85 : i === 0 ? c.cx - 85 : c.cx + 85}
          y={n === 3 && i === 2 ? c.cy + 60 : c.cy - 65}
          textAnchor="middle"
          fontSize="14"
          fontWeight="600"
          fill="currentColor"
        >
          {AUDIENCE_LETTERS[i]}
        </text>
      ))}
      {regions.map((r) => {
        const at = LABELS[n][r.mask];
        return at ? (
          <text
            key={r.mask}
            x={at.x}
            y={at.y}
            textAnchor="middle"
            dominantBaseline="middle"
            fontSize="13"
            fill="currentColor"
          >
            {formatCount(r.exclusive)}
          </text>
        ) : null;
      })}
    </svg>
  );
}
