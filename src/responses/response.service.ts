import {
  findInvitationForSurvey,
  invitationResponseKey,
  markInvitationCompleted,
  type OpenedInvitation,
} from '../distribution/distribution.service.js'
import {
  assertAcceptingAnswers,
  checkAnswers,
  type AnswerSource,
} from '../surveys/survey-answering.service.js'
import { organisationLinkSecret, verifyLinkToken } from '../surveys/signed-link.service.js'
import { ResponseSubmissionSchema, type SurveySettings } from '../surveys/survey.schema.js'
import { ValidationError } from '../shared/errors.js'
import { DEFAULT_LOCALE } from '../shared/locale.js'
import { parseInput } from '../shared/validation.js'
import { answerDuration } from './response-quality.js'
import { buildResponseRow } from './response-row.js'
import { insertWithinQuota } from './quota-insert.js'
import type { AnswerPath } from './answer-path.js'
import { answerUnitId } from './unit-attribution.js'
import { unitByCode } from '../units/unit.service.js'
import { answerEmployeeId } from '../employees/employee-attribution.service.js'
import { personalSealer } from './contact-answer-sealing.js'
import { assertAnswerFiles, linkAnswerFiles } from './response-upload.service.js'

export interface SubmitResult {
  id: string
  surveyId: string
  submittedAt: string
  created: boolean
}

/**
 * Store one public answer. `idempotencyKey` (the Idempotency-Key header) or the
 * body's clientResponseId makes retries safe: the same key returns the
 * response stored first and writes nothing. `answersFrom` is `text` only for
 * the respondent page's form posts, whose scores arrive as digits.
 *
 * An answer on a personal link names its invitation — the body's
 * invitationToken (JSON), or the invitation the respondent page has opened
 * (`opened`) — and is stored with its invitation_id, counted under the
 * invitation's channel, once per invitation. What follows from the answer
 * (feedback, a case, a follow-up closing its case) is the survey intake's
 * (feedback/survey-intake.ts), the same for every channel: a new answer wakes
 * it.
 */
export async function submitResponse(
  path: AnswerPath,
  slug: string,
  body: unknown,
  idempotencyKey: string | undefined,
  now: number,
  answersFrom: AnswerSource = 'json',
  opened?: OpenedInvitation,
): Promise<SubmitResult> {
  const { store, openSurveys } = path
  const { survey, orgId, timezone } = await openSurveys.find(slug)
  // A keyed answer skips the cached quota count: insertWithinQuota counts exactly and answers a
  // repeated key with the answer stored first, also once the quota is full, where another
  // instance's cached count would refuse the retry (scale-out.test.ts).
  const keyed = idempotencyKey !== undefined || hasClientResponseId(body)
  assertAcceptingAnswers(
    survey,
    now,
    survey.settings.responseQuota === undefined || keyed
      ? 0
      : await openSurveys.answersSoFar(survey.id),
  )
  const submission = parseInput(ResponseSubmissionSchema, body, 'response')
  const posted = idempotencyKey ?? submission.clientResponseId
  if (posted !== undefined && !/^[A-Za-z0-9_-]{8,100}$/.test(posted)) {
    throw new ValidationError('VALIDATION_FAILED', 'The idempotency key is not valid.', [
      { path: 'Idempotency-Key', reason: 'must be 8–100 characters of A–Z, a–z, 0–9, _ or -' },
    ])
  }
  const invitation =
    opened ??
    (submission.invitationToken === undefined
      ? null
      : await findInvitationForSurvey(store.db, submission.invitationToken, survey.id))
  // Answered before (also before invitation keys were what they are now): the answer stored first.
  if (invitation?.completedAt != null && invitation.responseId !== null)
    return {
      id: invitation.responseId,
      surveyId: survey.id,
      submittedAt: new Date(invitation.completedAt).toISOString(),
      created: false,
    }
  const key = invitation ? invitationResponseKey(invitation.id) : posted
  const { answers, issues } = checkAnswers(survey.questions, submission.answers, answersFrom)
  if (issues.length > 0)
    throw new ValidationError('ANSWERS_INVALID', 'Some answers are missing or not allowed.', issues)
  await assertAnswerFiles({ db: store.db, orgId }, survey, answers)
  const segments = await trustedSegments(
    path,
    orgId,
    survey.settings,
    submission.segments,
    submission.linkToken,
    now,
  )
  // The invitation's contact columns are the link's hidden fields, as on the respondent page
  // (where signed fields, too, come only from a signed link token).
  if (invitation)
    for (const field of survey.settings.hiddenFields) {
      if (survey.settings.signedFields.includes(field)) continue
      const value = invitation.attributes[field]
      if (value !== undefined && value !== '' && value.length <= 200) segments[field] = value
    }
  const unitId = await answerUnitId(
    { db: store.db, orgId },
    segments,
    invitation?.contactUnitId ?? null,
    (code) => unitIdOfCode(path, orgId, code),
  )
  // Who served: the `employee` hidden field, else the invitation contact's attribute (issue 19).
  const employeeId = await answerEmployeeId(
    { db: store.db, orgId },
    segments,
    invitation?.attributes ?? null,
  )
  const row = buildResponseRow({
    survey,
    orgId,
    timezone,
    answers,
    clientResponseId: key,
    locale: submission.locale ?? DEFAULT_LOCALE,
    channel: invitation?.channel ?? submission.channel,
    segments,
    submittedAt: now,
    durationMs: answerDuration(submission.startedAt, now),
    pilot: survey.settings.pilot,
    invitationId: invitation?.id ?? null,
    unitId,
    employeeId,
    sealPersonal: personalSealer(store.db),
  })
  // A quota is kept exactly (quota-insert.ts); other answers are group-committed.
  const quota = survey.settings.responseQuota
  const stored =
    quota === undefined ? await path.writer.write(row) : await insertWithinQuota(store, row, quota)
  if (stored.created) openSurveys.noteAnswerStored(survey.id)
  await linkAnswerFiles({ db: store.db, orgId }, survey, answers, stored.id)
  if (invitation) await markInvitationCompleted(store.db, invitation.id, stored.id, now)
  if (stored.created) path.wakeJobs()
  return {
    id: stored.id,
    surveyId: survey.id,
    submittedAt: new Date(stored.submittedAt).toISOString(),
    created: stored.created,
  }
}

/** A unit code's id in the organisation (null: none), through the answer path's cache when it has one. */
async function unitIdOfCode(path: AnswerPath, orgId: string, code: string): Promise<string | null> {
  const key = `${orgId}|${code}`
  const cached = path.unitCodes?.get(key)
  if (cached !== undefined) return cached || null
  const id = (await unitByCode({ db: path.store.db, orgId }, code))?.id ?? null
  path.unitCodes?.set(key, id ?? '')
  return id
}

/**
 * Link parameters are the respondent's to change; fields the survey declares
 * signed come only from a valid signed token, which also wins over any plain
 * parameter of the same name.
 */
async function trustedSegments(
  path: Pick<AnswerPath, 'store' | 'linkSecrets'>,
  orgId: string,
  settings: SurveySettings,
  posted: Record<string, string>,
  linkToken: string | undefined,
  now: number,
): Promise<Record<string, string>> {
  const segments = { ...posted }
  for (const field of settings.signedFields) delete segments[field]
  if (linkToken === undefined) return segments
  const signed = verifyLinkToken(
    await organisationLinkSecret({ db: path.store.db, orgId }, path.linkSecrets),
    linkToken,
    now,
  )
  for (const field of settings.hiddenFields)
    if (Object.hasOwn(signed, field) && signed[field] !== undefined) segments[field] = signed[field]
  return segments
}

// The stored answers that feedback intake reads after its cursor. (The respondent page's answer
// flow is answer-flow.service.ts, the response files response-files.service.ts: both build on
// submitResponse above.)
export { storedAnswersAfter, type StoredAnswer } from './stored-answers.js'

function hasClientResponseId(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { clientResponseId?: unknown }).clientResponseId === 'string'
  )
}
