/** The service maturity table (migration 0067). */

export interface MaturityAssessmentTable {
  id: string
  org_id: string
  unit_id: string
  /** The instrument version the ratings answer (MATURITY_INSTRUMENT.version). */
  instrument: string
  /** The day the assessment describes, YYYY-MM-DD. */
  assessed_on: string
  /** JSON: item key -> rating 1–5. */
  ratings: string
  /** 1–4, derived from the ratings (analytics/maturity-stage.ts). */
  stage: number
  note: string | null
  /** JSON: dimension key -> action plan id made from that dimension's gap. */
  plans: string
  created_by: string
  created_at: number
  updated_by: string
  updated_at: number
}
