import { ConflictError } from '../shared/errors.js'
import { type CaseStatus, NEXT_STATUSES } from './case-workflow.js'

/**
 * Every request is a work item (issue 20): a case handles a complaint (every case opened by a
 * rule on scores or conditions, and every case before migration 0063), an inquiry, a suggestion
 * or praise. Browser-safe: the admin app reads the kinds and outcomes from here.
 */
export const CASE_KINDS = ['complaint', 'inquiry', 'suggestion', 'praise'] as const
export type CaseKind = (typeof CASE_KINDS)[number]

/** The kinds besides complaints, each with a rule, an SLA and a workflow of its own. */
export const WORK_ITEM_KINDS = ['inquiry', 'suggestion', 'praise'] as const
export type WorkItemKind = (typeof WORK_ITEM_KINDS)[number]

export function isWorkItemKind(kind: string): kind is WorkItemKind {
  return (WORK_ITEM_KINDS as readonly string[]).includes(kind)
}

/**
 * What a kind's workflow decided: an inquiry is answered; a suggestion adopted or declined;
 * praise acknowledged and passed on to the employee it names.
 */
export const CASE_OUTCOMES = ['answered', 'adopted', 'declined', 'passed_on'] as const
export type CaseOutcome = (typeof CASE_OUTCOMES)[number]

type NextStatuses = Record<CaseStatus, readonly CaseStatus[]>

/**
 * Each kind's next states. A complaint goes new → acknowledged → investigating → resolved →
 * followed_up → closed, with reopening. An inquiry may be answered at once (new → resolved), and
 * is not followed up. A suggestion is assessed (investigating) and leaves it only by adoption or
 * decline; praise is acknowledged and leaves that only by being passed on: those decisions have
 * their own requests (case-decision.service.ts), never a bare status change.
 */
export const NEXT_STATUSES_BY_KIND: Record<CaseKind, NextStatuses> = {
  complaint: NEXT_STATUSES,
  inquiry: {
    new: ['acknowledged', 'resolved'],
    acknowledged: ['resolved'],
    investigating: ['resolved'],
    resolved: ['closed', 'investigating'],
    followed_up: ['closed'],
    closed: ['investigating'],
  },
  suggestion: {
    new: ['acknowledged'],
    acknowledged: ['investigating'],
    investigating: [],
    resolved: ['closed'],
    followed_up: ['closed'],
    closed: [],
  },
  praise: {
    new: ['acknowledged'],
    acknowledged: [],
    investigating: [],
    resolved: ['closed'],
    followed_up: ['closed'],
    closed: [],
  },
}

/** The request that moves a suggestion or praise on where a bare status change may not. */
const DECIDED_BY: Partial<
  Record<
    CaseKind,
    { code: 'SUGGESTION_DECISION_REQUIRED' | 'PRAISE_PASS_ON_REQUIRED'; message: string }
  >
> = {
  suggestion: {
    code: 'SUGGESTION_DECISION_REQUIRED' as const,
    message: 'A suggestion is resolved by adopting or declining it.',
  },
  praise: {
    code: 'PRAISE_PASS_ON_REQUIRED',
    message: 'Praise is resolved by passing it on to the employee.',
  },
}

/** 409 naming the current state and the allowed next ones when `to` does not follow `from` for the kind. */
export function assertKindTransition(kind: CaseKind, from: CaseStatus, to: CaseStatus): void {
  const allowed = NEXT_STATUSES_BY_KIND[kind][from]
  if (allowed.includes(to)) return
  const decision = to === 'resolved' ? DECIDED_BY[kind] : undefined
  throw new ConflictError(
    decision?.code ?? 'CASE_TRANSITION_NOT_ALLOWED',
    decision?.message ?? `A ${from} ${kind} case cannot become ${to}.`,
    [{ path: 'status', reason: `cannot go from ${from} to ${to}`, allowed: allowed.join(', ') }],
    { status: from, allowedNext: allowed },
  )
}
