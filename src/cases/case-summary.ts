import type { CaseSummary, Compensation } from './case.schema.js'
import type { CaseRecord } from './case.repository.js'
import type { CompensationRecord } from './compensation.repository.js'

// How a stored case reads to people: its number, its running deadline, whether it broke the SLA,
// and its summary in the API.

export const iso = (ms: number | null): string | null =>
  ms === null ? null : new Date(ms).toISOString()

export function caseNumber(n: number): string {
  return `C-${String(n).padStart(6, '0')}`
}

type Deadlines = Pick<
  CaseRecord,
  'status' | 'firstResponseDue' | 'resolutionDue' | 'firstRespondedAt' | 'resolvedAt'
>

/** The deadline still running: first response until answered, then resolution; none once resolved. */
export function nextDeadline(c: Deadlines): number | null {
  if (c.resolvedAt !== null || c.status === 'followed_up' || c.status === 'closed') return null
  return c.firstRespondedAt === null ? c.firstResponseDue : c.resolutionDue
}

export function isBreached(c: Deadlines, now: number): boolean {
  const firstLate = (c.firstRespondedAt ?? now) > c.firstResponseDue
  const resolutionLate = (c.resolvedAt ?? now) > c.resolutionDue
  return firstLate || resolutionLate
}

/** A case's summary; `withheld`: its answer is an anonymous survey's (case-withheld.ts). */
export function toSummary(
  c: CaseRecord,
  ownerName: string | null,
  now: number,
  withheld = false,
): CaseSummary {
  return {
    id: c.id,
    number: caseNumber(c.number),
    title: withheld ? '' : c.title,
    reason: c.reason,
    kind: c.kind ?? 'complaint',
    priority: c.priority,
    status: c.status,
    department: c.department,
    ownerId: c.ownerId,
    ownerName,
    customerRef: withheld ? null : c.customerRef,
    store: c.store,
    channel: c.channel,
    cause: c.cause,
    firstResponseDue: iso(c.firstResponseDue)!,
    resolutionDue: iso(c.resolutionDue)!,
    firstRespondedAt: iso(c.firstRespondedAt),
    resolvedAt: iso(c.resolvedAt),
    escalatedAt: iso(c.escalatedAt),
    nextDeadline: iso(nextDeadline(c)),
    breached: isBreached(c, now),
    createdAt: iso(c.createdAt)!,
    answerWithheld: withheld,
  }
}

export function toCompensation(c: CompensationRecord): Compensation {
  return {
    id: c.id,
    kind: c.kind,
    amount: c.amount,
    note: c.note,
    status: c.status,
    requestedBy: c.requestedBy,
    decidedBy: c.decidedBy,
    createdAt: iso(c.createdAt)!,
  }
}
