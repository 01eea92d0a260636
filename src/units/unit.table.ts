/** An organisation unit (migration 0020): one node of the organisation's tree. */
export interface UnitTable {
  id: string
  org_id: string
  /** Unique within the organisation; what imports and per-unit links name. */
  code: string
  name_zh: string
  name_en: string | null
  /** province, city, county, station, group, brand, region, store … (free text). */
  type: string
  parent_id: string | null
  /** JSON: { lat, lng, address? } or null. */
  geo: string | null
  /** JSON: opening hours per weekday, or null. */
  opening_hours: string | null
  closed_at: number | null
  created_at: number
  updated_at: number
}

/**
 * The tree's effective-dated history: from `valid_from` until `valid_to` (null = still so) the
 * unit hung under `parent_id` and was closed or open.
 */
export interface UnitVersionTable {
  org_id: string
  unit_id: string
  parent_id: string | null
  valid_from: number
  valid_to: number | null
  /** 1 = closed during this period, 0 = open. */
  closed: number
}

/** The units a membership (users row) is limited to; none = the whole organisation. */
export interface MembershipUnitTable {
  org_id: string
  membership_id: string
  unit_id: string
}
