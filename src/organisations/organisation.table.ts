import type { ColumnType } from 'kysely'

export interface OrganisationTable {
  id: string
  name: string
  timezone: string
  created_at: number
  /** HMAC key of signed survey links; created on first use. */
  link_secret: ColumnType<string | null, string | null | undefined, string | null>
  /** Set while an operator has suspended the organisation: no sign-in, sessions and tokens refused. */
  suspended_at: ColumnType<number | null, number | null | undefined, number | null>
}
