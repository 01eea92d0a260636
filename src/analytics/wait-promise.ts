import { ValidationError } from '../shared/errors.js'

/**
 * Whether a hall kept its waiting promise — "`withinShare` of visitors called within `limit`" —
 * over a window of visits, and whether its live estimate breaks it now. Pure: plain data in and
 * out, milliseconds throughout.
 *
 * A visit counts once its outcome against the promise is known at `now`:
 * - called: over the promise when its wait (taken → called) exceeded the limit;
 * - still waiting: over once it has waited longer than the limit (the promise is already broken
 *   for that visitor, called or not), not yet judged before that;
 * - left without being called: not judged (when they left is not part of the replayed visit,
 *   and walk-outs are reported on their own).
 * The window breaks the promise when at least `minVisits` were judged and the share over the
 * limit exceeds the share allowed over it, 1 − withinShare (the promise's own terms, as a
 * service-level target "X % answered within Y" is read in call centres: e.g. Koole, Call Center
 * Optimization, 2013, §1.3 "service level").
 */

export interface WaitPromiseTerms {
  /** Milliseconds. */
  limit: number
  /** Share of visitors promised a call within the limit, in (0, 1]. */
  withinShare: number
}

export interface PromiseVisit {
  takenAt: number
  /** Milliseconds from taken to called; null when not called (yet). */
  wait: number | null
  abandoned: boolean
}

export interface WaitShareJudgement {
  /** Visits whose outcome against the promise is known. */
  n: number
  over: number
  /** over / n; null when n = 0. */
  overShare: number | null
  allowedShare: number
  /** n ≥ minVisits and overShare > allowedShare. */
  breached: boolean
  /** n < minVisits: too few visits to judge. */
  tooFew: boolean
}

function refuse(path: string, value: unknown, allowed: string): never {
  throw new ValidationError('VALUE_OUT_OF_RANGE', `${path} ${String(value)} is not ${allowed}.`, [
    { path, reason: `not ${allowed}`, allowed },
  ])
}

function checkTerms(terms: WaitPromiseTerms): void {
  if (!Number.isFinite(terms.limit) || terms.limit <= 0)
    refuse('limit', terms.limit, 'a positive duration')
  if (!Number.isFinite(terms.withinShare) || terms.withinShare <= 0 || terms.withinShare > 1)
    refuse('withinShare', terms.withinShare, 'a share in (0, 1]')
}

export function judgeWaitShare(
  visits: readonly PromiseVisit[],
  terms: WaitPromiseTerms,
  now: number,
  minVisits: number,
): WaitShareJudgement {
  checkTerms(terms)
  if (!Number.isInteger(minVisits) || minVisits < 1)
    refuse('minVisits', minVisits, 'a whole number ≥ 1')
  let n = 0
  let over = 0
  visits.forEach((v, i) => {
    if (v.wait !== null && (!Number.isFinite(v.wait) || v.wait < 0))
      refuse(`visits.${i}.wait`, v.wait, 'a duration ≥ 0')
    if (v.wait !== null) {
      n++
      if (v.wait > terms.limit) over++
    } else if (!v.abandoned && now - v.takenAt > terms.limit) {
      n++
      over++
    }
  })
  const allowedShare = 1 - terms.withinShare
  const overShare = n === 0 ? null : over / n
  const tooFew = n < minVisits
  return {
    n,
    over,
    overShare,
    allowedShare,
    breached: !tooFew && overShare !== null && overShare > allowedShare + 1e-12,
    tooFew,
  }
}

/** The live estimate breaks the promise when someone taking a ticket now would wait longer than the limit. */
export function liveEstimateBreaks(estimate: number | null, terms: WaitPromiseTerms): boolean {
  checkTerms(terms)
  if (estimate === null) return false
  if (!Number.isFinite(estimate) || estimate < 0) refuse('estimate', estimate, 'a duration ≥ 0')
  return estimate > terms.limit
}
