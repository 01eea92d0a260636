import { isBreached } from './case-summary.js'
import type { CaseRecord } from './case-record.js'
import { isOpenStatus } from './case-workflow.js'

// SLA compliance, defined once for every level (organisation, department, owner, SLA board,
// employee scorecard, complaint analytics): a case counts once its outcome is known. A case
// that is neither resolved nor late yet may still be met or missed, so counting it as met
// flattered every figure with a long open queue (a department at 99% whose agents scored 50–74%).

/**
 * met: resolved with every deadline kept; missed: a deadline passed without the response or
 * resolution it asked for (whether or not the case is resolved since); pending: nothing late
 * yet and not resolved, so not counted.
 */
export type SlaOutcome = 'met' | 'missed' | 'pending'

type Deadlines = Pick<
  CaseRecord,
  'status' | 'firstResponseDue' | 'resolutionDue' | 'firstRespondedAt' | 'resolvedAt'
>

export function slaOutcome(c: Deadlines, now: number): SlaOutcome {
  if (isBreached(c, now)) return 'missed'
  if (c.resolvedAt !== null || !isOpenStatus(c.status)) return 'met'
  return 'pending'
}

export interface SlaTally {
  /** All cases of the group. */
  cases: number
  /** Cases whose outcome is known (met + missed): the denominator of compliance. */
  due: number
  met: number
  missed: number
  /** Share of due cases met; null while none is due. */
  compliance: number | null
}

export function tallySla(outcomes: Iterable<SlaOutcome>): SlaTally {
  let cases = 0
  let met = 0
  let missed = 0
  for (const o of outcomes) {
    cases++
    if (o === 'met') met++
    else if (o === 'missed') missed++
  }
  const due = met + missed
  return { cases, due, met, missed, compliance: due > 0 ? met / due : null }
}
