import { and, desc, eq, isNull } from 'drizzle-orm';
import type { ApiToken } from '../../core/contracts/accounts';
import { canAssignRole, type Role } from '../../core/auth/permissions';
import { generateTokenSecret, hashTokenSecret } from '../auth/api-tokens';
import { apiTokens } from '../db/schema';
import type { TenantDb } from '../db/tenant-db';
import type { Deps } from '../deps';
import { recordAudit, type AuditActor } from './audit';

const DAY_MS = 24 * 60 * 60 * 1000;
const iso = (d: Date | null) => d?.toISOString() ?? null;

function toApiToken(row: typeof apiTokens.$inferSelect): ApiToken {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    expiresAt: iso(row.expiresAt),
    lastUsedAt: iso(row.lastUsedAt),
    revokedAt: iso(row.revokedAt),
  };
}

export async function listTokens(tenant: TenantDb): Promise<ApiToken[]> {
  const rows = await tenant.withScopedQuery((db, scope) =>
    db.select().from(apiTokens).where(scope(apiTokens)).orderBy(desc(apiTokens.createdAt)),
  );
  return rows.map(toApiToken);
}

export type CreateTokenResult =
  { ok: true; token: ApiToken; secret: string } | { ok: false; reason: 'role_above_yours' };

/** The secret is returned here and never again: only its SHA-256 is stored. */
export async function createToken(
  deps: Pick<Deps, 'newId' | 'now'>,
  tenant: TenantDb,
  actor: AuditActor & { role: Role; userId: string | null },
  input: { name: string; role: Role; expiresInDays?: number | undefined },
): Promise<CreateTokenResult> {
  if (!canAssignRole(actor.role, input.role)) return { ok: false, reason: 'role_above_yours' };
  const secret = generateTokenSecret();
  const now = deps.now();
  const row = {
    id: deps.newId(),
    name: input.name,
    role: input.role,
    tokenHash: await hashTokenSecret(secret),
    prefix: secret.slice(0, 12),
    createdBy: actor.userId,
    createdAt: new Date(now),
    expiresAt: input.expiresInDays ? new Date(now + input.expiresInDays * DAY_MS) : null,
    lastUsedAt: null,
    revokedAt: null,
  };
  await tenant.insert(apiTokens, row);
  await recordAudit(deps, tenant, actor, {
    action: 'token.created',
    targetType: 'api_token',
    targetId: row.id,
    summary: { role: input.role, expiresInDays: input.expiresInDays ?? null },
  });
  return { ok: true, token: toApiToken({ ...row, orgId: tenant.orgId }), secret };
}

export async function revokeToken(
  deps: Pick<Deps, 'newId' | 'now'>,
  tenant: TenantDb,
  actor: AuditActor,
  tokenId: string,
): Promise<{ ok: true } | { ok: false; reason: 'not_found' }> {
  const changed = await tenant.update(
    apiTokens,
    { revokedAt: new Date(deps.now()) },
    and(eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt)),
  );
  if (changed === 0) return { ok: false, reason: 'not_found' };
  await recordAudit(deps, tenant, actor, {
    action: 'token.revoked',
    targetType: 'api_token',
    targetId: tokenId,
    summary: {},
  });
  return { ok: true };
}
