/** One training of an organisation's churn model (migration 0039). */
export interface ChurnModelTable {
  id: string
  org_id: string
  trained_at: number
  /** Features as of this time, outcome in the horizon after it: the training window. */
  train_cutoff: number
  /** The later window the model is validated on. */
  validation_cutoff: number
  horizon_days: number
  /** Customers scored with it (0 when none could be trained). */
  customers: number
  /** JSON: the fitted model (ChurnModel of src/analytics/churn.ts); null when none was trained. */
  model: string | null
  /** Why no model was trained (e.g. not_enough_history); null when one was. */
  reason: string | null
}

/** A customer's current churn risk under the newest model (migration 0039). */
export interface ChurnScoreTable {
  org_id: string
  customer_id: string
  model_id: string
  unit_id: string | null
  risk: number
  /** JSON: the feature values scored (no personal values). */
  features: string
  /** The retention action plan opened for the customer, if any. */
  action_plan_id: string | null
  scored_at: number
}
