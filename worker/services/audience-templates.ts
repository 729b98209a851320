import { asc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Definition } from '../../core/audience/definition';
import { BUILT_IN_TEMPLATES } from '../../core/audience/templates';
import type { CreateTemplateSchema, TemplateSchema } from '../../core/contracts/audiences';
import { audienceTemplates } from '../db/schema';
import type { TenantDb } from '../db/tenant-db';
import type { Deps } from '../deps';
import { AppError, isUniqueViolation } from '../lib/errors';
import { parseStoredDefinition } from './audience-engine';
import { recordAudit, type AuditActor } from './audit';

/*
 * Templates: the built-in starters from core (their node ids are fresh each time one is used) and
 * the ones an organisation saved from its own definitions.
 */

type Template = z.infer<typeof TemplateSchema>;
type ServiceDeps = Pick<Deps, 'now' | 'newId'>;

const notFound = (): never => {
  throw new AppError(404, 'not_found', 'No such template');
};

export async function listTemplates(
  deps: ServiceDeps,
  tenant: TenantDb,
): Promise<{ templates: Template[] }> {
  const own = await tenant.withScopedQuery((db, scope) =>
    db
      .select()
      .from(audienceTemplates)
      .where(scope(audienceTemplates))
      .orderBy(asc(audienceTemplates.name)),
  );
  return {
    templates: [
      ...BUILT_IN_TEMPLATES.map((t) => ({
        id: t.id,
        name: t.name,
        description: t.description,
        category: t.category,
        builtIn: true,
        definition: t.definition(deps.newId),
      })),
      ...own.map((t) => ({
        id: t.id,
        name: t.name,
        description: t.description,
        category: 'Saved by your team',
        builtIn: false,
        definition: parseStoredDefinition(t.definition),
      })),
    ],
  };
}

/** The definition a new audience starts from when made from template `id`. */
export async function templateDefinition(
  deps: Pick<Deps, 'newId'>,
  tenant: TenantDb,
  id: string,
): Promise<Definition> {
  const builtIn = BUILT_IN_TEMPLATES.find((t) => t.id === id);
  if (builtIn) return builtIn.definition(deps.newId);
  const own = await tenant.first(audienceTemplates, eq(audienceTemplates.id, id));
  if (!own)
    throw new AppError(422, 'unknown_template', 'No such template', {
      fieldErrors: { templateId: ['No such template'] },
    });
  return parseStoredDefinition(own.definition);
}

export async function createTemplate(
  deps: ServiceDeps,
  tenant: TenantDb,
  actor: AuditActor,
  userId: string | null,
  input: z.output<typeof CreateTemplateSchema>,
): Promise<Template> {
  const id = deps.newId();
  try {
    await tenant.insert(audienceTemplates, {
      id,
      name: input.name,
      description: input.description ?? null,
      definition: JSON.stringify(input.definition),
      createdBy: userId,
      createdAt: deps.now(),
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError(409, 'name_taken', `There is already a template called “${input.name}”`, {
        fieldErrors: { name: ['Another template has this name'] },
      });
    throw error;
  }
  await recordAudit(deps, tenant, actor, {
    action: 'audience_template.created',
    targetType: 'audience_template',
    targetId: id,
    summary: {},
  });
  return {
    id,
    name: input.name,
    description: input.description ?? null,
    category: 'Saved by your team',
    builtIn: false,
    definition: input.definition,
  };
}

export async function deleteTemplate(
  deps: ServiceDeps,
  tenant: TenantDb,
  actor: AuditActor,
  id: string,
): Promise<void> {
  if (BUILT_IN_TEMPLATES.some((t) => t.id === id))
    throw new AppError(409, 'built_in', 'Built-in templates cannot be deleted');
  const removed = await tenant.delete(audienceTemplates, eq(audienceTemplates.id, id));
  if (!removed) notFound();
  await recordAudit(deps, tenant, actor, {
    action: 'audience_template.deleted',
    targetType: 'audience_template',
    targetId: id,
    summary: {},
  });
}
