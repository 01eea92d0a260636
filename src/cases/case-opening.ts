import { activeDepartmentAgents, activeUserId } from '../auth/user-directory.service.js'
import type { Db } from '../db/database.js'
import { caseEmployeeId } from '../employees/employee-attribution.service.js'
import type { Actor } from '../db/scope.js'
import { newId } from '../shared/ids.js'
import { surveyLinkTexts, surveyQuestionsByIds } from '../surveys/survey.service.js'
import { addBusinessMinutes } from './business-calendar.js'
import type { CaseConfig } from './case-config.js'
import { addCaseEvent } from './case-events.js'
import { routeFor, type CaseOpening } from './case-rules.js'
import { insertCase, nextCaseNumber } from './case.repository.js'
import { caseTitleOf, type CaseTitleFacts } from './case-title.js'
import { advanceRoundRobin } from './case-config.repository.js'

/** A case just opened: what the one who filed the feedback is told (number, first answer due). */
export interface OpenedCase {
  id: string
  number: number
  firstResponseDue: number
}

/** What opening a case reads of its feedback record (as feedback stores it). */
export interface FeedbackToOpen {
  id: string
  org_id: string
  text: string
  /** Comma-separated topic keys; the first routes the case. */
  topics: string | null
  store: string | null
  /** The record's organisation unit; the case gets the same (null: none known). */
  unit_id?: string | null
  /** The employee who served (migration 0041); the case gets it, else its owner's employee. */
  employee_id?: string | null
  channel: string
  department: string | null
  customer_ref: string | null
  /** What titles a case the customer wrote nothing for (see case-title.ts). */
  nps?: number | null
  csat?: number | null
  survey_id?: string | null
  /** The survey answers, for the question of a configured condition. */
  answers?: Record<string, unknown>
}

/**
 * Open a case for a feedback record: route it to a department and owner,
 * set its SLA deadlines on the organisation's business calendar, and start
 * its timeline. Runs inside the caller's transaction.
 */
export async function openCase(
  db: Db,
  feedback: FeedbackToOpen,
  opening: CaseOpening,
  config: CaseConfig,
  actor: Pick<Actor, 'type' | 'id'>,
  now: number,
): Promise<OpenedCase> {
  const topic = feedback.topics?.split(',')[0] || null
  const route = routeFor({ store: feedback.store, channel: feedback.channel, topic }, config)
  const ownerId = await resolveOwner(db, feedback.org_id, route.department, route.owner)
  const kind = opening.kind ?? 'complaint'
  const target = kind === 'complaint' ? config.sla[opening.priority]! : config.kindSla[kind]
  const id = newId(now)
  const number = await nextCaseNumber(db, feedback.org_id)
  const firstResponseDue = addBusinessMinutes(now, target.firstResponseMinutes, config.calendar)
  await insertCase(db, {
    id,
    orgId: feedback.org_id,
    number,
    feedbackId: feedback.id,
    title: await caseTitle(db, feedback, opening, config),
    reason: opening.reason,
    priority: opening.priority,
    status: 'new',
    department: feedback.department ?? route.department,
    ownerId,
    customerRef: feedback.customer_ref,
    store: feedback.store,
    unitId: feedback.unit_id ?? null,
    employeeId: await caseEmployeeId({ db, orgId: feedback.org_id }, feedback.employee_id, ownerId),
    channel: feedback.channel,
    topic,
    cause: null,
    responsibility: null,
    assessedLoss: null,
    firstResponseDue,
    resolutionDue: addBusinessMinutes(now, target.resolutionMinutes, config.calendar),
    firstRespondedAt: null,
    resolvedAt: null,
    followedUpAt: null,
    closedAt: null,
    warnedAt: null,
    escalatedAt: null,
    escalatedTo: null,
    followUpInvitationId: null,
    followUpResponseId: null,
    followUpSatisfied: null,
    reopened: 0,
    createdAt: now,
    updatedAt: now,
    kind,
  })
  await addCaseEvent(db, {
    orgId: feedback.org_id,
    caseId: id,
    type: 'created',
    actor,
    detail: {
      reason: opening.reason,
      priority: opening.priority,
      kind,
      department: route.department,
      ownerId,
    },
    now,
  })
  return { id, number, firstResponseDue }
}

/**
 * The customer's words, or what opened the case in the organisation's language (the one its
 * follow-ups speak): the survey's title and a condition's question are read only then.
 */
async function caseTitle(
  db: Db,
  feedback: FeedbackToOpen,
  opening: CaseOpening,
  config: CaseConfig,
): Promise<string> {
  const locale = config.followUp.locale
  const facts: CaseTitleFacts = {
    text: feedback.text,
    reason: opening.reason,
    channel: feedback.channel,
    nps: feedback.nps ?? null,
    csat: feedback.csat ?? null,
  }
  const line = feedback.text.trim()
  if ((line && line !== '—') || !feedback.survey_id) return caseTitleOf(facts, locale)
  const survey = (await surveyLinkTexts(db, [feedback.survey_id])).get(feedback.survey_id)
  facts.surveyTitle = survey ? (survey.title[locale] ?? survey.title['zh-CN']) : null
  const rule = config.rules.conditions.find((c) => `condition:${c.name}` === opening.reason)
  if (rule) {
    const questions = (await surveyQuestionsByIds(db, [feedback.survey_id])).get(feedback.survey_id)
    const question = questions?.find((q) => q.key === rule.question)
    const metric = question && ['nps', 'csat', 'ces'].includes(question.type)
    const label = !question
      ? rule.question
      : metric
        ? question.type.toUpperCase()
        : (question.title[locale] ?? question.title['zh-CN'])
    facts.condition = { label, answer: feedback.answers?.[rule.question] }
  }
  return caseTitleOf(facts, locale)
}

/** A named owner of this organisation, the next agent of the department in turn, or nobody (the queue). */
async function resolveOwner(
  db: Db,
  orgId: string,
  department: string,
  owner: string | null,
): Promise<string | null> {
  if (owner === null) return null
  // A disabled or deleted owner named in the routing rules sends the case to the queue.
  if (owner !== 'round_robin') return activeUserId({ db, orgId }, owner)
  const agents = await activeDepartmentAgents({ db, orgId }, department)
  if (agents.length === 0) return null
  const turn = await advanceRoundRobin(db, orgId)
  return agents[(turn - 1) % agents.length]!
}
