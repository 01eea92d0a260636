import { z } from 'zod'
import { ROLES } from '../shared/role.js'
import { IsoTimeSchema } from '../shared/wire-schema.js'
import { PASSWORD_MAX, PASSWORD_MIN } from './password-policy.js'

export { PASSWORD_MIN }

export const RoleSchema = z.enum(ROLES)

/** E-mails are compared and stored lowercased, so case never makes two accounts. */
export const EmailSchema = z.string().trim().toLowerCase().email('must be an e-mail address')

export const LoginBodySchema = z.object({
  email: EmailSchema,
  password: z.string().min(1, 'must not be empty').max(200),
})

export const CreateUserSchema = z
  .object({
    email: EmailSchema,
    displayName: z.string().trim().min(1).max(100),
    /**
     * How the member signs in: with a password, or only through the organisation's single
     * sign-on (no password is then set; their provider's verified e-mail links them).
     */
    signIn: z.enum(['password', 'sso']).default('password'),
    /** Checked by the password policy (src/auth/password-policy.ts): PASSWORD_TOO_WEAK says why. */
    password: z.string().max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`).optional(),
    role: RoleSchema,
    locale: z.enum(['zh-CN', 'en-US']).default('zh-CN'),
  })
  .superRefine((user, ctx) => {
    if (user.signIn === 'password' && user.password === undefined)
      ctx.addIssue({ code: 'custom', path: ['password'], message: 'is required' })
    if (user.signIn === 'sso' && user.password !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['password'],
        message: 'is not set for a member who signs in through single sign-on',
      })
  })
export type CreateUser = z.infer<typeof CreateUserSchema>

// What the auth, user and token routes answer with. Browser-safe: the admin app's types come from here.

export const UserRefSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  locale: z.string(),
})

export const LoginAnswerSchema = z.object({ user: UserRefSchema, role: RoleSchema })

export const OkSchema = z.object({ ok: z.literal(true) })

export const SwitchOrganisationSchema = z.object({ orgId: z.string().min(1).max(100) })

/** One of the signed-in person's usable memberships (not disabled, organisation not suspended). */
export const MembershipSchema = z.object({
  orgId: z.string(),
  name: z.string(),
  role: z.string(),
})

export const MeSchema = z.object({
  /** Null for an API token. */
  user: UserRefSchema.nullable(),
  role: RoleSchema,
  actorType: z.enum(['user', 'token', 'system', 'public']),
  /** What the caller may do (src/auth/roles.ts): the app shows only what works. */
  permissions: z.array(z.string()),
  organisation: z.object({ id: z.string(), name: z.string(), timezone: z.string() }),
  /** The person's organisations, for the switcher (empty for an API token). */
  memberships: z.array(MembershipSchema),
  /** Whether the person operates the instance (the operator console). */
  isOperator: z.boolean(),
})

export const UserSummarySchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.string(),
  locale: z.string(),
  department: z.string().nullable(),
  supervisorId: z.string().nullable(),
  createdAt: IsoTimeSchema,
  /** active, or disabled (no login; sessions and tokens refused). Deleted users are not listed. */
  status: z.enum(['active', 'disabled']),
  lastLoginAt: IsoTimeSchema.nullable(),
  /** Until when failed logins lock the user's e-mail, or null; an administrator may unlock it. */
  lockedUntil: IsoTimeSchema.nullable(),
})
export const UserListSchema = z.object({ users: z.array(UserSummarySchema) })

export const TokenSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  role: RoleSchema,
  /** full, or read: the read permissions only. */
  scope: z.enum(['full', 'read']),
  createdBy: z.object({ id: z.string(), displayName: z.string(), email: z.string() }).nullable(),
  createdAt: IsoTimeSchema,
  expiresAt: IsoTimeSchema.nullable(),
  lastUsedAt: IsoTimeSchema.nullable(),
  revokedAt: IsoTimeSchema.nullable(),
  /** active, expired, revoked, or creator_inactive (the creator is disabled or deleted). */
  status: z.enum(['active', 'expired', 'revoked', 'creator_inactive']),
})
export const TokenListSchema = z.object({ tokens: z.array(TokenSummarySchema) })
export const CreatedTokenSchema = TokenSummarySchema.extend({
  /** The secret, shown this once; only its hash is stored. */
  token: z.string(),
})

// The operator's console (src/auth/operator.ts).

export const OperatorOrganisationSchema = z.object({
  id: z.string(),
  name: z.string(),
  timezone: z.string(),
  createdAt: IsoTimeSchema,
  suspendedAt: IsoTimeSchema.nullable(),
  status: z.enum(['active', 'suspended']),
  /** Members not deleted. */
  members: z.number().int(),
})
export const OperatorOrganisationListSchema = z.object({
  organisations: z.array(OperatorOrganisationSchema),
})
export const CreatedOrganisationSchema = z.object({
  organisation: OperatorOrganisationSchema,
  admin: z.object({ id: z.string(), email: z.string() }),
  /** Shown this once, when no password was given and the administrator is a new person. */
  generatedPassword: z.string().optional(),
  /** The e-mail was a known person, who signs in with their own password. */
  existingPerson: z.boolean(),
})

/**
 * The roles only an operator grants in an organisation: the three administrations that 等保 2.0
 * keeps apart (docs/roles.md). An organisation's administrator may not grant the security
 * administrator or the auditor (assertMayGrant), so a new organisation would otherwise never get
 * one; the operator names them, as it names the first administrator.
 */
export const OPERATOR_GRANTED_ROLES = ['admin', 'security_admin', 'auditor'] as const

export const OperatorMemberSchema = z.object({
  email: EmailSchema,
  displayName: z.string().trim().min(1).max(100),
  role: z.enum(OPERATOR_GRANTED_ROLES),
  /** Left out: a password is generated and shown once (unless the e-mail is a known person). */
  password: z.string().max(200).optional(),
  locale: z.enum(['zh-CN', 'en-US']).default('zh-CN'),
})

export const AddedOperatorMemberSchema = z.object({
  member: z.object({ id: z.string(), email: z.string(), role: z.enum(OPERATOR_GRANTED_ROLES) }),
  /** Shown this once, when no password was given and the member is a new person. */
  generatedPassword: z.string().optional(),
  /** The e-mail was a known person, who signs in with their own password. */
  existingPerson: z.boolean(),
})
export type AddedOperatorMember = z.infer<typeof AddedOperatorMemberSchema>
