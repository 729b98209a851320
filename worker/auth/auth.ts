import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError, createAuthMiddleware } from 'better-auth/api';
import { z } from 'zod';
import { EmailSchema, PersonNameSchema } from '../../core/contracts/accounts';
import type { Db } from '../db/client';
import * as schema from '../db/schema';
import { organizationToStartIn } from '../services/organizations';
import type { Mailer } from './mailer';

export const AUTH_BASE_PATH = '/api/auth';

const SignUpFieldsSchema = z.object({
  name: PersonNameSchema.optional(),
  email: EmailSchema.optional(),
});
export const SESSION_COOKIE_PREFIX = 'p360';

export interface AuthSettings {
  db: Db;
  secret: string;
  baseURL: string;
  mailer: Mailer;
  /** Sign-in attempts allowed per IP per minute. */
  signInAttemptsPerMinute: number;
}

/**
 * Better Auth with its drizzle adapter on Turso: sign-up, sign-in, sign-out, sessions, password
 * reset, rate limiting and password hashing (native scrypt under workerd). Organisations, members,
 * invitations and API tokens are ours (worker/services/), so that every mutation passes the same
 * permission guard, tenant scope and audit trail — see docs/decisions/0004-authentication.md.
 */
export function createAuth(settings: AuthSettings) {
  return betterAuth({
    appName: 'P360 Audiences',
    baseURL: settings.baseURL,
    basePath: AUTH_BASE_PATH,
    secret: settings.secret,
    telemetry: { enabled: false },
    database: drizzleAdapter(settings.db, {
      provider: 'sqlite',
      // Keyed by model name (Better Auth's names mapped to ours below).
      schema: {
        users: schema.users,
        sessions: schema.sessions,
        accounts: schema.accounts,
        verifications: schema.verifications,
        rateLimits: schema.rateLimits,
      },
    }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 12,
      maxPasswordLength: 128,
      autoSignIn: true,
      revokeSessionsOnPasswordReset: true,
      resetPasswordTokenExpiresIn: 60 * 60,
      sendResetPassword: async ({ user, url }) => {
        await settings.mailer.send({
          kind: 'password-reset',
          to: user.email,
          userId: user.id,
          subject: 'Reset your P360 Audiences password',
          link: url,
        });
      },
    },
    session: {
      modelName: 'sessions',
      // Which organisation the session is working in; set by our organisation service.
      additionalFields: { activeOrganizationId: { type: 'string', required: false, input: false } },
      expiresIn: 60 * 60 * 24 * 7,
      updateAge: 60 * 60 * 24,
    },
    rateLimit: {
      enabled: true,
      storage: 'database',
      modelName: 'rateLimits',
      window: 60,
      max: 100,
      customRules: {
        '/sign-in/email': { window: 60, max: settings.signInAttemptsPerMinute },
        '/sign-up/email': { window: 60, max: 10 },
        '/request-password-reset': { window: 60, max: 5 },
      },
    },
    advanced: {
      cookiePrefix: SESSION_COOKIE_PREFIX,
      // Secure cookies whenever the app is served over https (everywhere but local development).
      useSecureCookies: settings.baseURL.startsWith('https://'),
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
      ipAddress: { ipAddressHeaders: ['cf-connecting-ip', 'x-real-ip'] },
    },
    databaseHooks: {
      session: {
        create: {
          // A returning member starts in the organisation they last worked in, not on onboarding.
          before: async (session) => ({
            data: {
              ...session,
              activeOrganizationId: await organizationToStartIn(settings, session.userId),
            },
          }),
        },
      },
    },
    hooks: {
      // Better Auth bounds passwords but not names or emails: hold them to the same rules as the
      // rest of the API before anything is written.
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== '/sign-up/email' && ctx.path !== '/update-user') return;
        const parsed = SignUpFieldsSchema.safeParse(ctx.body);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new APIError('BAD_REQUEST', {
            message: issue?.message ?? 'Invalid input',
            code: 'VALIDATION_FAILED',
            field: issue?.path.join('.'),
          });
        }
      }),
    },
    user: { modelName: 'users' },
    account: { modelName: 'accounts' },
    verification: { modelName: 'verifications' },
  });
}

export type Auth = ReturnType<typeof createAuth>;
