/** A recurring relational survey (migration 0050). */
export interface ProgrammeTable {
  id: string
  org_id: string
  name: string
  survey_id: string
  /** email | webhook */
  channel: string
  /** monthly | quarterly | yearly */
  schedule: string
  /** YYYY-MM-DD: the first period starts here (the organisation's time zone). */
  start_date: string
  /** JSON: ProgrammeAudience */
  audience: string
  /** JSON: DistributionSettings */
  settings: string
  /** active | paused */
  status: string
  created_at: number
  updated_at: number
}

/** One run of a programme for one period (unique), with the distribution it made. */
export interface ProgrammeRunTable {
  id: string
  org_id: string
  programme_id: string
  /** 2026-Q2, 2026-06 or 2026 */
  period: string
  distribution_id: string | null
  /** Why the run sent nothing (the survey was not published …); null when it sent. */
  error: string | null
  fired_at: number
}
