import type { Store } from '../db/connect.js'
import type { TtlCache } from '../shared/ttl-cache.js'
import type { WakeJobs } from '../shared/wake-jobs.js'
import type { LinkSecretCache } from '../surveys/signed-link.js'
import type { OpenSurveyCache } from '../surveys/open-survey-cache.js'
import type { ResponseWriter } from './response-writer.js'

/**
 * What the public answer path works with, made once per app (src/server/deps.ts) and handed
 * to submitResponse and the respondent page's flow: the store, the app's cache of open surveys
 * and their quota counts, its one response writer, and the way to wake the background jobs
 * (the survey intake takes every stored answer from there).
 */
export interface AnswerPath {
  readonly store: Store
  readonly openSurveys: OpenSurveyCache
  readonly writer: ResponseWriter
  readonly wakeJobs: WakeJobs
  /** The organisations' link secrets, to check signed links without a read each time. */
  readonly linkSecrets: LinkSecretCache
  /** Unit ids by `orgId|code` ('' = no such unit), so an answer's unit link is not a read each time. */
  readonly unitCodes?: UnitCodeCache
}

/** Unit ids by `orgId|code`; '' when the organisation has no unit of that code. */
export type UnitCodeCache = TtlCache<string, string>
