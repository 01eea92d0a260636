import type { Db } from '../db/database.js'
import { storedAnswersAfter } from '../responses/response.service.js'
import { readIntakeCursor } from './intake-cursor.repository.js'
import { CURSOR, idFloor, START_BACK_MS } from './survey-intake.js'

/** The survey intake's queue, for monitoring (the metrics endpoint). */
export interface IntakeBacklog {
  /** Stored answers after the intake's cursor, counted up to the limit asked for. */
  count: number
  /** When the oldest of them was stored (its UUIDv7 time), null when none waits. */
  oldestAt: number | null
}

/**
 * Answers stored but not yet taken by the survey intake job, across every organisation (a
 * background job's view: the store handle, no scope). Includes the last few seconds the intake
 * reads twice on purpose (its safety window), so a quiet store shows at most those.
 */
export async function surveyIntakeBacklog(
  db: Db,
  now: number,
  limit: number,
): Promise<IntakeBacklog> {
  const cursor = await readIntakeCursor(db, CURSOR, idFloor(now - START_BACK_MS), now)
  const waiting = await storedAnswersAfter(db, cursor, limit)
  const oldest = waiting[0]
  return { count: waiting.length, oldestAt: oldest ? uuidV7Time(oldest.id) : null }
}

/** The millisecond timestamp in a UUIDv7's first 48 bits. */
function uuidV7Time(id: string): number {
  return Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)
}
