/** A customer's consent for one purpose (migration 0050). */
export interface CustomerConsentTable {
  org_id: string
  customer_id: string
  /** survey_invitation | service | marketing */
  purpose: string
  /** 1 granted, 0 withdrawn. */
  granted: number
  /** Where it was given or withdrawn (manual, hotline, unsubscribe page …). */
  source: string
  recorded_at: number
}
