/** An action plan (migration 0030). */
export interface ActionPlanTable {
  id: string
  org_id: string
  /** Per organisation, from 1 (shown as P-000001). */
  number: number
  title: string
  problem: string
  /** man, machine, material, method, environment, measurement, or the organisation's own word. */
  cause_category: string
  root_cause: string
  /** nps, csat or ces. */
  metric: string
  /** increase or decrease. */
  goal: string
  minimum_effect: number
  /** JSON list of unit ids; empty = the whole organisation. */
  unit_ids: string
  owner_id: string
  department: string | null
  due_at: number
  /** When the action took effect (set on entering "do", or by hand). */
  action_at: number | null
  /** plan, do, check, act, closed or abandoned. */
  status: string
  abandon_reason: string | null
  /** JSON: the finding as it was (source, filters, period, figures). */
  evidence: string
  is_standard: number
  copied_from: string | null
  created_by: string
  created_at: number
  updated_at: number
  /** pending, approved or rejected; null when approval was never asked (migration 0038). */
  approval_status: string | null
  approval_requested_by: string | null
  approval_requested_at: number | null
  /** The member asked to approve. */
  approver_id: string | null
  approval_decided_at: number | null
  /** The approver's words with the decision, or the requester's with the request. */
  approval_note: string | null
}

/** A task of an action plan (migration 0030). */
export interface ActionTaskTable {
  id: string
  org_id: string
  plan_id: string
  title: string
  owner_id: string
  due_at: number
  done_at: number | null
  created_at: number
}

/** A line of an action plan's history or a comment (migration 0030). */
export interface ActionEventTable {
  id: string
  org_id: string
  plan_id: string
  /** created, status, task_added, task_done, comment, standard, copied. */
  type: string
  actor_id: string
  body: string | null
  /** JSON. */
  detail: string
  created_at: number
}

/** A reminder, escalation or verdict change the plans' jobs told (migration 0033). */
export interface ActionPlanAlertTable {
  id: string
  org_id: string
  plan_id: string
  /** The task, for a task's reminder or escalation. */
  task_id: string | null
  /** task_due, task_overdue, plan_due, plan_overdue or verdict. */
  kind: string
  /** Names the told event; unique in the organisation, so it is told once. */
  dedupe_key: string
  /** effective, not_effective or not_enough_data (kind verdict). */
  verdict: string | null
  /** JSON list of the memberships told. */
  recipients: string
  created_at: number
}

/** A file attached to an action plan (migration 0038). */
export interface ActionPlanAttachmentTable {
  id: string
  org_id: string
  plan_id: string
  filename: string
  /** What the first bytes were recognised as, never the client's claim. */
  content_type: string
  size: number
  sha256: string
  data: Buffer
  uploaded_by: string
  created_at: number
}

/** Whether an organisation wants plans approved before they are carried out (migration 0038). */
export interface ActionPlanSettingsTable {
  org_id: string
  approval_required: number
  updated_by: string
  updated_at: number
}
