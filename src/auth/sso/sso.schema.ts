import { z } from 'zod'
import { ROLES } from '../../shared/role.js'

/** Single sign-on providers: requests and answers. Browser-safe. */

export const SSO_KINDS = ['oidc'] as const
export type SsoKind = (typeof SSO_KINDS)[number]

const RoleNameSchema = z.enum(ROLES)

/**
 * An OpenID Connect provider. Roles come from a claim holding group names (`groupsClaim`, default
 * `groups`): the first group of `roleMapping` the person is in gives the role, else `defaultRole`;
 * with neither, no membership is made for a new person (SSO_NO_MEMBERSHIP).
 */
export const OidcSettingsSchema = z.object({
  issuer: z.url().max(500),
  clientId: z.string().trim().min(1).max(200),
  scopes: z.string().trim().max(300).default('openid email profile'),
  groupsClaim: z.string().trim().min(1).max(100).default('groups'),
  roleMapping: z.record(z.string().max(200), RoleNameSchema).default({}),
  defaultRole: RoleNameSchema.nullable().default(null),
})
export type OidcSettings = z.infer<typeof OidcSettingsSchema>

export const SsoProviderBodySchema = z.object({
  kind: z.enum(SSO_KINDS),
  name: z.string().trim().min(1).max(100),
  settings: OidcSettingsSchema,
  /** Write-only: never answered. Omitted on an update, the stored secret stays. */
  secret: z.string().min(1).max(500).optional(),
  enabled: z.boolean().default(true),
})
export type SsoProviderBody = z.infer<typeof SsoProviderBodySchema>

export const SsoProviderSchema = z.object({
  id: z.string(),
  kind: z.enum(SSO_KINDS),
  name: z.string(),
  settings: OidcSettingsSchema,
  hasSecret: z.boolean(),
  enabled: z.boolean(),
})
export type SsoProvider = z.infer<typeof SsoProviderSchema>

export const SsoProviderListSchema = z.object({ providers: z.array(SsoProviderSchema) })

/** What the login page shows: a button per enabled provider of the organisation. */
export const SsoButtonListSchema = z.object({
  providers: z.array(z.object({ id: z.string(), kind: z.enum(SSO_KINDS), name: z.string() })),
})
