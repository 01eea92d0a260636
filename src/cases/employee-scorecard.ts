import { quantileSorted } from '../analytics/pareto.js'
import { wilsonInterval } from '../analytics/proportion-interval.js'
import { tallySla, type SlaOutcome } from './sla-compliance.js'

/** What a scorecard needs of one case: plain data, times already in working minutes. */
export interface ScoredCase {
  ownerId: string | null
  /** Whether the case kept its SLA, once that is known (sla-compliance.ts). */
  sla: SlaOutcome
  /** Working minutes from opening to the first response, or null before it. */
  firstResponseMinutes: number | null
  resolutionMinutes: number | null
  /** 1 satisfied, 0 not, null not followed up. */
  followUpSatisfied: number | null
  reopened: boolean
  /** Granted or approved compensation, in cents. */
  compensation: number
}

export interface EmployeeScorecard {
  ownerId: string
  cases: number
  /** Cases whose SLA outcome is known (resolved, or a deadline missed). */
  due: number
  /** Due cases that kept every deadline. */
  onTime: number
  /** onTime / due; null while none is due. */
  compliance: number | null
  firstResponseMedian: number | null
  resolutionMedian: number | null
  followedUp: number
  satisfied: number
  /** Share of followed-up customers satisfied with the recovery, with its Wilson 95% interval. */
  recoveryRate: number | null
  recoveryInterval: [number, number] | null
  reopened: number
  compensation: number
  /** Compensation per case, in cents: how costly this person's recoveries are. */
  compensationPerCase: number
}

const median = (values: number[]) =>
  quantileSorted(
    [...values].sort((a, b) => a - b),
    0.5,
  )

/**
 * Pure: one scorecard per case owner — how many cases, how many of the due ones on time, how
 * fast, how often the customer ended up satisfied, how many came back, and at
 * what cost. Unowned cases (the queue) get no card. Ordered by cases handled.
 */
export function employeeScorecards(cases: readonly ScoredCase[]): EmployeeScorecard[] {
  const byOwner = new Map<string, ScoredCase[]>()
  for (const c of cases)
    if (c.ownerId) byOwner.set(c.ownerId, [...(byOwner.get(c.ownerId) ?? []), c])
  return [...byOwner]
    .map(([ownerId, own]) => {
      const followed = own.filter((c) => c.followUpSatisfied !== null)
      const satisfied = followed.filter((c) => c.followUpSatisfied === 1).length
      const sla = tallySla(own.map((c) => c.sla))
      const compensation = own.reduce((sum, c) => sum + c.compensation, 0)
      return {
        ownerId,
        cases: own.length,
        due: sla.due,
        onTime: sla.met,
        compliance: sla.compliance,
        firstResponseMedian: median(
          own.flatMap((c) => (c.firstResponseMinutes === null ? [] : [c.firstResponseMinutes])),
        ),
        resolutionMedian: median(
          own.flatMap((c) => (c.resolutionMinutes === null ? [] : [c.resolutionMinutes])),
        ),
        followedUp: followed.length,
        satisfied,
        recoveryRate: followed.length > 0 ? satisfied / followed.length : null,
        recoveryInterval: wilsonInterval(satisfied, followed.length),
        reopened: own.filter((c) => c.reopened).length,
        compensation,
        compensationPerCase: compensation / own.length,
      }
    })
    .sort((a, b) => b.cases - a.cases || a.ownerId.localeCompare(b.ownerId))
}
