import { Form, Link } from '@remix-run/react';
import { Search, Tag, X } from 'lucide-react';
import { Button } from '~/components/ui/button';
import { Input } from '~/components/ui/input';
import { audiencesHref, type AudienceFilters } from '~/lib/audiences';
import { cn } from '~/lib/utils';

const STATUS_TABS = [
  { status: 'active', label: 'Active' },
  { status: 'archived', label: 'Archived' },
] as const;

/**
 * Active / Archived, the name search and the tag chips. All of it lives in the address (links and
 * a GET form), so a view can be bookmarked and works without JavaScript.
 */
export function AudienceFiltersBar({
  filters,
  tags,
}: {
  filters: AudienceFilters;
  tags: { tag: string; count: number }[];
}) {
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <nav aria-label="Audience status">
          <ul className="inline-flex rounded-lg border border-border bg-muted p-1">
            {STATUS_TABS.map((tab) => {
              const current = filters.status === tab.status;
              return (
                <li key={tab.status}>
                  <Link
                    to={audiencesHref(filters, { status: tab.status })}
                    aria-current={current ? 'page' : undefined}
                    className={cn(
                      'inline-flex h-8 items-center rounded-md px-3 text-sm font-medium',
                      current
                        ? 'bg-card text-foreground shadow-xs'
                        : 'text-muted-foreground hover:text-foreground',
                    )}
                  >
                    {tab.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <Form
          method="get"
          action="/audiences"
          role="search"
          aria-label="Search audiences"
          className="flex w-full max-w-sm items-center gap-2"
          key={filters.q ?? ''}
        >
          {(['status', 'folder', 'tag'] as const).map((name) =>
            filters[name] && !(name === 'status' && filters.status === 'active') ? (
              <input key={name} type="hidden" name={name} value={filters[name]} />
            ) : null,
          )}
          <label htmlFor="audience-search" className="sr-only">
            Search audiences by name
          </label>
          <Input
            id="audience-search"
            type="search"
            name="q"
            placeholder="Search by name"
            defaultValue={filters.q}
          />
          <Button type="submit" variant="secondary" size="icon" aria-label="Search">
            <Search aria-hidden="true" />
          </Button>
        </Form>
      </div>
      {tags.length ? (
        <div role="group" aria-label="Filter by tag" className="flex flex-wrap items-center gap-2">
          <Tag aria-hidden="true" className="size-4 text-muted-foreground" />
          {tags.map(({ tag, count }) => {
            const active = filters.tag === tag;
            return (
              <Link
                key={tag}
                to={audiencesHref(filters, { tag: active ? undefined : tag })}
                aria-current={active ? 'true' : undefined}
                className={cn(
                  'inline-flex items-center gap-1 rounded-full border px-2.5 py-0.5 text-xs font-medium',
                  active
                    ? 'border-primary bg-primary text-primary-foreground'
                    : 'border-border bg-card text-foreground hover:bg-muted',
                )}
              >
                {tag}
                <span className={active ? '' : 'text-muted-foreground'}>
                  <span className="sr-only">, </span>
                  {count}
                  <span className="sr-only"> {count === 1 ? 'audience' : 'audiences'}</span>
                </span>
                {active ? (
                  <>
                    <X aria-hidden="true" className="size-3" />
                    <span className="sr-only"> (selected; select again to clear)</span>
                  </>
                ) : null}
              </Link>
            );
          })}
        </div>
      ) : null}
    </div>
  );
}
