import { performance } from 'node:perf_hooks'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { createTestStore } from '../src/db/test-store.js'
import { runSurveyIntake } from '../src/feedback/survey-intake.js'
import { insertResponseRows } from '../src/responses/response-insert.js'
import { buildResponseRow } from '../src/responses/response-row.js'
import { newId } from '../src/shared/ids.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'

export interface IntakeBenchResult {
  answers: number
  feedback: number
  cases: number
  intakeSeconds: number
  rawSeconds: number
  answersPerSecond: number
  ratio: number
}

const START = Date.parse('2026-06-15T04:00:00Z')
/** Two detractors in ten, every answer with a comment: each becomes feedback, a fifth open cases. */
const NPS = [10, 9, 9, 10, 9, 8, 7, 8, 3, 5]
const COMMENTS = [
  '服务态度很好，办理很快',
  '排队等了四十分钟，太慢了',
  'The staff were friendly and helpful',
  '价格有点贵，但是环境不错',
]

/**
 * The survey intake (read answers, analyse each comment, store feedback, open
 * cases with SLA deadlines, in slices) over `answers` stored answers, against
 * raw batched inserts of the same number of ready-made feedback rows, each on
 * a fresh SQLite store.
 */
export async function benchIntake(answers: number): Promise<IntakeBenchResult> {
  const intake = await setUp(answers)
  const t0 = performance.now()
  let feedback = 0
  const taken = new Set<string>()
  for (let run = 1; ; run++) {
    const result = await runSurveyIntake(intake.store.db, START + 60_000 + run, taken)
    feedback += result.feedback
    if (!result.more) break
  }
  const intakeSeconds = (performance.now() - t0) / 1000
  const cases = Number(
    (
      await intake.store.db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )
  await intake.store.close()
  if (feedback !== answers)
    throw new Error(`intake stored ${feedback} feedback of ${answers} answers`)

  const raw = await setUp(0)
  const t1 = performance.now()
  for (let i = 0; i < answers; i += 100) {
    const rows = Array.from({ length: Math.min(100, answers - i) }, (_, j) => ({
      id: newId(START),
      org_id: raw.orgId,
      channel: 'survey',
      kind: 'survey',
      text: COMMENTS[(i + j) % COMMENTS.length]!,
      rating: null,
      nps: NPS[(i + j) % NPS.length]!,
      csat: null,
      customer_ref: null,
      customer_name: null,
      customer_email: null,
      customer_phone: null,
      store: null,
      department: null,
      survey_id: raw.surveyId,
      response_id: null,
      external_id: null,
      created_by: 'bench',
      received_at: START,
      created_at: START,
      language: 'zh',
      sentiment: 'positive',
      sentiment_score: 0.5,
      topics: '',
      aspects: '[]',
      analysed_at: START,
    }))
    await raw.store.db
      .transaction()
      .execute((trx) => trx.insertInto('feedback').values(rows).execute())
  }
  const rawSeconds = (performance.now() - t1) / 1000
  await raw.store.close()
  return {
    answers,
    feedback,
    cases,
    intakeSeconds,
    rawSeconds,
    answersPerSecond: answers / intakeSeconds,
    ratio: rawSeconds / intakeSeconds,
  }
}

async function setUp(answers: number) {
  const store = await createTestStore('sqlite')
  await bootstrapFirstAdmin(store.db, 'bench@manyi.local', 'bench-password-1', START)
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, START))!
  const survey = await publishSurvey(
    scope,
    (
      await createSurvey(scope, {
        title: { 'zh-CN': '摄入压测' },
        questions: [
          { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' }, required: true },
          { key: 'comment', type: 'text', title: { 'zh-CN': '意见' } },
        ],
      })
    ).id,
  )
  // The first run places the intake's cursor; the answers come after it.
  await runSurveyIntake(store.db, START, new Set())
  for (let i = 0; i < answers; i += 500) {
    const rows = Array.from({ length: Math.min(500, answers - i) }, (_, j) =>
      buildResponseRow({
        survey,
        orgId: scope.orgId,
        timezone: 'Asia/Shanghai',
        answers: { nps: NPS[(i + j) % NPS.length]!, comment: COMMENTS[(i + j) % COMMENTS.length]! },
        locale: 'zh-CN',
        channel: 'link',
        segments: {},
        submittedAt: START + 1 + i + j,
      }),
    )
    await insertResponseRows(store.db, rows)
  }
  return { store, orgId: scope.orgId, surveyId: survey.id }
}
