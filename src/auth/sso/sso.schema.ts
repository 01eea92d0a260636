import { z } from 'zod'
import { ROLES } from '../../shared/role.js'

/** Single sign-on providers: requests and answers. Browser-safe. */

export const SSO_KINDS = ['oidc', 'wecom', 'dingtalk', 'feishu', 'ldap'] as const
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

/**
 * WeCom (企业微信) web sign-in by QR code: qrConnect → code → gettoken (corp id + the app's secret)
 * → auth/getuserinfo → user/get. Roles come from the member's department ids (`roleMapping` keys
 * are department ids). The base URLs are settings so a private deployment or a test stand-in can
 * be named.
 */
export const WecomSettingsSchema = z.object({
  corpId: z.string().trim().min(1).max(100),
  agentId: z.string().trim().min(1).max(50),
  authorizeUrl: z.url().max(500).default('https://open.work.weixin.qq.com/wwopen/sso/qrConnect'),
  apiBaseUrl: z.url().max(500).default('https://qyapi.weixin.qq.com'),
  roleMapping: z.record(z.string().max(200), RoleNameSchema).default({}),
  defaultRole: RoleNameSchema.nullable().default(null),
})
export type WecomSettings = z.infer<typeof WecomSettingsSchema>

/**
 * DingTalk (钉钉) sign-in to a third-party site: oauth2/auth → authCode → v1.0/oauth2/userAccessToken
 * (app key + secret) → v1.0/contact/users/me. It names no departments: a new person gets
 * `defaultRole`.
 */
export const DingtalkSettingsSchema = z.object({
  clientId: z.string().trim().min(1).max(100),
  authorizeUrl: z.url().max(500).default('https://login.dingtalk.com/oauth2/auth'),
  apiBaseUrl: z.url().max(500).default('https://api.dingtalk.com'),
  roleMapping: z.record(z.string().max(200), RoleNameSchema).default({}),
  defaultRole: RoleNameSchema.nullable().default(null),
})
export type DingtalkSettings = z.infer<typeof DingtalkSettingsSchema>

/**
 * Feishu (飞书) web sign-in: authen/v1/authorize → code → auth/v3/app_access_token/internal →
 * authen/v1/oidc/access_token → authen/v1/user_info. A new person gets `defaultRole`.
 */
export const FeishuSettingsSchema = z.object({
  appId: z.string().trim().min(1).max(100),
  authorizeUrl: z.url().max(500).default('https://open.feishu.cn/open-apis/authen/v1/authorize'),
  apiBaseUrl: z.url().max(500).default('https://open.feishu.cn'),
  roleMapping: z.record(z.string().max(200), RoleNameSchema).default({}),
  defaultRole: RoleNameSchema.nullable().default(null),
})
export type FeishuSettings = z.infer<typeof FeishuSettingsSchema>

/**
 * LDAP / Active Directory: bind as the service account (`bindDn`, the provider's secret is its
 * password), search `searchBase` with `searchFilter` (`{login}` replaced by the escaped login),
 * then bind as the one entry found with the person's password. Roles from the group DNs in
 * `groupsAttribute` (`memberOf` on AD).
 */
export const LdapSettingsSchema = z.object({
  url: z
    .string()
    .regex(/^ldaps?:\/\/[^\s]+$/, 'must be an ldap:// or ldaps:// URL')
    .max(500),
  bindDn: z.string().trim().min(1).max(500),
  searchBase: z.string().trim().min(1).max(500),
  searchFilter: z.string().trim().min(3).max(500).default('(mail={login})'),
  emailAttribute: z.string().trim().min(1).max(100).default('mail'),
  nameAttribute: z.string().trim().min(1).max(100).default('cn'),
  groupsAttribute: z.string().trim().min(1).max(100).default('memberOf'),
  roleMapping: z.record(z.string().max(500), RoleNameSchema).default({}),
  defaultRole: RoleNameSchema.nullable().default(null),
})
export type LdapSettings = z.infer<typeof LdapSettingsSchema>

export const LdapLoginBodySchema = z.object({
  providerId: z.string().min(1).max(100),
  login: z.string().trim().min(1).max(200),
  password: z.string().min(1).max(200),
})

const ProviderCommon = {
  name: z.string().trim().min(1).max(100),
  /** Write-only (client secret, app secret): never answered. Omitted on an update, it stays. */
  secret: z.string().min(1).max(500).optional(),
  enabled: z.boolean().default(true),
}

export const SsoProviderBodySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('oidc'), settings: OidcSettingsSchema, ...ProviderCommon }),
  z.object({ kind: z.literal('wecom'), settings: WecomSettingsSchema, ...ProviderCommon }),
  z.object({ kind: z.literal('dingtalk'), settings: DingtalkSettingsSchema, ...ProviderCommon }),
  z.object({ kind: z.literal('feishu'), settings: FeishuSettingsSchema, ...ProviderCommon }),
  z.object({ kind: z.literal('ldap'), settings: LdapSettingsSchema, ...ProviderCommon }),
])
export type SsoProviderBody = z.infer<typeof SsoProviderBodySchema>

/** A provider's kind and settings together. */
export const ProviderConfigSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('oidc'), settings: OidcSettingsSchema }),
  z.object({ kind: z.literal('wecom'), settings: WecomSettingsSchema }),
  z.object({ kind: z.literal('dingtalk'), settings: DingtalkSettingsSchema }),
  z.object({ kind: z.literal('feishu'), settings: FeishuSettingsSchema }),
  z.object({ kind: z.literal('ldap'), settings: LdapSettingsSchema }),
])
export type ProviderConfig = z.infer<typeof ProviderConfigSchema>

export const SsoProviderSchema = z.object({
  id: z.string(),
  kind: z.enum(SSO_KINDS),
  name: z.string(),
  settings: z.union([
    OidcSettingsSchema,
    WecomSettingsSchema,
    DingtalkSettingsSchema,
    FeishuSettingsSchema,
    LdapSettingsSchema,
  ]),
  hasSecret: z.boolean(),
  enabled: z.boolean(),
})
export type SsoProvider = z.infer<typeof SsoProviderSchema>

export const SsoProviderListSchema = z.object({ providers: z.array(SsoProviderSchema) })

/** What the login page shows: a button per enabled provider of the organisation. */
export const SsoButtonListSchema = z.object({
  providers: z.array(z.object({ id: z.string(), kind: z.enum(SSO_KINDS), name: z.string() })),
})
