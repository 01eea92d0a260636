import type { ColumnType } from 'kysely'

/** A person, above the organisations: users rows are their memberships (users.identity_id). */
export interface IdentityTable {
  id: string
  /** Lower-cased; unique across the instance. */
  email: string
  display_name: string
  /** Null for people who sign in only through single sign-on. */
  password_hash: ColumnType<string | null, string | null | undefined, string | null>
  locale: ColumnType<string, string | undefined, string>
  /** 1 when the person operates the instance (creates, suspends, configures organisations). */
  is_operator: ColumnType<number, number | undefined, number>
  created_at: number
}
