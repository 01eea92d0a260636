import type { ColumnType, Generated, Insertable } from 'kysely'

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
  /** Days since 1970-01-01 on the organisation's calendar when the answer arrived. */
  local_day: number
  /** How long the form was open (from the page), when known. */
  duration_ms: ColumnType<number | null, number | null | undefined, number | null>
  /** Comma-separated quality flags: speeder, straight-liner (default empty). */
  quality_flags: Generated<string>
  /** The personal invitation the answer came through (migration 0013); null for open links and imports. */
  invitation_id: ColumnType<string | null, string | null | undefined, string | null>
  /** The organisation unit the record belongs to (migration 0020); null = none known. */
  unit_id: ColumnType<string | null, string | null | undefined, string | null>
  /** The employee who served (migration 0041, src/employees); null = not known. */
  employee_id: ColumnType<string | null, string | null | undefined, string | null>
}

type NpsColumn = `nps_${0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10}`
type CsatColumn = `csat_${1 | 2 | 3 | 4 | 5}`
type CesColumn = `ces_${1 | 2 | 3 | 4 | 5 | 6 | 7}`

export type ResponseDailyCountsTable = {
  org_id: string
  survey_id: string
  local_day: number
  channel: string
  responses: number
} & Record<NpsColumn | CsatColumn | CesColumn, number>

/**
 * An answer's 7-level CSM and SERVQUAL scores as the unit roll-ups count them (migration 0026),
 * worked out from the answers and the survey's questions when the row is built (response-row.ts).
 */
export interface ItemScores {
  /** Per 7-level CSM answer: [question key, level score −60 … 60]. */
  csm: Array<[string, number]>
  /**
   * Per SERVQUAL dimension, only when the respondent rated every SERVQUAL item of the survey:
   * the dimension's items and the sums of their expectations and perceptions (negatively worded
   * items reverse-scored).
   */
  servqual: Array<{ dimension: string; items: number; expectation: number; perception: number }>
}

/**
 * A row as written by the response writers (here, beside the table, so the writer's helpers need
 * not import the writer), with the answer's CSM and SERVQUAL scores for the unit roll-ups (not a
 * column; absent: none).
 */
/**
 * A row to insert, with what the unit roll-ups need and the table does not keep as a column: the
 * CSM and SERVQUAL item scores and, for a weighted survey, the respondent's weight (a number, or
 * null when the answer has no valid weight; absent for an unweighted survey; respondent-weight.ts).
 */
export type ResponseRow = Insertable<ResponseTable> & {
  item_scores?: ItemScores | undefined
  weight?: number | null | undefined
  /**
   * The hidden field or question the weight is read from (settings.weightField), beside `weight`:
   * it is no segment of the weighted segment sums (segment-weights.ts).
   */
  weight_field?: string | undefined
}
