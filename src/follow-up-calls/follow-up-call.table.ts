/** Per organisation: how telephone follow-up (回访) is run (migration 0065). */
export interface FollowUpCallSettingsTable {
  org_id: string
  /** The survey agents ask on the phone; null: none chosen yet (calls cannot be answered). */
  survey_id: string | null
  retry_after_hours: number
  max_attempts: number
  updated_at: number
}

/** One follow-up call of a resolved case (migration 0065). */
export interface FollowUpCallTable {
  id: string
  org_id: string
  case_id: string
  /** The agent it is for: the case's owner when it was listed; null: anyone's. */
  agent_id: string | null
  /** open | call_back | retry | done | refused | unreachable */
  status: string
  /** When the call is due next (epoch ms). */
  due_at: number
  /** Attempts that did not reach the customer so far. */
  attempts: number
  response_id: string | null
  created_at: number
  updated_at: number
}

/** One attempt of a follow-up call (migration 0065). */
export interface FollowUpCallAttemptTable {
  id: string
  org_id: string
  call_id: string
  agent_id: string
  /** reached | no_answer | refused | call_back */
  outcome: string
  call_back_at: number | null
  note: string | null
  response_id: string | null
  at: number
}
