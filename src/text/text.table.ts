export interface TextConfigTable {
  org_id: string
  /** JSON: TextConfig */
  config: string
  updated_at: number
}

/** An early warning raised by a background check (an emerging topic …), once per key and day. */
export interface AlertTable {
  id: string
  org_id: string
  /** emerging_topic … */
  kind: string
  key: string
  /** Local day number it was raised on. */
  day: number
  title: string
  /** JSON */
  detail: string
  created_at: number
}
