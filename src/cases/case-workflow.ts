import { ConflictError } from '../shared/errors.js'

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const
export type Priority = (typeof PRIORITIES)[number]

/** Material compensation has an amount; emotional (an apology, a manager's call) does not. */
export const COMPENSATION_KINDS = [
  'refund',
  'voucher',
  'points',
  'gift',
  'apology',
  'manager_call',
] as const
export type CompensationKind = (typeof COMPENSATION_KINDS)[number]
export const EMOTIONAL_KINDS: readonly CompensationKind[] = ['apology', 'manager_call']

/** A case's life: new → acknowledged → investigating → resolved → followed-up → closed, with reopening. */
export const CASE_STATUSES = [
  'new',
  'acknowledged',
  'investigating',
  'resolved',
  'followed_up',
  'closed',
] as const
export type CaseStatus = (typeof CASE_STATUSES)[number]

/** Reopening sends a case back to investigating. */
export const NEXT_STATUSES: Record<CaseStatus, readonly CaseStatus[]> = {
  new: ['acknowledged'],
  acknowledged: ['investigating'],
  investigating: ['resolved'],
  resolved: ['followed_up', 'investigating'],
  followed_up: ['closed', 'investigating'],
  closed: ['investigating'],
}

export function isOpenStatus(status: CaseStatus): boolean {
  return status === 'new' || status === 'acknowledged' || status === 'investigating'
}

/** 409 naming the current state and the allowed next ones when `to` does not follow `from`. */
export function assertCaseTransition(from: CaseStatus, to: CaseStatus): void {
  if (!NEXT_STATUSES[from].includes(to)) {
    throw new ConflictError(
      'CASE_TRANSITION_NOT_ALLOWED',
      `A ${from} case cannot become ${to}.`,
      [
        {
          path: 'status',
          reason: `cannot go from ${from} to ${to}`,
          allowed: NEXT_STATUSES[from].join(', '),
        },
      ],
      { status: from, allowedNext: NEXT_STATUSES[from] },
    )
  }
}

/** The column stamped when a case enters a status. */
export const STATUS_TIMESTAMP: Partial<
  Record<CaseStatus, 'resolved_at' | 'followed_up_at' | 'closed_at'>
> = {
  resolved: 'resolved_at',
  followed_up: 'followed_up_at',
  closed: 'closed_at',
}
