/** A published service promise (migration 0042). */
export interface CommitmentTable {
  id: string
  org_id: string
  /** The organisation's own short name of the promise, unique (repair-arrival-city). */
  code: string
  /** repair, refund, … (the organisation's words; events name the same). */
  service_type: string
  /** JSON { "zh-CN": …, "en-US"?: … }. */
  title: string
  start_event: string
  end_event: string
  /** continuous, business_hours or working_days. */
  clock: string
  /** Minutes (continuous, business_hours) or working days (working_days). */
  limit_value: number
  /** JSON list of unit ids (each with its subtree); empty = every unit. */
  unit_ids: string
  published: number
  created_at: number
  updated_at: number
}

/** An operational event of a service order (migration 0042). */
export interface ServiceEventTable {
  id: string
  org_id: string
  /** The sender's id: the same id again is the same event. */
  event_id: string
  order_ref: string
  service_type: string
  unit_id: string | null
  /** created, arrived, completed, refunded, … */
  type: string
  occurred_at: number
  /** The customer's account or reference in the source system (no name, phone or address). */
  customer_ref: string | null
  received_at: number
}

/** One order held to one commitment (migration 0042). */
export interface CommitmentClockTable {
  id: string
  org_id: string
  commitment_id: string
  order_ref: string
  unit_id: string | null
  started_at: number
  due_at: number
  ended_at: number | null
  /** running, kept or missed. */
  status: string
  /** The case its breach opened. */
  case_id: string | null
  updated_at: number
}
