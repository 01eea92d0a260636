import type { ColumnType } from 'kysely'

/** A person's TOTP second factor: one per identity, confirmed once a code from it was accepted. */
export interface MfaTotpTable {
  identity_id: string
  /** The base32 secret, as an encrypted envelope when the keyring is configured. */
  secret: string
  confirmed_at: ColumnType<number | null, number | null | undefined, number | null>
  /** The last accepted time step: a code is never accepted twice. */
  last_step: ColumnType<number | null, number | null | undefined, number | null>
  created_at: number
}

/** Single-use recovery codes, stored as hashes only. */
export interface MfaRecoveryCodeTable {
  code_hash: string
  identity_id: string
  used_at: ColumnType<number | null, number | null | undefined, number | null>
  created_at: number
}

/** Between a correct password and the second factor: short-lived, a few attempts. */
export interface MfaChallengeTable {
  token_hash: string
  user_id: string
  org_id: string
  attempts: ColumnType<number, number | undefined, number>
  expires_at: number
  created_at: number
}

/** An organisation's sign-in policy; no row means the defaults. */
export interface SignInPolicyTable {
  org_id: string
  mfa_required: number
  idle_minutes: number
  absolute_minutes: number
  updated_at: number
}
