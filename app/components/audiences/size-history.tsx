import { LineChart } from 'lucide-react';
import { Table, TableBody, TableHead, Td, Th, Tr } from '~/components/ui/table';
import { formatUtcSeconds } from '~/lib/dates';
import { formatCount } from '~/lib/utils';

export interface SizePoint {
  at: string;
  source: 'version' | 'daily';
  size: number;
  version: number | null;
}

const W = 640;
const H = 200;
const PAD = { top: 16, right: 16, bottom: 28, left: 56 };

/**
 * How the audience's size moved: a point per saved version and per daily recount, as a small
 * line chart (an image with a summary for screen readers) and the same figures as a table.
 */
export function SizeHistory({ points }: { points: SizePoint[] }) {
  return (
    <section aria-labelledby="history-heading" className="space-y-3">
      <h2 id="history-heading" className="flex items-center gap-2 text-base font-semibold">
        <LineChart aria-hidden="true" className="size-4" />
        Size history
      </h2>
      {points.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          No history yet: a point is added each time a version is saved and once a day after that.
        </p>
      ) : (
        <>
          <Chart points={points} />
          <details className="text-sm">
            <summary className="cursor-pointer text-link">Show the figures as a table</summary>
            <Table label="Size history figures" className="mt-2">
              <TableHead>
                <Tr>
                  <Th>When (UTC)</Th>
                  <Th className="text-right">Size</Th>
                  <Th>Counted for</Th>
                </Tr>
              </TableHead>
              <TableBody>
                {points.map((p) => (
                  <Tr key={`${p.at}-${p.source}`}>
                    <Td className="whitespace-nowrap tabular-nums">
                      {formatUtcSeconds(p.at).replace(' UTC', '')}
                    </Td>
                    <Td className="text-right tabular-nums">{formatCount(p.size)}</Td>
                    <Td className="text-muted-foreground">
                      {p.source === 'version' ? `Version ${p.version ?? ''}` : 'Daily recount'}
                    </Td>
                  </Tr>
                ))}
              </TableBody>
            </Table>
          </details>
        </>
      )}
    </section>
  );
}

function Chart({ points }: { points: SizePoint[] }) {
  const times = points.map((p) => Date.parse(p.at));
  const sizes = points.map((p) => p.size);
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  const max = Math.max(...sizes, 1);
  const min = 0;
  const x = (t: number) =>
    PAD.left +
    (t1 === t0
      ? (W - PAD.left - PAD.right) / 2
      : ((t - t0) / (t1 - t0)) * (W - PAD.left - PAD.right));
  const y = (v: number) => PAD.top + (1 - (v - min) / (max - min)) * (H - PAD.top - PAD.bottom);
  const path = points
    .map((p, i) => `${i ? 'L' : 'M'}${x(times[i]!).toFixed(1)},${y(p.size).toFixed(1)}`)
    .join(' ');
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const summary = `Size history: ${points.length} ${points.length === 1 ? 'point' : 'points'} from ${formatUtcSeconds(first.at)} to ${formatUtcSeconds(last.at)}; first ${formatCount(first.size)}, latest ${formatCount(last.size)}, highest ${formatCount(Math.max(...sizes))}.`;
  return (
    <figure className="rounded-xl border border-border bg-card p-3">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={summary}
        className="h-auto w-full text-muted-foreground"
      >
        <line
          x1={PAD.left}
          x2={W - PAD.right}
          y1={y(0)}
          y2={y(0)}
          stroke="currentColor"
          strokeOpacity={0.4}
        />
        <line
          x1={PAD.left}
          x2={W - PAD.right}
          y1={y(max)}
          y2={y(max)}
          stroke="currentColor"
          strokeOpacity={0.2}
          strokeDasharray="4 4"
        />
        <text
          x={PAD.left - 8}
          y={y(max)}
          textAnchor="end"
          dominantBaseline="middle"
          fontSize="12"
          fill="currentColor"
        >
          {formatCount(max)}
        </text>
        <text
          x={PAD.left - 8}
          y={y(0)}
          textAnchor="end"
          dominantBaseline="middle"
          fontSize="12"
          fill="currentColor"
        >
          0
        </text>
        <text x={PAD.left} y={H - 8} fontSize="12" fill="currentColor">
          {first.at.slice(0, 10)}
        </text>
        <text x={W - PAD.right} y={H - 8} textAnchor="end" fontSize="12" fill="currentColor">
          {last.at.slice(0, 10)}
        </text>
        <path d={path} fill="none" stroke="var(--primary)" strokeWidth={2} />
        {points.map((p, i) => (
          <circle key={i} cx={x(times[i]!)} cy={y(p.size)} r={3.5} fill="var(--primary)" />
        ))}
      </svg>
      <figcaption className="mt-1 text-xs text-muted-foreground">
        Latest {formatCount(last.size)} on {formatUtcSeconds(last.at)}
      </figcaption>
    </figure>
  );
}
