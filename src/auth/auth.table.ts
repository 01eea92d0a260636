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
}

export interface SessionTable {
  token_hash: string
  user_id: string
  org_id: string
  expires_at: number
  created_at: number
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
}
