import { asc, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Definition } from '../../core/audience/definition';
import type { MembersPreviewSchema } from '../../core/contracts/audiences';
import { contacts } from '../db/schema';
import type { TenantDb } from '../db/tenant-db';
import { piiKeysOf } from '../config';
import type { Deps } from '../deps';
import { AppError } from '../lib/errors';
import {
  contactCountOf,
  hashOf,
  logQuery,
  memberIds,
  parseStoredDefinition,
  prepare,
  sizeOf,
  validate,
  type Prepared,
} from './audience-engine';
import { loadAudience } from './audiences';
import { recordAudit, type AuditActor } from './audit';
import { contactsCsv, openContacts, type ContactRow } from './upload-files';

/*
 * Who is in an audience: a masked preview of the first members, and the full list as a streamed
 * CSV (keyset pages in id order, formula-safe cells, audited, logged as an `export` query).
 */

type EngineDeps = Pick<Deps, 'now' | 'newId' | 'log'>;
/** Listing members also opens their sealed email and phone, which takes the configured keys. */
type ServiceDeps = EngineDeps & Pick<Deps, 'config'>;
const encoder = new TextEncoder();
const EXPORT_PAGE = 1000;

/** `john.doe@acme.com` → `j***@a***.com`: the first letters and the public suffix only. */
export function maskEmail(email: string | null): string | null {
  if (!email) return null;
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const dot = domain.indexOf('.');
  const label = dot < 0 ? domain : domain.slice(0, dot);
  const rest = dot < 0 ? '' : domain.slice(dot);
  return `${local[0]}***@${label[0] ?? ''}***${rest}`;
}

/** `+14155550142` → `***42`. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '');
  return `***${digits.slice(-2)}`;
}

/** `Jonathan` → `J.` */
export const initial = (name: string | null) =>
  name?.trim() ? `${name.trim()[0]!.toUpperCase()}.` : null;

/** The audience's draft, validated: members are only listed for a definition without issues. */
export async function validDraft(
  deps: EngineDeps,
  tenant: TenantDb,
  id: string,
): Promise<{ definition: Definition; prepared: Prepared; name: string }> {
  const audience = await loadAudience(tenant, id);
  const definition = parseStoredDefinition(audience.definition);
  const prepared = await prepare(deps, tenant, [definition]);
  const issues = validate(prepared, definition, id);
  if (issues.length)
    throw new AppError(422, 'invalid_definition', 'Fix the highlighted conditions first', {
      issues,
    });
  return { definition, prepared, name: audience.name };
}

/** The contacts, in id order, with their email and phone opened. */
async function contactsByIds(
  deps: ServiceDeps,
  tenant: TenantDb,
  ids: number[],
): Promise<ContactRow[]> {
  if (!ids.length) return [];
  const rows = await tenant.withScopedQuery((db, scope) =>
    db
      .select()
      .from(contacts)
      .where(scope(contacts, inArray(contacts.id, ids)))
      .orderBy(asc(contacts.id)),
  );
  return openContacts(piiKeysOf(deps.config), tenant.orgId, rows);
}

export async function previewMembers(
  deps: ServiceDeps,
  tenant: TenantDb,
  id: string,
  limit: number,
): Promise<z.infer<typeof MembersPreviewSchema>> {
  const { definition, prepared } = await validDraft(deps, tenant, id);
  const ids = await memberIds(
    deps,
    tenant,
    prepared,
    definition,
    { afterId: 0, limit },
    {
      audienceId: id,
      kind: 'members',
    },
  );
  const [rows, size] = await Promise.all([
    contactsByIds(deps, tenant, ids),
    sizeOf(deps, tenant, definition, { audienceId: id }, prepared),
  ]);
  return {
    members: rows.map((c) => ({
      id: c.id,
      email: maskEmail(c.email),
      phone: maskPhone(c.phone),
      firstName: initial(c.firstName),
      lastName: initial(c.lastName),
      title: c.title,
      seniority: c.seniority,
      companyName: c.companyName,
      companyDomain: c.companyDomain,
      industry: c.industry,
      country: c.country,
      quality: c.quality,
    })),
    total: size.total ?? 0,
  };
}

/**
 * Every member of the audience as CSV (the contacts export's columns), streamed page by page.
 * The export is audited before the first byte and logged when the last page is sent.
 */
export async function exportMembers(
  deps: ServiceDeps,
  tenant: TenantDb,
  actor: AuditActor,
  id: string,
): Promise<{ body: ReadableStream<Uint8Array>; filename: string }> {
  const { definition, prepared, name } = await validDraft(deps, tenant, id);
  await recordAudit(deps, tenant, actor, {
    action: 'audience.exported',
    targetType: 'audience',
    targetId: id,
    summary: { format: 'csv' },
  });
  const started = Date.now();
  let afterId = 0;
  let first = true;
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const ids = await memberIds(
        deps,
        tenant,
        prepared,
        definition,
        { afterId, limit: EXPORT_PAGE },
        null,
      );
      const rows = await contactsByIds(deps, tenant, ids);
      const csv = contactsCsv(rows, first);
      if (csv) controller.enqueue(encoder.encode(csv));
      first = false;
      sent += rows.length;
      if (ids.length < EXPORT_PAGE) {
        await logQuery(deps, tenant, {
          audienceId: id,
          kind: 'export',
          hash: hashOf(prepared, definition),
          cacheHit: false,
          durationMs: Date.now() - started,
          rowsExamined: await contactCountOf(tenant, prepared.data.dataVersion),
          rowsReturned: sent,
        });
        return controller.close();
      }
      afterId = ids[ids.length - 1]!;
    },
  });
  const base = name.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '') || 'audience';
  return { body, filename: `${base}-members.csv` };
}
