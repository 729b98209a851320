import type { Principal } from '../auth/principal';
import type { Auth } from '../auth/auth';
import type { TenantDb } from '../db/tenant-db';
import type { Deps } from '../deps';
import type { Logger } from '../lib/log';
import type { AuditActor } from '../services/audit';

/** What every /api handler can read from the Hono context. */
export type ApiEnv = {
  Bindings: Env;
  Variables: {
    requestId: string;
    log: Logger;
    deps: Deps;
    auth: Auth;
    /** Set by `requires(...)`: the authenticated principal. */
    principal: Principal;
    /** Set by `requires(<permission>)`: data access scoped to the principal's organisation. */
    tenant: TenantDb;
    /** Set by `requires(...)`: who to record in the audit trail for this request. */
    actor: AuditActor;
  };
};
