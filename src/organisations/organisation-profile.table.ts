import type { ColumnType } from 'kysely'

/** What an organisation shows respondents, and whether its name was chosen (migration 0014). */
export interface OrganisationProfileTable {
  org_id: string
  /** When an administrator (or the start-up setting) chose the name; null: still the placeholder. */
  named_at: ColumnType<number | null, number | null | undefined, number | null>
  /** `#rrggbb`, validated before it is stored (it is written into the pages' style). */
  brand_color: ColumnType<string | null, string | null | undefined, string | null>
  logo: ColumnType<Buffer | null, Buffer | null | undefined, Buffer | null>
  logo_type: ColumnType<string | null, string | null | undefined, string | null>
  /** A hash of the logo's bytes: part of its URL, so browsers may keep it for long. */
  logo_version: ColumnType<string | null, string | null | undefined, string | null>
  updated_at: number
}
