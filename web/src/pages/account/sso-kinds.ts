import { ROLES } from '../../../../src/shared/role'

export type SsoKind = 'oidc' | 'wecom' | 'dingtalk' | 'feishu' | 'ldap'

/** What the form holds: the common fields, and each kind's own (see SSO_KIND_FIELDS). */
export interface SsoProviderForm {
  kind: SsoKind
  name: string
  secret: string
  /** One `group=role` (or `department id=role`) a line. */
  mapping?: string
  defaultRole?: string
  [setting: string]: string | undefined
}

interface KindField {
  /** The setting's name in the provider's settings (src/auth/sso/sso.schema.ts), or `secret`. */
  name: string
  /** Message key of its label. */
  label: string
  required: boolean
  secret?: boolean
  url?: boolean
  placeholder?: string
  initial?: string
}

interface KindForm {
  fields: KindField[]
  /** Authorisation and API base addresses may be named (a private deployment, a stand-in). */
  advanced: boolean
  /** How a new member's role is found: their groups, their department ids, or none (default role only). */
  mapping: 'groups' | 'departments' | null
}

const secret = (label: string): KindField => ({
  name: 'secret',
  label,
  required: true,
  secret: true,
})

/**
 * Each kind's fields, by its documented sign-in flow: OIDC discovery (issuer, client), WeCom
 * qrConnect (corp id, agent id, app secret), DingTalk OAuth 2 (app key and secret), Feishu
 * (app id and secret), LDAP bind (directory address, search account, base and filter).
 */
export const SSO_KIND_FIELDS: Record<SsoKind, KindForm> = {
  oidc: {
    fields: [
      {
        name: 'issuer',
        label: 'ssoIssuer',
        required: true,
        url: true,
        placeholder: 'https://idp.example.com',
      },
      { name: 'clientId', label: 'ssoClientId', required: true },
      secret('ssoClientSecret'),
    ],
    advanced: false,
    mapping: 'groups',
  },
  wecom: {
    fields: [
      { name: 'corpId', label: 'ssoCorpId', required: true, placeholder: 'ww1234567890abcdef' },
      { name: 'agentId', label: 'ssoAgentId', required: true, placeholder: '1000002' },
      secret('ssoAppSecret'),
    ],
    advanced: true,
    mapping: 'departments',
  },
  dingtalk: {
    fields: [
      { name: 'clientId', label: 'ssoDingtalkClientId', required: true },
      secret('ssoAppSecret'),
    ],
    advanced: true,
    mapping: null,
  },
  feishu: {
    fields: [
      { name: 'appId', label: 'ssoFeishuAppId', required: true, placeholder: 'cli_a1b2c3d4e5' },
      secret('ssoAppSecret'),
    ],
    advanced: true,
    mapping: null,
  },
  ldap: {
    fields: [
      {
        name: 'url',
        label: 'ssoLdapUrl',
        required: true,
        placeholder: 'ldaps://dc.example.com:636',
      },
      {
        name: 'bindDn',
        label: 'ssoBindDn',
        required: true,
        placeholder: 'cn=reader,dc=example,dc=com',
      },
      secret('ssoBindPassword'),
      {
        name: 'searchBase',
        label: 'ssoSearchBase',
        required: true,
        placeholder: 'dc=example,dc=com',
      },
      { name: 'searchFilter', label: 'ssoSearchFilter', required: true, initial: '(mail={login})' },
    ],
    advanced: false,
    mapping: 'groups',
  },
}

/** `group=role` lines as the provider's role mapping (lines without a known role are left out). */
export function parseRoleMapping(text: string | undefined): Record<string, string> {
  const known = new Set<string>(ROLES)
  return Object.fromEntries(
    (text ?? '')
      .split('\n')
      .map((line) => {
        const at = line.lastIndexOf('=')
        return at < 0 ? [] : [line.slice(0, at).trim(), line.slice(at + 1).trim()]
      })
      .filter((parts): parts is [string, string] => parts.length === 2 && known.has(parts[1]!)),
  )
}

/** The request body of POST /sso-providers for the form's kind: its own settings only. */
export function ssoProviderBody(values: SsoProviderForm): Record<string, unknown> {
  const form = SSO_KIND_FIELDS[values.kind]
  const settings: Record<string, unknown> = {}
  for (const field of form.fields)
    if (field.name !== 'secret' && values[field.name]) settings[field.name] = values[field.name]
  if (form.advanced) {
    if (values.authorizeUrl) settings.authorizeUrl = values.authorizeUrl
    if (values.apiBaseUrl) settings.apiBaseUrl = values.apiBaseUrl
  }
  settings.roleMapping = form.mapping ? parseRoleMapping(values.mapping) : {}
  settings.defaultRole = values.defaultRole ?? null
  return { kind: values.kind, name: values.name, secret: values.secret, settings }
}
