/** A transaction import running in the background, polled by the admin app for its progress. */
export interface TransactionImportJobTable {
  id: string
  org_id: string
  file: string
  /** reading | checking | writing | done | failed */
  status: string
  done: number
  total: number
  /** JSON: TransactionReport, when done. */
  report: string | null
  /** JSON: the error ({ code, message, details }), when failed. */
  error: string | null
  created_at: number
  updated_at: number
}
