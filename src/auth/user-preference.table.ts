/** One person's preference in one organisation (migration 0025). */
export interface UserPreferenceTable {
  org_id: string
  /** Membership (or token) id. */
  actor_id: string
  key: string
  /** JSON, checked by the key's schema when read. */
  value: string
  updated_at: number
}
