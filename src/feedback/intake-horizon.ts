import type { CaseConfig } from '../cases/case-config.js'

/**
 * The case horizon, the one definition every channel's intake uses (survey answers, hotline and
 * social imports, feedback sent through the API): a record given more than the horizon before it
 * is taken — an import of last year's calls, the demo data, a backlog — is history. Its words are
 * still analysed feedback; it opens no case. The record's own time decides (when it was given,
 * answered or received), never when it was stored.
 */

/** The server's case horizon when none is given (MANYI_CASE_HORIZON_DAYS, src/config.ts). */
export const DEFAULT_CASE_HORIZON_DAYS = 7

const DAY_MS = 86_400_000

export interface CaseHorizon {
  /** The server's horizon in days (MANYI_CASE_HORIZON_DAYS); an organisation's rules.horizonDays wins. */
  caseHorizonDays?: number
}

/** Whether a record given at `givenAt` is history at `now` for this organisation's rules. */
export function isBeforeCaseHorizon(
  givenAt: number,
  now: number,
  rules: Pick<CaseConfig['rules'], 'horizonDays'>,
  horizon: CaseHorizon = {},
): boolean {
  const days = rules.horizonDays ?? horizon.caseHorizonDays ?? DEFAULT_CASE_HORIZON_DAYS
  return givenAt < now - days * DAY_MS
}
