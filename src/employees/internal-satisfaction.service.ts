import {
  type DisclosureGroup,
  DEFAULT_MIN_GROUP,
  suppressSmallGroups,
} from '../analytics/cell-suppression.js'
import { correlationWithInterval } from '../analytics/correlation-interval.js'
import { meanWithInterval } from '../analytics/mean-interval.js'
import { computeNps } from '../analytics/nps.js'
import { requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import {
  answerRowsOfSurvey,
  type SurveyAnswerRow,
} from '../responses/survey-answer-rows.service.js'
import { ForbiddenError, NotFoundError } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import type { Question } from '../surveys/survey.schema.js'
import { getSurvey } from '../surveys/survey.service.js'
import type { UnitOutline } from '../units/unit.schema.js'
import { listUnitOutline } from '../units/unit.service.js'
import {
  type InternalGroup,
  type InternalSatisfaction,
  InternalSatisfactionQuerySchema,
} from './internal-satisfaction.schema.js'

/**
 * Internal satisfaction (issue 19): an employee survey scored per dimension (its 1–5 Likert
 * questions: 工作权责, 工作条件, 组织管理, 公司环境, 个人状况 in the template), an overall index and
 * eNPS, per unit of the whole tree with 95% intervals, and the comments — all of it through one
 * gate, suppressSmallGroups over the organisation's whole tree, computed before the reader's units
 * or the chosen unit narrow what is returned. Narrowing therefore only ever shows a part of the
 * one protected table, never a new cut of it, so no combination of parameters or readers can
 * subtract one figure from another to reach fewer than minGroup people.
 */

const ROOT = '\u0000organisation'
const DIMENSION_RANGE: [number, number] = [1, 5]

interface Member {
  unitId: string
  answers: Record<string, unknown>
  nps: number | null
  comment: string | null
}

function anonymousExternal(surveyId: string): ForbiddenError {
  return new ForbiddenError(
    'ANONYMOUS_SURVEY',
    `Survey ${surveyId} is anonymous and cannot be the customer survey compared with.`,
    [{ path: 'externalSurveyId', reason: 'anonymous survey' }],
  )
}

function unitNotFound(unitId: string): NotFoundError {
  return new NotFoundError('UNIT_NOT_FOUND', `No unit ${unitId} in this organisation.`, [
    { path: 'unitId', reason: 'unknown unit' },
  ])
}

/** Answers attached to their unit, or to the organisation when the unit is unknown or none. */
function membersOf(rows: readonly SurveyAnswerRow[], known: ReadonlySet<string>): Member[] {
  return rows.map((row) => ({
    unitId: row.unitId !== null && known.has(row.unitId) ? row.unitId : ROOT,
    answers: row.answers,
    nps: row.nps,
    comment: row.comment,
  }))
}

function dimensionQuestions(questions: readonly Question[]): Question[] {
  return questions.filter((q) => q.type === 'likert5')
}

function dimensionValue(answers: Record<string, unknown>, key: string): number | null {
  const value = answers[key]
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5
    ? value
    : null
}

function figuresOf(members: readonly Member[], dimensions: readonly Question[], minGroup: number) {
  const perDimension = dimensions.map((q) => {
    const values = members
      .map((m) => dimensionValue(m.answers, q.key))
      .filter((v): v is number => v !== null)
    const figure = meanWithInterval(values, DIMENSION_RANGE)
    // An item fewer than minGroup answered is hidden on its own (item nonresponse).
    const hidden = figure.n < minGroup
    return {
      key: q.key,
      title: q.title,
      n: figure.n,
      mean: hidden ? null : figure.mean,
      ci95: hidden ? null : figure.ci95,
    }
  })
  const personMeans = members
    .map((m) => dimensions.map((q) => dimensionValue(m.answers, q.key)))
    .map((values) => values.filter((v): v is number => v !== null))
    .filter((values) => values.length > 0)
    .map((values) => values.reduce((a, b) => a + b, 0) / values.length)
  const index = meanWithInterval(personMeans, DIMENSION_RANGE)
  const scores = members.map((m) => m.nps).filter((v): v is number => v !== null)
  const nps = computeNps({
    promoters: scores.filter((s) => s >= 9).length,
    passives: scores.filter((s) => s >= 7 && s <= 8).length,
    detractors: scores.filter((s) => s <= 6).length,
  })
  return {
    dimensions: perDimension,
    index: index.n < minGroup ? { mean: null, ci95: null } : { mean: index.mean, ci95: index.ci95 },
    enps:
      nps.n < minGroup
        ? { n: nps.n, enps: null, ci95: null }
        : { n: nps.n, enps: nps.nps, ci95: nps.ci95 },
  }
}

function externalOf(rows: readonly SurveyAnswerRow[] | null, subtree: ReadonlySet<string>) {
  if (rows === null) return null
  const scores = rows
    .filter((r) => r.unitId !== null && subtree.has(r.unitId) && r.nps !== null)
    .map((r) => r.nps!)
  const nps = computeNps({
    promoters: scores.filter((s) => s >= 9).length,
    passives: scores.filter((s) => s >= 7 && s <= 8).length,
    detractors: scores.filter((s) => s <= 6).length,
  })
  return { n: nps.n, nps: nps.nps, ci95: nps.ci95 }
}

/** The service-profit chain's correlation over the finest shown units with both figures. */
function correlationOf(groups: readonly InternalGroup[], hasExternal: boolean) {
  if (!hasExternal) return { n: 0, r: null, ci95: null, reason: 'no-external-survey' as const }
  const shownParents = new Set(
    groups.filter((g) => g.shown && (g.n ?? 0) > 0).map((g) => g.parentUnitId),
  )
  const finest = groups.filter(
    (g) =>
      g.unitId !== null &&
      g.shown &&
      !shownParents.has(g.unitId) &&
      g.index?.mean != null &&
      g.external?.nps != null &&
      g.external.n >= 5,
  )
  const x = finest.map((g) => g.index!.mean!)
  const y = finest.map((g) => g.external!.nps!)
  if (finest.length < 4)
    return { n: finest.length, r: null, ci95: null, reason: 'too-few-units' as const }
  const spread = (v: number[]) => v.some((a) => a !== v[0])
  if (!spread(x) || !spread(y))
    return { n: finest.length, r: null, ci95: null, reason: 'no-spread' as const }
  const result = correlationWithInterval(x, y)
  return { n: result.n, r: result.r, ci95: result.ci95, reason: null }
}

export async function internalSatisfaction(
  scope: Scope,
  input: unknown,
): Promise<InternalSatisfaction> {
  requirePermission(scope.actor, 'responses:read')
  const query = parseInput(InternalSatisfactionQuerySchema, input)
  const survey = await getSurvey(scope, query.surveyId)
  const external = query.externalSurveyId ? await getSurvey(scope, query.externalSurveyId) : null
  // Customers' answers are shown per unit without suppression: never an anonymous survey's.
  if (external?.settings.anonymity) throw anonymousExternal(external.id)
  const minGroup = survey.settings.anonymity?.minGroup ?? DEFAULT_MIN_GROUP
  const orgScope = { db: scope.db, orgId: scope.orgId, now: scope.now }
  const units = await listUnitOutline(orgScope)
  const known = new Set(units.map((u) => u.id))
  if (query.unitId !== undefined) {
    const visible = scope.units === undefined || scope.units.includes(query.unitId)
    if (!visible || !known.has(query.unitId)) throw unitNotFound(query.unitId)
  }
  const [rows, externalRows] = await Promise.all([
    answerRowsOfSurvey(orgScope, survey.id),
    external ? answerRowsOfSurvey(orgScope, external.id) : Promise.resolve(null),
  ])
  const members = membersOf(rows, known)
  const ownCounts = new Map<string, number>()
  for (const m of members) ownCounts.set(m.unitId, (ownCounts.get(m.unitId) ?? 0) + 1)
  // The one gate: the whole organisation's tree, whoever reads and whatever they chose.
  const tree: DisclosureGroup[] = [
    { id: ROOT, parentId: null, ownN: ownCounts.get(ROOT) ?? 0 },
    ...units.map((u) => ({
      id: u.id,
      parentId: u.parentId ?? ROOT,
      ownN: ownCounts.get(u.id) ?? 0,
    })),
  ]
  const { counts, suppressed } = suppressSmallGroups(tree, minGroup)
  const children = new Map<string, string[]>()
  for (const g of tree) {
    if (g.parentId === null) continue
    children.set(g.parentId, [...(children.get(g.parentId) ?? []), g.id])
  }
  const subtreeOf = (id: string): Set<string> => {
    const out = new Set<string>([id])
    for (const child of children.get(id) ?? []) for (const d of subtreeOf(child)) out.add(d)
    return out
  }
  const start = query.unitId ?? ROOT
  const unitById = new Map<string, UnitOutline>(units.map((u) => [u.id, u]))
  const groups: InternalGroup[] = []
  const visit = (id: string, depth: number) => {
    const subtree = subtreeOf(id)
    const isVisible = scope.units === undefined || (id !== ROOT && scope.units.includes(id))
    if (isVisible) groups.push(groupOf(id, depth, subtree))
    for (const child of children.get(id) ?? []) visit(child, depth + 1)
  }
  const dimensions = dimensionQuestions(survey.questions)
  const groupOf = (id: string, depth: number, subtree: Set<string>): InternalGroup => {
    const unit = id === ROOT ? null : unitById.get(id)!
    const base = {
      unitId: unit?.id ?? null,
      parentUnitId: unit ? (unit.parentId ?? null) : null,
      code: unit?.code ?? null,
      nameZh: unit?.nameZh ?? null,
      nameEn: unit?.nameEn ?? null,
      depth,
      external:
        unit || externalRows ? externalOf(externalRows, id === ROOT ? known : subtree) : null,
    }
    if (suppressed.has(id)) {
      return {
        ...base,
        shown: false,
        n: null,
        dimensions: [],
        index: null,
        enps: null,
        comments: [],
      }
    }
    const inGroup = members.filter((m) => subtree.has(m.unitId))
    const comments = inGroup
      .map((m) => m.comment?.trim() ?? '')
      .filter((c) => c.length > 0)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    return {
      ...base,
      shown: true,
      n: counts.get(id)!,
      ...figuresOf(inGroup, dimensions, minGroup),
      comments,
    }
  }
  visit(start, 0)
  return {
    surveyId: survey.id,
    minGroup,
    groups,
    correlation: correlationOf(groups, external !== null),
  }
}
