import type { ssoZhCN } from './sso.zh-CN'

/** The sign-in providers card (account page). Spread into en-US.ts. */
export const ssoEnUS: Record<keyof typeof ssoZhCN, string> = {
  ssoAddProvider: 'Add an identity provider',
  ssoKind: 'Kind',
  'ssoKind.oidc': 'OpenID Connect',
  'ssoKind.wecom': 'WeCom',
  'ssoKind.dingtalk': 'DingTalk',
  'ssoKind.feishu': 'Feishu (Lark)',
  'ssoKind.ldap': 'LDAP / AD directory',
  ssoCallback: 'Callback address',
  ssoCorpId: 'Corp ID',
  ssoAgentId: 'App AgentId',
  ssoAppSecret: 'App secret (stored encrypted, never shown again)',
  ssoDingtalkClientId: 'App key (client ID)',
  ssoFeishuAppId: 'App ID',
  ssoLdapUrl: 'Directory address (ldap:// or ldaps://)',
  ssoBindDn: 'Search account DN',
  ssoBindPassword: 'Search account password (stored encrypted, never shown again)',
  ssoSearchBase: 'Search base (base DN)',
  ssoSearchFilter: 'Search filter ({login} is the login name)',
  ssoAdvanced: 'Private deployment addresses (optional)',
  ssoAuthorizeUrl: 'Authorisation page address',
  ssoApiBaseUrl: 'API address',
  ssoAdded: 'Identity provider “{name}” added',
  ssoDepartmentMappingHelp:
    'One “department id=role” a line; a new member gets the role of their first matching department',
}
