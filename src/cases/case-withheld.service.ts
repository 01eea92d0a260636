import type { OrgScope } from '../db/scope.js'
import { type WithheldCases, withheldCases } from './case-withheld.js'

/**
 * For readers outside the cases domain (the customer page, through its route): what came from
 * answers to surveys that are anonymous now — the surveys, the feedback taken in from their
 * answers and the cases opened from them (case-withheld.ts). No check of the caller: it names no
 * one, and the reader checks its own permission.
 */
export function anonymousAnswerRecords(scope: OrgScope): Promise<WithheldCases> {
  return withheldCases(scope)
}
