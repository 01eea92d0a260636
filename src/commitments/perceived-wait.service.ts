import {
  minutesOfBandLabel,
  type PerceivedWaitSummary,
  summarisePerceivedWaits,
  type WaitPair,
} from '../analytics/perceived-wait.js'
import { ACTUAL_WAIT_BANDS } from '../analytics/perceived-wait.js'
import { requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import {
  answersWithHiddenField,
  isCustomerSurvey,
} from '../responses/hidden-field-answers.service.js'
import { NotFoundError } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import type { Question } from '../surveys/survey.schema.js'
import { listSurveys } from '../surveys/survey.service.js'
import { listUnits } from '../units/unit.service.js'
import {
  PerceivedWaitQuerySchema,
  type PerceivedWaits,
  type PerceivedWaitSummaryWire,
  TICKET_FIELD,
} from './perceived-wait.schema.js'
import { queueVisits } from './queue.service.js'

/**
 * Perceived against actual waits of the same hall visits (issue 20 "Waiting"): a survey answer
 * carrying the visit's ticket (hidden field `ticket`, its unit the hall) is matched to the visit
 * the queue events replay, and its answer to a chosen question (minutes) set beside the realised
 * wait. See perceived-wait.schema.ts for the link and src/analytics/perceived-wait.ts for the
 * figures.
 */

const MINUTE = 60_000
const DAY_MS = 86_400_000
const DEFAULT_PERIOD_DAYS = 28
/** An answer rates a visit taken at most this long before it was submitted. */
const MATCH_WINDOW_MS = 2 * DAY_MS

/** How a question's answer becomes minutes; null when the question cannot say a wait. */
function minutesReader(question: Question): ((answer: unknown) => number | null) | null {
  if (question.type === 'slider')
    return (a) => (typeof a === 'number' && Number.isFinite(a) && a >= 0 ? a : null)
  if (question.type !== 'single' || !question.options) return null
  const byKey = new Map<string, number>()
  for (const o of question.options) {
    const m =
      minutesOfBandLabel(o.label['zh-CN']) ??
      (o.label['en-US'] ? minutesOfBandLabel(o.label['en-US']) : null)
    if (m !== null) byKey.set(o.key, m)
  }
  // Fewer than two options in minutes ("满意 / 不满意") is not a wait question.
  if (byKey.size < 2) return null
  return (a) => (typeof a === 'string' ? (byKey.get(a) ?? null) : null)
}

export async function perceivedWaits(scope: Scope, query: unknown = {}): Promise<PerceivedWaits> {
  requirePermission(scope.actor, 'cases:read')
  const q = parseInput(PerceivedWaitQuerySchema, query, 'query')
  const to = q.to ? Date.parse(q.to) : scope.now
  const from = q.from ? Date.parse(q.from) : to - DEFAULT_PERIOD_DAYS * DAY_MS
  const unitIds = hallsAsked(scope, q.unitIds)

  const surveys = (await listSurveys(scope))
    .filter((s) => isCustomerSurvey(s) && s.settings.hiddenFields.includes(TICKET_FIELD))
    .map((s) => ({
      survey: s,
      questions: s.questions.flatMap((question) => {
        const read = minutesReader(question)
        return read ? [{ question, read }] : []
      }),
    }))
  const base = {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    surveys: surveys.map(({ survey, questions }) => ({
      id: survey.id,
      title: survey.title,
      questions: questions.map(({ question }) => ({
        key: question.key,
        title: question.title,
        kind: question.type === 'slider' ? ('minutes' as const) : ('bands' as const),
      })),
    })),
  }
  const chosen =
    q.surveyId === undefined
      ? surveys.find((s) => s.questions.length > 0)
      : surveys.find((s) => s.survey.id === q.surveyId)
  if (q.surveyId !== undefined && !chosen)
    throw new NotFoundError(
      'SURVEY_NOT_FOUND',
      `No customer survey ${q.surveyId} with a ${TICKET_FIELD} hidden field.`,
      [
        {
          path: 'surveyId',
          reason: `unknown, anonymous or without the ${TICKET_FIELD} hidden field`,
        },
      ],
    )
  const question =
    q.questionId === undefined
      ? chosen?.questions[0]
      : chosen?.questions.find((x) => x.question.key === q.questionId)
  if (chosen && q.questionId !== undefined && !question)
    throw new NotFoundError(
      'SURVEY_NOT_FOUND',
      `Survey ${chosen.survey.id} has no question ${q.questionId} answered in minutes.`,
      [{ path: 'questionId', reason: 'not a slider or minute-band single choice of the survey' }],
    )
  const empty = {
    ...base,
    surveyId: chosen?.survey.id ?? null,
    questionId: question?.question.key ?? null,
    answers: 0,
    withoutTicket: 0,
    unmatched: 0,
    notCalled: 0,
    noMinutes: 0,
    total: summary([]),
    units: [],
  }
  if (!chosen || !question) return empty

  const answers = await answersWithHiddenField(scope, chosen.survey.id, {
    field: TICKET_FIELD,
    questionKey: question.question.key,
    from,
    to,
    unitIds,
  })
  // Visits by hall and ticket, oldest first: an answer rates the latest one before it.
  const visits = new Map<string, Array<{ takenAt: number; wait: number | null }>>()
  for (const v of await queueVisits(scope, { from: from - MATCH_WINDOW_MS, to, unitIds })) {
    const key = `${v.unitId}\u0000${v.ticket}`
    const list = visits.get(key)
    if (list) list.push(v)
    else visits.set(key, [v])
  }
  for (const list of visits.values()) list.sort((a, b) => a.takenAt - b.takenAt)

  const counts = { withoutTicket: 0, unmatched: 0, notCalled: 0, noMinutes: 0 }
  const pairs = new Map<string, WaitPair[]>()
  for (const a of answers) {
    if (a.field === null) {
      counts.withoutTicket++
      continue
    }
    const visit =
      a.unitId === null
        ? undefined
        : ratedVisit(visits.get(`${a.unitId}\u0000${a.field}`), a.submittedAt)
    if (!visit) {
      counts.unmatched++
      continue
    }
    if (visit.wait === null) {
      counts.notCalled++
      continue
    }
    const perceived = question.read(a.answer)
    if (perceived === null) {
      counts.noMinutes++
      continue
    }
    const list = pairs.get(a.unitId!) ?? []
    list.push({ perceived, actual: visit.wait / MINUTE })
    pairs.set(a.unitId!, list)
  }
  const names = new Map((await listUnits(scope)).map((u) => [u.id, u]))
  const units = [...pairs.entries()]
    .map(([unitId, list]) => ({
      unitId,
      unitName: names.get(unitId)?.nameZh ?? '',
      unitNameEn: names.get(unitId)?.nameEn ?? null,
      summary: summary(list),
    }))
    .sort((a, b) => a.unitName.localeCompare(b.unitName))
  return {
    ...empty,
    answers: answers.length,
    ...counts,
    total: summary([...pairs.values()].flat()),
    units,
  }
}

/** The latest visit taken before the answer, within the match window. */
function ratedVisit<T extends { takenAt: number }>(
  list: readonly T[] | undefined,
  at: number,
): T | undefined {
  if (!list) return undefined
  for (let i = list.length - 1; i >= 0; i--) {
    const v = list[i]!
    if (v.takenAt <= at) return v.takenAt >= at - MATCH_WINDOW_MS ? v : undefined
  }
  return undefined
}

/** The halls asked for (comma-separated ids), each within the caller's units; null: any. */
function hallsAsked(scope: Scope, unitIds: string | undefined): string[] | null {
  if (unitIds === undefined || unitIds.trim() === '') return scope.units ? [...scope.units] : null
  const asked = [
    ...new Set(
      unitIds
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ]
  for (const id of asked)
    if (scope.units !== undefined && !scope.units.includes(id))
      throw new NotFoundError('UNIT_NOT_FOUND', `No unit ${id} in this organisation.`, [
        { path: 'unitIds', reason: 'unknown or outside your units' },
      ])
  return asked
}

/** The analysis of the pairs, or its empty shape (counts only) below two pairs. */
function summary(pairs: readonly WaitPair[]): PerceivedWaitSummaryWire {
  if (pairs.length < 2)
    return {
      n: pairs.length,
      meanActual: null,
      meanPerceived: null,
      meanGap: null,
      gapInterval: null,
      medianGap: null,
      overestimateShare: null,
      spearman: null,
      bands: ACTUAL_WAIT_BANDS.map(({ from, to }) => ({
        from,
        to,
        n: pairs.filter((p) => p.actual >= from && (to === null || p.actual < to)).length,
        meanActual: null,
        meanPerceived: null,
        meanGap: null,
      })),
    }
  const s: PerceivedWaitSummary = summarisePerceivedWaits(pairs)
  return s
}
