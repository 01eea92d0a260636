import type { DisputeRow } from './appraisal.repository.js'
import type { Dispute } from './appraisal.schema.js'

/** A dispute row as the API shows it. */
export function toDispute(row: DisputeRow): Dispute {
  return {
    id: row.id,
    appraisalId: row.appraisalId,
    employeeId: row.employeeId,
    text: row.text,
    status: row.status as 'open' | 'answered',
    answer: row.answer,
    answeredBy: row.answeredBy,
    answeredAt: row.answeredAt,
    createdAt: row.createdAt,
  }
}
