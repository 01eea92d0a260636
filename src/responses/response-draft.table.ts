/** An unfinished multi-page answer, saved page by page so the respondent can resume. */
export interface ResponseDraftTable {
  id: string
  org_id: string
  survey_id: string
  /** sha-256 of the resume token the respondent holds (cookie or personal link). */
  token_hash: string
  /** Set when the draft belongs to a personal invitation: one draft per invitation. */
  invitation_id: string | null
  client_response_id: string
  /** The page to show next (0-based). */
  page: number
  /** JSON: the raw answers given so far, by question key. */
  answers: string
  /** JSON: DraftContext */
  context: string
  started_at: number
  updated_at: number
}
