import { and, eq, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Db } from './client';

/** A table that belongs to an organisation. */
type OrgTable = SQLiteTable & { orgId: SQLiteColumn };

/**
 * The only way API handlers and services touch tenant data. It is built from the authenticated
 * principal's organisation — never from the request — and every read, update and delete it issues
 * is filtered by that organisation, every insert stamped with it. Handlers do not get the raw
 * database (a lint rule keeps `worker/api/` from importing it), so a query that forgets the
 * tenant cannot be written by accident.
 */
export class TenantDb {
  constructor(
    private readonly db: Db,
    readonly orgId: string,
  ) {}

  /** `org_id = :orgId AND <condition>` for `table`. */
  scope(table: OrgTable, condition?: SQL | undefined): SQL {
    const own = eq(table.orgId, this.orgId);
    return condition ? (and(own, condition) as SQL) : own;
  }

  select<T extends OrgTable>(table: T, condition?: SQL | undefined) {
    return this.db
      .select()
      .from(table as SQLiteTable)
      .where(this.scope(table, condition)) as unknown as Promise<T['$inferSelect'][]>;
  }

  async first<T extends OrgTable>(
    table: T,
    condition?: SQL | undefined,
  ): Promise<T['$inferSelect'] | undefined> {
    const rows = await this.db
      .select()
      .from(table as SQLiteTable)
      .where(this.scope(table, condition))
      .limit(1);
    return rows[0] as T['$inferSelect'] | undefined;
  }

  async insert<T extends OrgTable>(
    table: T,
    values: Omit<T['$inferInsert'], 'orgId'>,
  ): Promise<void> {
    await this.db.insert(table).values({ ...values, orgId: this.orgId } as T['$inferInsert']);
  }

  /** Updates rows of this organisation only; returns how many changed. */
  async update<T extends OrgTable>(
    table: T,
    set: Partial<Omit<T['$inferInsert'], 'orgId'>>,
    condition: SQL | undefined,
  ): Promise<number> {
    const result = await this.db
      .update(table)
      .set(set as never)
      .where(this.scope(table, condition));
    return result.rowsAffected;
  }

  /** Deletes rows of this organisation only; returns how many went. */
  async delete(table: OrgTable, condition: SQL | undefined): Promise<number> {
    const result = await this.db.delete(table).where(this.scope(table, condition));
    return result.rowsAffected;
  }

  /**
   * For queries the helpers above cannot express (joins, aggregates): the caller receives the
   * database and must use `scope()` in its where clause. Reviewed like raw SQL.
   */
  withScopedQuery<R>(run: (db: Db, scope: TenantDb['scope']) => Promise<R>): Promise<R> {
    return run(this.db, this.scope.bind(this));
  }
}
