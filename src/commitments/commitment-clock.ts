import {
  addBusinessMinutes,
  addWorkingDays,
  type BusinessCalendar,
} from '../shared/business-calendar.js'
import type { CommitmentClock } from './commitment.schema.js'

/** Pure: when a promise falls due, how an order's clock stands, which promises an order is held to. */

const MINUTE = 60_000

export interface CommitmentTerms {
  id: string
  serviceType: string
  startEvent: string
  endEvent: string
  clock: CommitmentClock
  limit: number
  unitIds: readonly string[]
}

/** The instant a promise started at `startedAt` falls due on its clock. */
export function commitmentDue(
  startedAt: number,
  terms: Pick<CommitmentTerms, 'clock' | 'limit'>,
  calendar: BusinessCalendar,
): number {
  if (terms.clock === 'continuous') return startedAt + terms.limit * MINUTE
  if (terms.clock === 'business_hours') return addBusinessMinutes(startedAt, terms.limit, calendar)
  return addWorkingDays(startedAt, terms.limit, calendar)
}

export interface ClockReading {
  startedAt: number
  dueAt: number
  endedAt: number | null
  status: 'running' | 'kept' | 'missed'
}

/**
 * An order's clock under one promise from its events: started by the first start event, ended
 * by the first end event at or after it. Ended by the due time: kept (on the minute counts);
 * ended later, or not ended once the due time has passed: missed; else running. Null until the
 * start event has happened.
 */
export function readClock(
  events: ReadonlyArray<{ type: string; occurredAt: number }>,
  terms: Pick<CommitmentTerms, 'startEvent' | 'endEvent' | 'clock' | 'limit'>,
  calendar: BusinessCalendar,
  now: number,
): ClockReading | null {
  let startedAt: number | null = null
  for (const e of events)
    if (e.type === terms.startEvent && (startedAt === null || e.occurredAt < startedAt))
      startedAt = e.occurredAt
  if (startedAt === null) return null
  let endedAt: number | null = null
  for (const e of events)
    if (
      e.type === terms.endEvent &&
      e.occurredAt >= startedAt &&
      (endedAt === null || e.occurredAt < endedAt)
    )
      endedAt = e.occurredAt
  const dueAt = commitmentDue(startedAt, terms, calendar)
  const status =
    endedAt !== null ? (endedAt <= dueAt ? 'kept' : 'missed') : now > dueAt ? 'missed' : 'running'
  return { startedAt, dueAt, endedAt, status }
}

/**
 * The promises an order of `serviceType` at a unit is held to. `ancestry` is the unit and its
 * ancestors, the unit first (empty: no unit known). Of promises measuring the same pair of
 * events, the one naming the nearest unit wins (a county's 90 minutes over the province's 45);
 * one naming no unit applies everywhere, below every named one. Each pair at most once.
 */
export function commitmentsForOrder<T extends CommitmentTerms>(
  commitments: readonly T[],
  serviceType: string,
  ancestry: readonly string[],
): T[] {
  const best = new Map<string, { terms: T; distance: number }>()
  for (const terms of commitments) {
    if (terms.serviceType !== serviceType) continue
    const distance = distanceOf(terms.unitIds, ancestry)
    if (distance === null) continue
    const pair = `${terms.startEvent}|${terms.endEvent}`
    const held = best.get(pair)
    if (!held || distance < held.distance) best.set(pair, { terms, distance })
  }
  return [...best.values()].map((b) => b.terms)
}

/** How far up the ancestry the nearest listed unit is; Infinity for "every unit"; null: not held. */
function distanceOf(unitIds: readonly string[], ancestry: readonly string[]): number | null {
  if (unitIds.length === 0) return Number.POSITIVE_INFINITY
  const at = ancestry.findIndex((id) => unitIds.includes(id))
  return at < 0 ? null : at
}
