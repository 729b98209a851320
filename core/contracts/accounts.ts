import { z } from 'zod';
import { ROLES } from '../auth/permissions';

/*
 * Wire contracts of the accounts API (/api/me, /api/orgs, /api/members, /api/invitations,
 * /api/tokens, /api/audit). Sign-up, sign-in, sign-out and password reset are Better Auth's own
 * endpoints under /api/auth (see docs/api.md).
 */

export const RoleSchema = z.enum(ROLES);

export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'Email addresses are at most 254 characters')
  .pipe(z.email('Enter a valid email address'));

export const PersonNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a name')
  .max(100, 'Names are at most 100 characters');

export const PasswordSchema = z
  .string()
  .min(12, 'Use at least 12 characters')
  .max(128, 'Use at most 128 characters');

export const OrganizationNameSchema = z
  .string()
  .trim()
  .min(2, 'Use at least 2 characters')
  .max(80, 'Use at most 80 characters');

export const SlugSchema = z
  .string()
  .trim()
  .min(2)
  .max(48)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single hyphens');

export const MembershipSchema = z.object({
  orgId: z.string(),
  name: z.string(),
  slug: z.string(),
  role: RoleSchema,
});

export const MeSchema = z.object({
  user: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  activeOrgId: z.string().nullable(),
  role: RoleSchema.nullable(),
  /** Permissions of the active role, so the UI can hide what the user may not do. */
  permissions: z.array(z.string()),
  memberships: z.array(MembershipSchema),
});
export type Me = z.infer<typeof MeSchema>;

export const CreateOrganizationSchema = z.object({
  name: OrganizationNameSchema,
  slug: SlugSchema.optional(),
});
export const SetActiveOrganizationSchema = z.object({ orgId: z.string().min(1).max(64) });

export const MemberSchema = z.object({
  id: z.string(),
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  role: RoleSchema,
  joinedAt: z.string(),
});
export type Member = z.infer<typeof MemberSchema>;

export const UpdateMemberRoleSchema = z.object({ role: RoleSchema });

export const InvitationSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: RoleSchema,
  status: z.string(),
  expiresAt: z.string(),
});
export type Invitation = z.infer<typeof InvitationSchema>;

export const CreateInvitationSchema = z.object({ email: EmailSchema, role: RoleSchema });

/** What the accept page may show before the invitee signs in: nothing beyond the invitation. */
export const InvitationPreviewSchema = z.object({
  id: z.string(),
  organizationName: z.string(),
  role: RoleSchema,
  status: z.enum(['pending', 'accepted', 'rejected', 'canceled', 'expired']),
});
export type InvitationPreview = z.infer<typeof InvitationPreviewSchema>;

export const ApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: RoleSchema,
  prefix: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiTokenSchema>;

export const CreateApiTokenSchema = z.object({
  name: z.string().trim().min(1, 'Name the token').max(80, 'Use at most 80 characters'),
  role: RoleSchema,
  /** Days until it expires; omit for a token that never expires. */
  expiresInDays: z.number().int().min(1).max(365).optional(),
});
/** The only response that ever contains the secret. */
export const CreatedApiTokenSchema = z.object({ token: ApiTokenSchema, secret: z.string() });

export const AuditEventSchema = z.object({
  id: z.string(),
  actorType: z.enum(['user', 'token', 'system']),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  summary: z.record(z.string(), z.unknown()),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: z.string(),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export const AuditQuerySchema = z.object({
  actor: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  targetType: z.string().max(64).optional(),
  targetId: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditPageSchema = z.object({
  events: z.array(AuditEventSchema),
  nextCursor: z.string().nullable(),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;
