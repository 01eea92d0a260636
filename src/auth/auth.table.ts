import type { ColumnType } from 'kysely'

export interface UserTable {
  id: string
  org_id: string
  email: string
  display_name: string
  role: string
  password_hash: string
  locale: string
  created_at: number
  /** The department the user works in, for case routing. */
  department: ColumnType<string | null, string | null | undefined, string | null>
  /** Who a breached case of this user escalates to. */
  supervisor_id: ColumnType<string | null, string | null | undefined, string | null>
  /** Set while an administrator has disabled the user: no login, sessions and tokens refused. */
  disabled_at: ColumnType<number | null, number | null | undefined, number | null>
  /** Set when deleted: the row stays so audit entries and case owners keep their name. */
  deleted_at: ColumnType<number | null, number | null | undefined, number | null>
  /** The last successful login, to pick the account of an e-mail used in several organisations. */
  last_login_at: ColumnType<number | null, number | null | undefined, number | null>
  /** The person this membership belongs to (identities); null only for users deleted before 0015. */
  identity_id: ColumnType<string | null, string | null | undefined, string | null>
}

export interface SessionTable {
  token_hash: string
  user_id: string
  org_id: string
  expires_at: number
  created_at: number
  /** The public id that lists and ends the session (never its secret). */
  id: ColumnType<string | null, string | null | undefined, string | null>
  last_seen_at: ColumnType<number | null, number | null | undefined, number | null>
  address: ColumnType<string | null, string | null | undefined, string | null>
  user_agent: ColumnType<string | null, string | null | undefined, string | null>
}

export interface ApiTokenTable {
  id: string
  org_id: string
  name: string
  role: string
  token_hash: string
  created_at: number
  last_used_at: number | null
  revoked_at: number | null
  /** The user whose current role bounds the token; null for tokens made by the system (CLI). */
  created_by: ColumnType<string | null, string | null | undefined, string | null>
  /** 'full', or 'read' for read-only permissions. */
  scope: ColumnType<string, string | undefined, string>
  expires_at: ColumnType<number | null, number | null | undefined, number | null>
}

export interface LoginThrottleTable {
  key: string
  failures: number
  last_failure_at: number
  blocked_until: number
  version: number
  updated_at: number
}
