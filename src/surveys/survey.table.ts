export interface SurveyTable {
  id: string
  org_id: string
  slug: string
  /** JSON: LocalizedText */
  title: string
  status: string
  default_locale: string
  /** JSON: Question[] */
  questions: string
  version: number
  created_at: number
  updated_at: number
  published_at: number | null
  closed_at: number | null
  /** JSON: SurveySettings */
  settings: string
}
