import type { Db } from '../db/database.js'
import { TtlCache, rememberPromise } from '../shared/ttl-cache.js'
import { findOpenSurveyBySlug, type PublicSurvey } from './open-survey.js'

/** Other instances sharing the database see a changed survey, or each other's answers, within this long. */
const TTL_MS = 2_000
const MAX_ENTRIES = 10_000

/**
 * Public links are hit on every answer; their survey rarely changes. One cache per app (created in
 * the composition root, src/server/deps.ts) keeps what it looked up — including "not found" and
 * "closed" — for TTL_MS on the app's clock. Changes made through this app are seen at once (the
 * survey service calls `forget`); changes made by another instance sharing the database within TTL_MS.
 */
export class OpenSurveyCache {
  readonly #surveys: TtlCache<string, Promise<PublicSurvey>>
  readonly #counts: TtlCache<string, Promise<number>>

  constructor(
    private readonly db: Db,
    clock: () => number,
    /** Answers a survey has so far (the responses service's count; this domain does not read its tables). */
    private readonly countAnswers: (surveyId: string) => Promise<number>,
  ) {
    this.#surveys = new TtlCache({ ttlMs: TTL_MS, max: MAX_ENTRIES, clock })
    this.#counts = new TtlCache({ ttlMs: TTL_MS, max: MAX_ENTRIES, clock })
  }

  /** The open survey behind a public link; failed lookups (unknown slug, closed) are cached too, unexpected errors not. */
  find(slug: string): Promise<PublicSurvey> {
    return rememberPromise(
      this.#surveys,
      slug,
      () => findOpenSurveyBySlug(this.db, slug),
      (error) => error instanceof Error && 'code' in error,
    )
  }

  /** Called by the survey service after any change to a survey. */
  forget(slug: string): void {
    this.#surveys.delete(slug)
  }

  /**
   * Answers a survey has so far, for quotas: read from the day counts at most every TTL_MS and
   * advanced locally for each answer this app stores, so one instance stops at the quota; several
   * instances may overshoot it by the answers of a second or two.
   */
  answersSoFar(surveyId: string): Promise<number> {
    return rememberPromise(this.#counts, surveyId, () => this.countAnswers(surveyId))
  }

  /** One more answer stored through this app (counted until the next read of the day counts). */
  noteAnswerStored(surveyId: string): void {
    this.#counts.update(surveyId, (count) => count.then((n) => n + 1))
  }
}
