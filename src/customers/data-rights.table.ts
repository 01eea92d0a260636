/** How long an organisation keeps a type of personal data (migration 0040). */
export interface CustomerRetentionTable {
  org_id: string
  /** answers, feedback, cases, contacts, transactions, customers (data-rights.schema.ts). */
  data_type: string
  days: number
  updated_by: string
  updated_at: number
}
