import type { Store } from '../db/connect.js'
import {
  answersSoFar,
  findOpenSurveyCached,
  noteAnswerStored,
} from '../surveys/open-survey-cache.js'
import { assertAcceptingAnswers } from '../surveys/open-survey.js'
import { checkAnswers, type AnswerSource } from '../surveys/survey-answers.js'
import { organisationLinkSecret, verifyLinkToken } from '../surveys/signed-link.js'
import { ResponseSubmissionSchema, type SurveySettings } from '../surveys/survey.schema.js'
import { ValidationError } from '../shared/errors.js'
import { DEFAULT_LOCALE } from '../shared/locale.js'
import { parseInput } from '../shared/validation.js'
import { answerDuration } from './response-quality.js'
import { buildResponseRow } from './response-row.js'
import { insertWithinQuota } from './quota-insert.js'
import { ResponseWriter } from './response-writer.js'

export interface SubmitResult {
  id: string
  surveyId: string
  submittedAt: string
  created: boolean
}

const writers = new WeakMap<Store, ResponseWriter>()

function writerFor(store: Store): ResponseWriter {
  let writer = writers.get(store)
  if (!writer) {
    writer = new ResponseWriter(store)
    writers.set(store, writer)
  }
  return writer
}

/**
 * Store one public answer. `idempotencyKey` (the Idempotency-Key header) or the
 * body's clientResponseId makes retries safe: the same key returns the
 * response stored first and writes nothing. `answersFrom` is `text` only for
 * the respondent page's form posts, whose scores arrive as digits.
 */
export async function submitResponse(
  store: Store,
  slug: string,
  body: unknown,
  idempotencyKey: string | undefined,
  now: number,
  answersFrom: AnswerSource = 'json',
): Promise<SubmitResult> {
  const { survey, orgId, timezone } = await findOpenSurveyCached(store.db, slug, now)
  assertAcceptingAnswers(
    survey,
    now,
    survey.settings.responseQuota === undefined ? 0 : await answersSoFar(store.db, survey.id, now),
  )
  const submission = parseInput(ResponseSubmissionSchema, body, 'response')
  const key = idempotencyKey ?? submission.clientResponseId
  if (key !== undefined && !/^[A-Za-z0-9_-]{8,100}$/.test(key)) {
    throw new ValidationError('VALIDATION_FAILED', 'The idempotency key is not valid.', [
      { path: 'Idempotency-Key', reason: 'must be 8–100 characters of A–Z, a–z, 0–9, _ or -' },
    ])
  }
  const { answers, issues } = checkAnswers(survey.questions, submission.answers, answersFrom)
  if (issues.length > 0)
    throw new ValidationError('ANSWERS_INVALID', 'Some answers are missing or not allowed.', issues)
  const segments = await trustedSegments(
    store,
    orgId,
    survey.settings,
    submission.segments,
    submission.linkToken,
    now,
  )
  const row = buildResponseRow({
    survey,
    orgId,
    timezone,
    answers,
    clientResponseId: key,
    locale: submission.locale ?? DEFAULT_LOCALE,
    channel: submission.channel,
    segments,
    submittedAt: now,
    durationMs: answerDuration(submission.startedAt, now),
    pilot: survey.settings.pilot,
  })
  // A quota is kept exactly (quota-insert.ts); other answers are group-committed.
  const quota = survey.settings.responseQuota
  const stored =
    quota === undefined
      ? await writerFor(store).write(row)
      : await insertWithinQuota(store, row, quota)
  if (stored.created) noteAnswerStored(store.db, survey.id)
  return {
    id: stored.id,
    surveyId: survey.id,
    submittedAt: new Date(stored.submittedAt).toISOString(),
    created: stored.created,
  }
}

/**
 * Link parameters are the respondent's to change; fields the survey declares
 * signed come only from a valid signed token, which also wins over any plain
 * parameter of the same name.
 */
async function trustedSegments(
  store: Store,
  orgId: string,
  settings: SurveySettings,
  posted: Record<string, string>,
  linkToken: string | undefined,
  now: number,
): Promise<Record<string, string>> {
  const segments = { ...posted }
  for (const field of settings.signedFields) delete segments[field]
  if (linkToken === undefined) return segments
  const signed = verifyLinkToken(await organisationLinkSecret(store.db, orgId), linkToken, now)
  for (const field of settings.hiddenFields)
    if (Object.hasOwn(signed, field) && signed[field] !== undefined) segments[field] = signed[field]
  return segments
}
