import { requirePermission } from '../auth/permission.service.js'
import { getCase, listCases } from '../cases/case.service.js'
import { recordPhoneFollowUp } from '../cases/case-phone-follow-up.service.js'
import type { Scope } from '../db/scope.js'
import { fillReplyScript, listReplyScripts } from '../reply-scripts/reply-script.service.js'
import type { AnswerPath } from '../responses/answer-path.js'
import { submitResponse } from '../responses/response.service.js'
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import type { Survey } from '../surveys/survey.schema.js'
import { getSurvey } from '../surveys/survey.service.js'
import { stateAfterAttempt } from './call-outcome.js'
import {
  type AttemptRow,
  attemptRowsOfCall,
  type CallRow,
  callRowsOfCases,
  findCallRow,
  insertAttemptRow,
  insertCallRowIfMissing,
  updateCallRow,
} from './follow-up-call.repository.js'
import {
  type CallAttempt,
  CallAttemptInputSchema,
  type CallStatus,
  CLOSED_CALL_STATUSES,
  type FollowUpCall,
  type FollowUpCallConsole,
} from './follow-up-call.schema.js'
import { loadCallSettings } from './follow-up-call-settings.service.js'

/**
 * Telephone follow-up (95598 回访, issue 20). Each resolved case an agent owns is a call on their
 * list, due from its resolution; an attempt's outcome moves it (call-outcome.ts: retries after the
 * configured hours up to the most attempts, a call-back at the asked time). When the customer is
 * reached the answers are stored by the responses domain exactly as a web answer (same
 * validation, same metrics) on the channel `phone`, once per call, and the case moves to
 * followed-up with whether the customer is satisfied (case-phone-follow-up.service.ts).
 */

const CASE_LIMIT = 500
const SCRIPT_FALLBACK = {
  'zh-CN': { customerName: '客户', caseNumber: '', deadline: '' },
  'en-US': { customerName: 'customer', caseNumber: '', deadline: '' },
}

function callNotFound(id: string): NotFoundError {
  return new NotFoundError('FOLLOW_UP_CALL_NOT_FOUND', `No follow-up call ${id}.`, [
    { path: 'id', reason: 'unknown call' },
  ])
}

const iso = (ms: number) => new Date(ms).toISOString()

interface CaseFacts {
  number: string
  title: string
  customerRef: string | null
  answerWithheld: boolean
}

function toCall(row: CallRow, c: CaseFacts, now: number): FollowUpCall {
  return {
    id: row.id,
    caseId: row.case_id,
    caseNumber: c.number,
    caseTitle: c.title,
    answerWithheld: c.answerWithheld,
    customerRef: c.customerRef,
    agentId: row.agent_id,
    status: row.status as CallStatus,
    dueAt: iso(row.due_at),
    due: row.due_at <= now,
    attempts: row.attempts,
    responseId: row.response_id,
  }
}

function toAttempt(row: AttemptRow): CallAttempt {
  return {
    id: row.id,
    agentId: row.agent_id,
    outcome: row.outcome as CallAttempt['outcome'],
    callBackAt: row.call_back_at === null ? null : iso(row.call_back_at),
    note: row.note,
    responseId: row.response_id,
    at: iso(row.at),
  }
}

/**
 * The caller's call list: their resolved cases (within their units) not yet followed up, each
 * with its call (added on first listing, due from the resolution), split into due now and later.
 */
export async function listMyCalls(
  scope: Scope,
): Promise<{ due: FollowUpCall[]; later: FollowUpCall[] }> {
  requirePermission(scope.actor, 'cases:work')
  const { cases } = await listCases(scope, {
    status: 'resolved',
    ownerId: scope.actor.id,
    limit: CASE_LIMIT,
  })
  let calls = await callRowsOfCases(
    scope.db,
    scope.orgId,
    cases.map((c) => c.id),
  )
  const missing = cases.filter((c) => !calls.has(c.id))
  for (const c of missing)
    await insertCallRowIfMissing(scope.db, {
      id: `fuc_${newId(scope.now)}`,
      org_id: scope.orgId,
      case_id: c.id,
      agent_id: scope.actor.id,
      status: 'open',
      due_at: c.resolvedAt ? Date.parse(c.resolvedAt) : scope.now,
      attempts: 0,
      response_id: null,
      created_at: scope.now,
      updated_at: scope.now,
    })
  if (missing.length > 0)
    calls = await callRowsOfCases(
      scope.db,
      scope.orgId,
      cases.map((c) => c.id),
    )
  const open = cases
    .map((c) => ({ c, row: calls.get(c.id) }))
    .filter((e): e is { c: (typeof cases)[number]; row: CallRow } =>
      Boolean(e.row && !CLOSED_CALL_STATUSES.includes(e.row.status as CallStatus)),
    )
    .sort((a, b) => a.row.due_at - b.row.due_at || a.row.id.localeCompare(b.row.id))
    .map((e) => toCall(e.row, e.c, scope.now))
  return { due: open.filter((c) => c.due), later: open.filter((c) => !c.due) }
}

/** A call of the organisation whose case the caller may work on (else FOLLOW_UP_CALL_NOT_FOUND). */
async function loadCall(scope: Scope, id: string) {
  const row = await findCallRow(scope.db, scope.orgId, id)
  if (!row) throw callNotFound(id)
  try {
    return { row, detail: await getCase(scope, row.case_id) }
  } catch (error) {
    if (error instanceof NotFoundError) throw callNotFound(id)
    throw error
  }
}

async function phoneSurvey(scope: Scope): Promise<Survey | null> {
  const settings = await loadCallSettings(scope)
  if (!settings.surveyId) return null
  try {
    return await getSurvey(scope, settings.surveyId)
  } catch (error) {
    if (error instanceof NotFoundError) return null
    throw error
  }
}

/** The call screen: the call, its customer, the scripts fitting the case, the survey, the history. */
export async function getCallConsole(scope: Scope, id: string): Promise<FollowUpCallConsole> {
  requirePermission(scope.actor, 'cases:work')
  const { row, detail } = await loadCall(scope, id)
  const [scripts, survey, attempts] = await Promise.all([
    listReplyScripts(scope, {}),
    phoneSurvey(scope),
    attemptRowsOfCall(scope.db, scope.orgId, id),
  ])
  // The script as the agent reads it out: the customer's name (a neutral word when masked or
  // unknown) and the case number filled in; no deadline on a resolved case.
  const values = {
    customerName: detail.feedback.personalDataMasked ? null : detail.feedback.customerName,
    caseNumber: detail.number,
    deadline: null,
  }
  return {
    call: toCall(row, detail, scope.now),
    customer: {
      name: detail.feedback.customerName,
      phone: detail.feedback.customerPhone,
      masked: detail.feedback.personalDataMasked,
    },
    // Scripts for any channel or for the telephone, for any cause or the case's.
    scripts: scripts
      .filter(
        (s) =>
          s.active &&
          (s.cause === null || s.cause === detail.cause) &&
          (s.channel === null || s.channel === 'phone'),
      )
      .map((s) => ({
        id: s.id,
        title: s.title,
        bodyZh: fillReplyScript(s.bodyZh, values, SCRIPT_FALLBACK['zh-CN']),
        bodyEn: s.bodyEn && fillReplyScript(s.bodyEn, values, SCRIPT_FALLBACK['en-US']),
      })),
    survey: survey && {
      id: survey.id,
      title: survey.title as Record<string, string>,
      questions: survey.questions as unknown as Array<Record<string, unknown>>,
    },
    attempts: attempts.map(toAttempt),
  }
}

/** Whether the answer says the customer is satisfied, as a follow-up by link is judged (case-rules.ts). */
function satisfiedFrom(survey: Survey, answers: Record<string, unknown>): boolean | null {
  const score = (type: string) => {
    const q = survey.questions.find((x) => x.type === type && typeof answers[x.key] === 'number')
    return q ? (answers[q.key] as number) : null
  }
  const csat = score('csat')
  if (csat !== null) return csat >= 4
  const nps = score('nps')
  return nps === null ? null : nps >= 7
}

export interface AttemptResult {
  call: FollowUpCall
  attempts: CallAttempt[]
  satisfied: boolean | null
  created: boolean
}

/**
 * One attempt of a call. `reached` stores the answers (CALL_ANSWERS_REQUIRED without them,
 * FOLLOW_UP_SURVEY_NOT_SET without a phone survey, ANSWERS_INVALID as on the web) and moves the
 * case; sent again after it succeeded it returns the call as it is (created false) and stores
 * nothing more. A closed call takes no other attempt (FOLLOW_UP_CALL_CLOSED).
 */
export async function recordCallAttempt(
  scope: Scope,
  path: AnswerPath,
  id: string,
  input: unknown,
): Promise<AttemptResult> {
  requirePermission(scope.actor, 'cases:work')
  const attempt = parseInput(CallAttemptInputSchema, input, 'attempt')
  const { row, detail } = await loadCall(scope, id)
  const settings = await loadCallSettings(scope)
  if (row.status === 'done' && attempt.outcome === 'reached')
    return resultOf(scope, row, detail, detail.followUpSatisfied, false)
  if (CLOSED_CALL_STATUSES.includes(row.status as CallStatus))
    throw new ConflictError('FOLLOW_UP_CALL_CLOSED', `The call ${id} is ${row.status}.`, [
      { path: 'status', reason: `the call is ${row.status}` },
    ])
  const callBackAt = attempt.callBackAt === undefined ? undefined : Date.parse(attempt.callBackAt)
  if (attempt.outcome === 'call_back' && (callBackAt === undefined || callBackAt <= scope.now))
    throw new ValidationError('CALL_BACK_TIME_REQUIRED', 'Say when to call back, later than now.', [
      { path: 'callBackAt', reason: 'a time later than now is required for call_back' },
    ])
  let responseId: string | null = null
  let satisfied: boolean | null = null
  if (attempt.outcome === 'reached') {
    if (!attempt.answers || Object.keys(attempt.answers).length === 0)
      throw new ValidationError('CALL_ANSWERS_REQUIRED', 'Enter the customer’s answers.', [
        { path: 'answers', reason: 'a reached call needs the survey’s answers' },
      ])
    const survey = await phoneSurvey(scope)
    if (!survey)
      throw new ConflictError('FOLLOW_UP_SURVEY_NOT_SET', 'No survey is set for phone follow-up.', [
        { path: 'surveyId', reason: 'choose the survey agents ask (follow-up call settings)' },
      ])
    // The call's own key: sent again, the answer stored first is returned and nothing is added.
    const stored = await submitResponse(
      path,
      survey.slug,
      {
        answers: attempt.answers,
        clientResponseId: `phonecall-${row.id.replace(/[^A-Za-z0-9_-]/g, '')}`,
        channel: 'phone',
        segments: { case_id: row.case_id },
      },
      undefined,
      scope.now,
    )
    responseId = stored.id
    satisfied = satisfiedFrom(survey, attempt.answers)
  }
  const next = stateAfterAttempt(
    { status: row.status as CallStatus, dueAt: row.due_at, attempts: row.attempts },
    { outcome: attempt.outcome, at: scope.now, ...(callBackAt ? { callBackAt } : {}) },
    settings,
  )
  const moved = await scope.db.transaction().execute(async (trx) => {
    const changed = await updateCallRow(trx, scope.orgId, row.id, row, {
      status: next.status,
      due_at: next.dueAt,
      attempts: next.attempts,
      response_id: responseId,
      agent_id: scope.actor.id,
      updated_at: scope.now,
    })
    if (!changed) return false
    await insertAttemptRow(trx, {
      id: `fua_${newId(scope.now)}`,
      org_id: scope.orgId,
      call_id: row.id,
      agent_id: scope.actor.id,
      outcome: attempt.outcome,
      call_back_at: callBackAt ?? null,
      note: attempt.note || null,
      response_id: responseId,
      at: scope.now,
    })
    return true
  })
  const current = (await findCallRow(scope.db, scope.orgId, row.id))!
  if (!moved) {
    // Two submits of the same answer at once: the other one recorded it.
    if (current.status === 'done' && attempt.outcome === 'reached')
      return resultOf(scope, current, detail, null, false)
    throw new ConflictError('FOLLOW_UP_CALL_CLOSED', 'The call changed meanwhile; reload it.', [
      { path: 'status', reason: 'changed meanwhile' },
    ])
  }
  if (responseId)
    await recordPhoneFollowUp(scope, row.case_id, {
      responseId,
      satisfied,
      note: attempt.note,
    })
  return resultOf(scope, current, detail, satisfied, true)
}

async function resultOf(
  scope: Scope,
  row: CallRow,
  c: CaseFacts,
  satisfied: boolean | null,
  created: boolean,
): Promise<AttemptResult> {
  const attempts = await attemptRowsOfCall(scope.db, scope.orgId, row.id)
  return { call: toCall(row, c, scope.now), attempts: attempts.map(toAttempt), satisfied, created }
}
