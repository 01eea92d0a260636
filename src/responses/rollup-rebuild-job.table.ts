/**
 * rollup_rebuild_jobs (migration 0061): a rebuild of one survey's weighted unit roll-up, asked for
 * when its weight field changes and run by the background sweep.
 */
export interface RollupRebuildJobTable {
  id: string
  org_id: string
  survey_id: string
  /** The weight field applied; null when the survey is no longer weighted. */
  weight_field: string | null
  /** queued | running | done | failed */
  status: string
  /** Answers read so far, of `total`. */
  done: number
  total: number
  /** JSON: the error ({ code, message }), when failed. */
  error: string | null
  requested_at: number
  started_at: number | null
  finished_at: number | null
}
