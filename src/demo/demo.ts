import type { Scope } from '../db/scope.js'
import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import { loadCaseConfig } from '../cases/case-config.js'
import { ValidationError } from '../shared/errors.js'
import { DEFAULT_TIMEZONE, findOrganisation } from '../organisations/organisation.service.js'
import { insertResponseRows } from '../responses/response-insert.js'
import { localDayOf } from '../shared/timezone.js'
import type { ResponseRow } from '../responses/response-writer.js'
import type { Question, SurveyInput } from '../surveys/survey.schema.js'
import { createSurvey, listSurveysWithCounts, publishSurvey } from '../surveys/survey.service.js'
import { DEMO_COMMENTS } from './demo-comments.js'
import { loadDemoCases } from './demo-cases.js'
import { loadDemoAppraisal } from './demo-appraisal.js'
import { loadDemoCommitments } from './demo-commitments.js'
import { loadDemoWorkItems } from './demo-work-items.js'
import { loadDemoMaturity } from './demo-maturity.js'
import { loadDemoAppointments } from './demo-appointments.js'
import { loadDemoFeedback } from './demo-feedback.js'
import { DEMO_HALL_SURVEY_TITLE, loadDemoHallWaits } from './demo-hall-waits.js'
import { loadDemoWaitPromise } from './demo-wait-promise.js'
import { DEMO_INTERNAL_SURVEY_TITLE, loadDemoInternalSurvey } from './demo-internal-survey.js'
import {
  DEMO_EMPLOYEE_ANSWERS,
  DEMO_EMPLOYEE_FEEDBACK,
  loadDemoEmployees,
} from './demo-employees.js'
import { checkDemoTeam, loadDemoTeam } from './demo-team.js'
import { loadDemoTargets, loadDemoUnits } from './demo-units.js'
import { DemoRandom, idAt } from './demo-random.js'

export interface DemoOptions {
  /** Total responses across the demo surveys (default 20,000). */
  responses?: number
  seed?: number
  onProgress?: (done: number, total: number) => void
}

export interface DemoResult {
  surveys: Array<{ id: string; slug: string; title: string; responses: number }>
  /** Customer answers (the demo's customer surveys). */
  responses: number
  /** Employee answers of the anonymous internal-satisfaction survey, counted apart. */
  internalResponses: number
  /** Answers of the hall-visit survey (demo-hall-waits.ts), each rating a queue visit of the past week, counted apart. */
  hallVisitResponses: number
  cases: number
  /** Survey comments of the last 90 days and the employees' complaints and praise, as feedback. */
  comments: number
  /** The demo surveys were there already: nothing was loaded (the counts of what was added are zero; the internal and hall-visit answers are those there). */
  alreadyLoaded?: boolean
}

const DAY_MS = 86_400_000
const BATCH = 500
/**
 * Complaint cases of the eleven months before the last one, per survey answer: 20,000 answers
 * come with 2,800 cases, and the last month's 200 (see planDemoCases) make 3,000 over the year,
 * about eight a day, so the open queue (a few days' intake and the long cases) holds tens.
 */
const CASES_PER_RESPONSE = 0.14

const REGIONS = ['华东', '华南', '华北', '西南'] as const
const STORES = REGIONS.flatMap((region, r) =>
  [1, 2, 3].map((i) => ({
    region,
    store: `${region}${i}号店`,
    effect: ((r * 3 + i) % 5) * 0.12 - 0.25,
  })),
)
const CHANNELS = ['link', 'qr', 'email', 'widget'] as const

const q = (
  key: string,
  type: Question['type'],
  zh: string,
  en: string,
  required = true,
): Question => ({
  key,
  type,
  title: { 'zh-CN': zh, 'en-US': en },
  required,
})

const NPS_Q = q(
  'nps',
  'nps',
  '您有多大可能向朋友或同事推荐我们？',
  'How likely are you to recommend us to a friend or colleague?',
)
const CSAT_Q = q(
  'csat',
  'csat',
  '您对本次服务的整体满意程度如何？',
  'How satisfied were you with this service overall?',
)
const CES_Q = q(
  'ces',
  'ces',
  '我们让您轻松地办理了您的事务。',
  'The company made it easy for me to handle my issue.',
)
const TEXT_Q = q(
  'comment',
  'text',
  '您还有什么意见或建议？',
  'Anything else you would like to tell us?',
  false,
)

/** Store links and QR codes carry the region and store, kept with each answer. */
const DEMO_SETTINGS = { hiddenFields: ['region', 'store'] }

const DEMO_SURVEYS: Array<{ input: SurveyInput; share: number }> = [
  {
    input: {
      title: { 'zh-CN': '门店服务满意度调查', 'en-US': 'Store service satisfaction' },
      defaultLocale: 'zh-CN',
      questions: [NPS_Q, CSAT_Q, CES_Q, TEXT_Q],
      settings: DEMO_SETTINGS,
    },
    share: 0.7,
  },
  {
    input: {
      title: { 'zh-CN': '在线客服满意度', 'en-US': 'Online support satisfaction' },
      defaultLocale: 'zh-CN',
      questions: [CSAT_Q, CES_Q, TEXT_Q],
      settings: DEMO_SETTINGS,
    },
    share: 0.2,
  },
  {
    input: {
      title: { 'zh-CN': '年度客户关系调研', 'en-US': 'Annual relationship NPS' },
      defaultLocale: 'zh-CN',
      questions: [NPS_Q, TEXT_Q],
      settings: DEMO_SETTINGS,
    },
    share: 0.1,
  },
]

const clamp = (value: number, min: number, max: number) =>
  Math.min(max, Math.max(min, Math.round(value)))

/**
 * Service quality over the year: a steady improvement, a delivery incident
 * around day 200–230 (a visible dip), and weekends a little worse.
 */
function qualityAt(dayIndex: number, weekday: number): number {
  const trend = -0.35 + 0.7 * (dayIndex / 365)
  const incident = dayIndex >= 200 && dayIndex < 230 ? -0.6 : 0
  const weekend = weekday === 0 || weekday === 6 ? -0.1 : 0
  return trend + incident + weekend
}

function demoResponse(
  random: DemoRandom,
  questions: readonly Question[],
  at: number,
  dayIndex: number,
  timezone: string,
): Omit<ResponseRow, 'id' | 'org_id' | 'survey_id' | 'survey_version' | 'client_response_id'> {
  const place = random.pick(STORES)
  const channel = random.pick(CHANNELS)
  const latent = qualityAt(dayIndex, new Date(at).getUTCDay()) + place.effect + random.normal()
  const has = (type: Question['type']) => questions.some((question) => question.type === type)
  const nps = has('nps') ? clamp(7.9 + 2.1 * latent + random.normal() * 0.6, 0, 10) : null
  const csat = has('csat') ? clamp(3.9 + 0.95 * (latent + random.normal() * 0.4), 1, 5) : null
  const ces = has('ces') ? clamp(5.1 + 1.3 * (latent + random.normal() * 0.5), 1, 7) : null
  const mood = nps ?? (csat === null ? 7 : csat * 2)
  const pool =
    mood >= 9 ? DEMO_COMMENTS.positive : mood <= 6 ? DEMO_COMMENTS.negative : DEMO_COMMENTS.neutral
  const comment = random.chance(mood <= 6 ? 0.55 : 0.3) ? random.pick(pool) : null
  const answers: Record<string, number | string> = {}
  if (nps !== null) answers.nps = nps
  if (csat !== null) answers.csat = csat
  if (ces !== null) answers.ces = ces
  if (comment !== null) answers.comment = comment
  return {
    answers: JSON.stringify(answers),
    nps,
    csat,
    ces,
    comment,
    locale: random.chance(0.92) ? 'zh-CN' : 'en-US',
    channel,
    segments: JSON.stringify({ region: place.region, store: place.store }),
    submitted_at: at,
    local_day: localDayOf(at, timezone),
  }
}

/**
 * Load three published demo surveys with about `responses` answers over the
 * twelve months before `scope.now`. The same seed gives the same data.
 *
 * Everything that can fail is settled before the first answer is written:
 * the options, the permission, the case configuration (a stored one that no
 * longer parses fails here), the demo team (checked, then created in one
 * transaction, so a refused e-mail leaves no half team). A failure there
 * leaves the organisation as it was, instead of 20,000 answers and no cases.
 */
export async function loadDemoData(scope: Scope, options: DemoOptions): Promise<DemoResult> {
  const total = options.responses ?? 20_000
  if (!Number.isInteger(total) || total < 0 || total > 1_000_000) {
    throw new ValidationError('VALIDATION_FAILED', 'The number of demo responses is not valid.', [
      { path: 'responses', reason: `got ${String(total)}`, allowed: '0–1000000' },
    ])
  }
  requirePermission(scope.actor, 'surveys:write')
  const loaded = await loadedDemoSurveys(scope)
  if (loaded) return loaded
  const random = new DemoRandom(options.seed ?? 20261123)
  const start = scope.now - 365 * DAY_MS
  const result: DemoResult = {
    surveys: [],
    responses: 0,
    internalResponses: 0,
    hallVisitResponses: 0,
    cases: 0,
    comments: 0,
  }
  const timezone = (await findOrganisation(scope))?.timezone ?? DEFAULT_TIMEZONE
  const config = await loadCaseConfig(scope)
  await checkDemoTeam(scope)
  const team = await scope.db
    .transaction()
    .execute((trx) => loadDemoTeam({ ...scope, db: trx }, config.defaultDepartment))
  // The tree stands from before the first demo answer, so the year's answers roll up along it.
  const storeUnits = await loadDemoUnits({ ...scope, now: start - DAY_MS })
  // The demo's employees answer part of the store survey's share (demo-employees.ts), so the total
  // stays the one asked for and their scorecards have answers in the e2e demo (3,000) too; only a
  // demo whose store survey cannot spare twice their answers has employees without answers. The
  // staff's internal survey and the appraisal month come with the full demo.
  const full = total >= 10_000
  const employeeAnswers =
    Math.round(total * DEMO_SURVEYS[0]!.share) >= 2 * DEMO_EMPLOYEE_ANSWERS
      ? DEMO_EMPLOYEE_ANSWERS
      : 0
  for (const { input, share } of DEMO_SURVEYS) {
    const survey = await publishSurvey(scope, (await createSurvey(scope, input)).id)
    const byEmployees = input === DEMO_SURVEYS[0]!.input ? employeeAnswers : 0
    const count = Math.round(total * share) - byEmployees
    const rows: ResponseRow[] = []
    for (let i = 0; i < count; i++) {
      // Evenly spread in time with jitter, so every week has answers.
      const at = Math.floor(start + ((i + random.next()) / count) * 365 * DAY_MS)
      const id = idAt(at)
      const row = demoResponse(
        random,
        survey.questions,
        at,
        Math.floor((at - start) / DAY_MS),
        timezone,
      )
      rows.push({
        id,
        org_id: scope.orgId,
        survey_id: survey.id,
        survey_version: survey.version,
        client_response_id: id,
        ...row,
        // The store's unit in the demo tree (demo-units.ts).
        unit_id: storeUnits.get(JSON.parse(String(row.segments)).store) ?? null,
      })
    }
    for (let i = 0; i < rows.length; i += BATCH) {
      await insertResponseRows(scope.db, rows.slice(i, i + BATCH))
      result.responses += Math.min(BATCH, rows.length - i)
      options.onProgress?.(result.responses, total)
    }
    result.surveys.push({
      id: survey.id,
      slug: survey.slug,
      title: input.title['zh-CN'],
      responses: count + byEmployees,
    })
  }
  result.cases = await loadDemoCases(
    scope,
    random,
    config,
    team,
    Math.round(total * CASES_PER_RESPONSE),
  )
  // The staff's anonymous survey, before the feedback: its comments must stay out of it.
  if (full)
    result.internalResponses = await loadDemoInternalSurvey(scope, random, storeUnits, timezone)
  result.comments = await loadDemoFeedback(scope)
  // Before the targets: their cascade weighs the units by answer volume, employees' answers included.
  await loadDemoEmployees(scope, timezone, employeeAnswers > 0)
  // A month of appraisal and a course with its effect, on the employees' answers.
  if (full) await loadDemoAppraisal(scope)
  result.responses += employeeAnswers
  result.comments += DEMO_EMPLOYEE_FEEDBACK
  await loadDemoTargets(scope, timezone)
  await loadDemoCommitments(scope)
  await loadDemoWorkItems(scope)
  await loadDemoMaturity(scope)
  await loadDemoAppointments(scope)
  result.hallVisitResponses = (await loadDemoHallWaits(scope)).answers
  // After the week of waits: the promise, and one hall breaking it in the last hours.
  await loadDemoWaitPromise(scope)
  await recordAudit(scope.db, scope, {
    action: 'demo.load',
    entity: 'organisation',
    entityId: scope.orgId,
    detail: {
      responses: result.responses,
      internalResponses: result.internalResponses,
      cases: result.cases,
    },
  })
  return result
}

/**
 * The demo surveys, when this organisation has them already (found by their titles): loading
 * the demo again (a second click, a second `manyi demo`) adds nothing, so its figures are not
 * doubled. Null when they are not all there.
 */
async function loadedDemoSurveys(scope: Scope): Promise<DemoResult | null> {
  const titles = DEMO_SURVEYS.map((s) => s.input.title['zh-CN'])
  const all = await listSurveysWithCounts(scope)
  // In the order a first load lists them.
  const surveys = all
    .filter((s) => titles.includes(s.title['zh-CN']))
    .sort((a, b) => titles.indexOf(a.title['zh-CN']) - titles.indexOf(b.title['zh-CN']))
  if (!titles.every((title) => surveys.some((s) => s.title['zh-CN'] === title))) return null
  // The two surveys counted apart are read too, so a second `manyi demo` prints what is there
  // rather than zeros: the staff's anonymous one (from its template, demo-internal-survey.ts) and
  // the hall-visit one (demo-hall-waits.ts).
  const answersOf = (match: (s: (typeof all)[number]) => boolean) =>
    all.filter(match).reduce((sum, s) => sum + s.responses, 0)
  return {
    surveys: surveys.map((s) => ({
      id: s.id,
      slug: s.slug,
      title: s.title['zh-CN'],
      responses: s.responses,
    })),
    responses: 0,
    internalResponses: answersOf(
      (s) => s.settings.anonymity !== undefined && s.title['zh-CN'] === DEMO_INTERNAL_SURVEY_TITLE,
    ),
    hallVisitResponses: answersOf((s) => s.title['zh-CN'] === DEMO_HALL_SURVEY_TITLE),
    cases: 0,
    comments: 0,
    alreadyLoaded: true,
  }
}
