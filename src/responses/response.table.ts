export interface ResponseTable {
  id: string
  org_id: string
  survey_id: string
  survey_version: number
  client_response_id: string
  /** JSON: Record<questionKey, number | string> */
  answers: string
  /** Metric answers copied into columns so dashboards aggregate without parsing JSON. */
  nps: number | null
  csat: number | null
  ces: number | null
  comment: string | null
  locale: string
  channel: string
  /** JSON: Record<string, string>, e.g. region, store */
  segments: string
  submitted_at: number
}
