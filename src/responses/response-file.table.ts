/** A file a respondent uploaded to a file_upload question (migration 0028). */
export interface ResponseFileTable {
  id: string
  org_id: string
  survey_id: string
  question_key: string
  /** The uploader's idempotency key, unique per survey and question. */
  upload_key: string
  /** The stored answer that names the file; null until it is stored. */
  response_id: string | null
  filename: string
  /** What the first bytes were recognised as (upload-sniff.ts), never the client's claim. */
  content_type: string
  size: number
  sha256: string
  data: Buffer
  created_at: number
}
