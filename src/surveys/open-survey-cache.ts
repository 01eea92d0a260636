import type { Db } from '../db/database.js'
import { findOpenSurveyBySlug, type PublicSurvey } from './open-survey.js'

/**
 * Public links are hit on every answer; their survey rarely changes. Each
 * process keeps what it looked up (including "not found" and "closed") for a
 * short time. Changes made through this process are seen at once; changes made
 * by another instance sharing the database within `TTL_MS`.
 */
const TTL_MS = 2_000
const MAX_ENTRIES = 10_000

interface Entry {
  at: number
  result: Promise<PublicSurvey>
}

const caches = new WeakMap<Db, Map<string, Entry>>()

function cacheOf(db: Db): Map<string, Entry> {
  let entries = caches.get(db)
  if (!entries) {
    entries = new Map()
    caches.set(db, entries)
  }
  return entries
}

export function findOpenSurveyCached(db: Db, slug: string, now: number): Promise<PublicSurvey> {
  const entries = cacheOf(db)
  const entry = entries.get(slug)
  if (entry && now - entry.at < TTL_MS) return entry.result
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!)
  const result = findOpenSurveyBySlug(db, slug)
  // Failed lookups (unknown slug, closed survey) are cached too; unexpected errors are not.
  result.catch((error: unknown) => {
    if (!(error instanceof Error && 'code' in error)) entries.delete(slug)
  })
  entries.set(slug, { at: now, result })
  return result
}

/** Called by the survey service after any change to a survey. */
export function forgetOpenSurvey(db: Db, slug: string): void {
  cacheOf(db).delete(slug)
}

interface CountEntry {
  at: number
  count: Promise<number>
}

const counts = new WeakMap<Db, Map<string, CountEntry>>()

/**
 * Answers a survey has so far, for quotas: read from the day counts at most
 * every TTL_MS and advanced locally for each answer this process stores, so
 * one instance stops at the quota; several instances may overshoot it by the
 * answers of a second or two.
 */
export function answersSoFar(db: Db, surveyId: string, now: number): Promise<number> {
  let entries = counts.get(db)
  if (!entries) {
    entries = new Map()
    counts.set(db, entries)
  }
  const entry = entries.get(surveyId)
  if (entry && now - entry.at < TTL_MS) return entry.count
  const count = db
    .selectFrom('response_daily_counts')
    .select((eb) => eb.fn.sum<number>('responses').as('n'))
    .where('survey_id', '=', surveyId)
    .executeTakeFirst()
    .then((row) => Number(row?.n ?? 0))
  entries.set(surveyId, { at: now, count })
  return count
}

export function noteAnswerStored(db: Db, surveyId: string): void {
  const entry = counts.get(db)?.get(surveyId)
  if (entry) entry.count = entry.count.then((n) => n + 1)
}
