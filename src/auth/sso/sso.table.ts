import type { ColumnType } from 'kysely'

/** A single sign-on provider configured by an organisation. */
export interface SsoProviderTable {
  id: string
  org_id: string
  /** 'oidc' | 'wecom' | 'dingtalk' | 'feishu' | 'ldap' */
  kind: string
  name: string
  /** JSON of the provider's settings, without secrets. */
  settings: string
  /** The client secret or bind password, as an encrypted envelope when the keyring is configured. */
  secret: string | null
  enabled: ColumnType<number, number | undefined, number>
  created_at: number
  updated_at: number
}

/** Which membership a provider's subject signs in as. */
export interface SsoLinkTable {
  provider_id: string
  subject: string
  user_id: string
  created_at: number
  last_used_at: ColumnType<number | null, number | null | undefined, number | null>
}

/** A sign-in under way at a provider: the state, PKCE verifier and nonce to check its return. */
export interface SsoStateTable {
  state: string
  provider_id: string
  code_verifier: string
  nonce: string
  expires_at: number
}
