import {
  caseOpeningFor,
  linkFollowUpAnswer,
  loadCaseConfig,
  SYSTEM_ACTOR,
  type CaseConfig,
} from '../cases/case-intake.service.js'
import { linkStoredAnswers } from '../customers/customer-links.service.js'
import { isPhoneFollowUpAnswer } from '../cases/case-phone-follow-up.service.js'
import type { Db } from '../db/database.js'
import { invitedContacts, type InvitedContact } from '../distribution/distribution.service.js'
import { storedAnswersAfter, type StoredAnswer } from '../responses/response.service.js'
import { surveyQuestionsByIds } from '../surveys/survey.service.js'
import type { Question } from '../surveys/survey.schema.js'
import { customerReferenceOf } from './customer-reference.js'
import { advanceIntakeCursor, readIntakeCursor } from './intake-cursor.repository.js'
import { type CaseHorizon, isBeforeCaseHorizon } from './intake-horizon.js'
import { storeFeedbackBatch, type FeedbackToStore } from './feedback.service.js'

/**
 * The one "answer stored" step. Every stored answer, whatever channel it
 * came through (JSON API, respondent page, widget, import), is taken here
 * once: an answer on a follow-up invitation (回访) is linked to its case and
 * goes no further; any other answer that comments or fires a case rule (a
 * detractor, a low CSAT, a configured condition — evaluated once, here)
 * becomes feedback, analysed as it is stored, with its case opened in the
 * same transaction — unless the answer was given before the case horizon
 * (IntakeOptions): history is analysed, never a case.
 *
 * Runs as a background job over the responses table in id order (UUIDv7 ids
 * sort by time), so the public answer path stays as fast as it was and
 * nothing is lost if a process stops: the next run resumes from the stored
 * cursor.
 *
 * Answers from several instances may commit a little out of id order, so the
 * cursor never moves past "now − SAFETY_MS": the last few seconds are read
 * again next time (rows this process already took are skipped in memory; the
 * unique response id makes storing idempotent across instances, and linking
 * a follow-up moves its case once). Each run takes at most MAX_ROWS_PER_RUN
 * rows and yields to the event loop as it goes, so a burst of answers is
 * worked off over several runs without starving the HTTP server.
 */

/** The intake's cursor (intake-cursor.repository.ts); the backlog for monitoring reads it too. */
export const CURSOR = 'survey-responses'
const SAFETY_MS = 5_000
/** A new installation starts this far back, so answers given just before the first run are not missed. */
export const START_BACK_MS = 60_000
const BATCH = 500
export const MAX_ROWS_PER_RUN = 1_000
export { DEFAULT_CASE_HORIZON_DAYS } from './intake-horizon.js'

/**
 * Answers given more than caseHorizonDays before the run are history — an import of last year's
 * answers, the demo data, a backlog — and open no case (an organisation's rules.horizonDays
 * wins; intake-horizon.ts). Their comments still become feedback.
 */
export type IntakeOptions = CaseHorizon

/** The smallest UUIDv7 of an instant: ids compare as text in time order. */
export function idFloor(at: number): string {
  const hex = Math.max(0, at).toString(16).padStart(12, '0')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve))

/**
 * One run. `recentlyTaken` holds the ids this app took within the safety
 * window, so re-reading them costs no queries: one set per app, kept between
 * runs by the caller (the job registry).
 */
export async function runSurveyIntake(
  db: Db,
  now: number,
  recentlyTaken: Set<string>,
  options: IntakeOptions = {},
): Promise<{ feedback: number; more: boolean }> {
  // A new installation starts now; answers stored since but given long before (imports, demo
  // data) open no case either (the horizon, below).
  const cursor = await readIntakeCursor(db, CURSOR, idFloor(now - START_BACK_MS), now)
  let after = cursor
  let stored = 0
  let read = 0
  let more = false
  let last = cursor
  const run: IntakeRun = {
    db,
    now,
    horizon: options,
    configs: new Map(),
    questions: new Map(),
  }
  for (;;) {
    const rows = await storedAnswersAfter(db, after, BATCH)
    const fresh: StoredAnswer[] = []
    for (const row of rows) {
      last = row.id
      // Rows taken in an earlier run (re-read inside the safety window) cost nothing and do not count.
      if (recentlyTaken.has(row.id)) continue
      recentlyTaken.add(row.id)
      read++
      fresh.push(row)
    }
    const batch = await answersStored(run, fresh)
    // One transaction per slice of a hundred: a commit per answer would starve the answer writer.
    for (let i = 0; i < batch.length; i += 100) {
      const results = await storeFeedbackBatch(db, batch.slice(i, i + 100), SYSTEM_ACTOR, now)
      stored += results.filter((r) => r.created).length
      await yieldToEventLoop()
    }
    if (rows.length < BATCH) break
    after = last
    if (read >= MAX_ROWS_PER_RUN) {
      more = true
      break
    }
  }
  const safe = idFloor(now - SAFETY_MS)
  // Positions are strings (UUIDv7s): compared as strings, not with Math.max.
  const position = last < safe ? last : safe > cursor ? safe : cursor
  if (position > cursor) await advanceIntakeCursor(db, CURSOR, position, now)
  for (const id of recentlyTaken) if (id <= position) recentlyTaken.delete(id)
  return { feedback: stored, more }
}

interface IntakeRun {
  db: Db
  now: number
  /** The server's case horizon. */
  horizon: CaseHorizon
  /** Per organisation, loaded once a run. */
  configs: Map<string, CaseConfig>
  /** Per survey, loaded once a run. */
  questions: Map<string, Question[]>
}

/**
 * What follows a batch of stored answers: follow-ups linked to their cases,
 * and the feedback (with its case decision) the others give.
 */
async function answersStored(run: IntakeRun, answers: StoredAnswer[]): Promise<FeedbackToStore[]> {
  const unknownSurveys = [...new Set(answers.map((a) => a.surveyId))].filter(
    (id) => !run.questions.has(id),
  )
  if (unknownSurveys.length > 0)
    for (const [id, questions] of await surveyQuestionsByIds(run.db, unknownSurveys))
      run.questions.set(id, questions)
  const contacts = await invitedContacts(
    run.db,
    answers.flatMap((a) => (a.invitationId ? [a.invitationId] : [])),
  )
  // Every answer naming its customer (hidden fields, the invitation's contact) joins their page.
  await linkStoredAnswers(run.db, run.now, answers, contacts)
  const batch: FeedbackToStore[] = []
  for (const answer of answers) {
    const item = await answerStored(run, answer, contacts)
    if (item) batch.push(item)
  }
  return batch
}

/** One answer: a follow-up closes its case's loop; otherwise the feedback it gives, if any. */
async function answerStored(
  run: IntakeRun,
  answer: StoredAnswer,
  contacts: Map<string, InvitedContact>,
): Promise<FeedbackToStore | null> {
  // A follow-up (回访) answer belongs to its case (which it moves on); it never opens another.
  if (
    answer.invitationId &&
    (await linkFollowUpAnswer(
      run.db,
      {
        invitationId: answer.invitationId,
        responseId: answer.id,
        nps: answer.nps,
        csat: answer.csat,
      },
      run.now,
    ))
  )
    return null
  // So is one an agent took on the telephone for a case (follow-up-calls, issue 20).
  if (await isPhoneFollowUpAnswer(run.db, answer)) return null
  // A pilot answer tries the survey out: it is not feedback (a follow-up link is real, so it counts above).
  if (answer.qualityFlags.includes('pilot')) return null
  let config = run.configs.get(answer.orgId)
  if (!config) {
    config = await loadCaseConfig({ db: run.db, orgId: answer.orgId, now: run.now })
    run.configs.set(answer.orgId, config)
  }
  // Ids say when an answer was stored, not given (an import stores last year's answers today):
  // the answer's own time decides whether it is history.
  const historic = isBeforeCaseHorizon(answer.submittedAt, run.now, config.rules, run.horizon)
  const opening = historic
    ? null
    : caseOpeningFor(
        { kind: 'survey', nps: answer.nps, csat: answer.csat, answers: answer.answers },
        config.rules,
      )
  const comment = answer.comment?.trim() ?? ''
  if (!comment && !opening) return null
  const customer = customerOf(
    answer,
    answer.invitationId ? contacts.get(answer.invitationId) : undefined,
    run.questions.get(answer.surveyId) ?? [],
  )
  return {
    values: {
      org_id: answer.orgId,
      channel: 'survey',
      kind: 'survey',
      text: comment || '—',
      rating: answer.csat,
      nps: answer.nps,
      csat: answer.csat,
      customer_ref: customerReferenceOf(answer.segments) ?? customer.ref,
      customer_name: customer.name,
      customer_email: customer.email,
      customer_phone: customer.phone,
      store: answer.segments.store ?? null,
      // The answer's organisation unit, which the record's case gets too.
      unit_id: answer.unitId,
      // The employee who served the answer, which the record's case gets too (issue 19).
      employee_id: answer.employeeId,
      department: null,
      survey_id: answer.surveyId,
      response_id: answer.id,
      external_id: null,
      created_by: 'system:intake',
      received_at: answer.submittedAt,
    },
    attachments: [],
    answers: answer.answers,
    // Decided here, once: storing does not evaluate the rules again.
    decision: { config, opening },
  }
}

/** Who answered: the personal invitation's contact, else consented contact details in the answer. */
function customerOf(
  answer: StoredAnswer,
  contact: InvitedContact | undefined,
  questions: readonly Question[],
) {
  if (contact)
    return {
      ref: contact.attributes.customer_id ?? null,
      name: contact.name || null,
      email: contact.email,
      phone: contact.phone,
    }
  const contactQuestion = questions.find((q) => q.type === 'contact')
  const given = contactQuestion ? answer.answers[contactQuestion.key] : undefined
  const field = (name: string) => {
    const value =
      typeof given === 'object' && given !== null && !Array.isArray(given)
        ? (given as Record<string, unknown>)[name]
        : undefined
    return typeof value === 'string' ? value : null
  }
  return {
    ref: null,
    name: field('name'),
    email: field('email')?.toLowerCase() ?? null,
    phone: field('phone'),
  }
}
