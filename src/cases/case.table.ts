import type { ColumnType } from 'kysely'

export interface CaseTable {
  id: string
  org_id: string
  /** Human case number, per organisation (C-000042). */
  number: number
  feedback_id: string
  title: string
  /** Which rule opened it: detractor, low_csat, complaint, condition:<name>, manual. */
  reason: string
  /** low | normal | high | urgent */
  priority: string
  /** new | acknowledged | investigating | resolved | followed_up | closed */
  status: string
  department: string | null
  owner_id: string | null
  customer_ref: string | null
  store: string | null
  /** The organisation unit the record belongs to (migration 0020); null = none known. */
  unit_id: ColumnType<string | null, string | null | undefined, string | null>
  /** The employee who served (migration 0041, src/employees); null = not known. */
  employee_id: ColumnType<string | null, string | null | undefined, string | null>
  channel: string
  topic: string | null
  /** From the organisation's cause taxonomy. */
  cause: string | null
  /** ours | customer | third_party */
  responsibility: string | null
  /** Assessed loss in cents. */
  assessed_loss: number | null
  first_response_due: number
  resolution_due: number
  first_responded_at: number | null
  resolved_at: number | null
  followed_up_at: number | null
  closed_at: number | null
  warned_at: number | null
  escalated_at: number | null
  escalated_to: string | null
  follow_up_invitation_id: string | null
  follow_up_response_id: string | null
  /** 1 satisfied, 0 not, null not followed up by survey. */
  follow_up_satisfied: number | null
  reopened: number
  created_at: number
  updated_at: number
  /** complaint | inquiry | suggestion | praise (migration 0063; earlier cases are complaints). */
  kind: ColumnType<string, string | undefined, string>
  /** What the kind's workflow decided: answered | adopted | declined | passed_on; null = not yet. */
  outcome: ColumnType<string | null, string | null | undefined, string | null>
  /** Why a suggestion was declined (or a note on the outcome). */
  outcome_reason: ColumnType<string | null, string | null | undefined, string | null>
  /** The action plan an adopted suggestion is linked to (src/actions). */
  action_plan_id: ColumnType<string | null, string | null | undefined, string | null>
  /** Points an adopted suggestion's customer was rewarded with (once; src/loyalty). */
  reward_points: ColumnType<number | null, number | null | undefined, number | null>
  rewarded_at: ColumnType<number | null, number | null | undefined, number | null>
}

export interface CaseEventTable {
  id: string
  org_id: string
  case_id: string
  /** created | status | assigned | note | reply | recovery | compensation | approval | warned | escalated | follow_up_sent | follow_up_answered */
  type: string
  /** internal | customer: notes stay inside, replies go to the customer. */
  visibility: string
  actor_type: string
  actor_id: string
  body: string | null
  /** JSON */
  detail: string
  /** Replies to the customer: pending | sending | sent | delivered | failed | none (no address); null for everything else. */
  delivery: ColumnType<string | null, string | null | undefined, string | null>
  delivery_error: ColumnType<string | null, string | null | undefined, string | null>
  created_at: number
  /**
   * The SMS cloud's id of a reply or status message sent by SMS (migration 0076), by which its
   * delivery receipt finds it; the receipt moves delivery from sent to delivered or failed.
   */
  provider_message_id: ColumnType<string | null, string | null | undefined, string | null>
}

export interface CompensationTable {
  id: string
  org_id: string
  case_id: string
  /** refund | voucher | points | gift | apology | manager_call */
  kind: string
  /** Cents for material kinds; 0 for emotional ones. */
  amount: number
  note: string | null
  /** granted | pending_approval | approved | rejected */
  status: string
  requested_by: string
  decided_by: string | null
  decided_at: number | null
  created_at: number
}

export interface CaseConfigTable {
  org_id: string
  /** JSON: CaseConfig */
  config: string
  /** Next position of round-robin routing. */
  round_robin: ColumnType<number, number | undefined, number>
  updated_at: number
  /** The public complaint form is at /complain/<key>; unique across organisations (migration 0008). */
  public_form_key: ColumnType<string | null, string | null | undefined, string | null>
}
