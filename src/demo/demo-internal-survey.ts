import type { Scope } from '../db/scope.js'
import { insertResponseRows } from '../responses/response-insert.js'
import type { ResponseRow } from '../responses/response-writer.js'
import { localDayOf } from '../shared/timezone.js'
import type { Survey } from '../surveys/survey.schema.js'
import { createSurveyFromTemplate, publishSurvey } from '../surveys/survey.service.js'
import { type DemoRandom, idAt } from './demo-random.js'

/**
 * The demo's internal (employee) satisfaction survey (issue 19): the 员工满意度 template, anonymous
 * (groups under 5 suppressed), answered by each service hall's staff over the last three weeks.
 * Headcounts differ by hall, three of them below 5, so /app/internal-satisfaction shows both
 * figures and suppressed groups. Its answers are kept apart from the customer answers (the demo
 * reports them separately) and reach no customer view (responses/survey-pool.ts).
 */
const HEADCOUNTS = [12, 9, 4, 8, 11, 6, 3, 10, 7, 9, 4, 8] as const
/** The title the survey has from its template ('employee-satisfaction'), as the demo finds it again. */
export const DEMO_INTERNAL_SURVEY_TITLE = '员工满意度调查'
export const DEMO_INTERNAL_ANSWERS = HEADCOUNTS.reduce((sum, n) => sum + n, 0)
const ANSWER_DAYS = 21
const DAY_MS = 86_400_000

/** Staff comments (in Chinese, as the staff write them), by mood. */
const COMMENTS = {
  low: [
    '排班太紧，连续上夜班很累',
    '抢修车辆老旧，经常要等车',
    '考核指标太多，和客户评价关系不大',
    '加班多，调休总是批不下来',
    '投诉处理压力大，缺少心理疏导',
    '绩效奖金发放规则不透明',
  ],
  mid: [
    '培训机会还可以再多一些',
    '营业厅空调夏天不够凉',
    '希望流程审批再快一点',
    '系统有时候很卡，影响办理速度',
    '跨部门协调还要再顺畅些',
    '希望多一些轮岗学习的机会',
  ],
  high: [
    '班组氛围很好，大家互相帮忙',
    '领导支持一线，授权也够',
    '新系统上线后工作轻松多了',
    '师傅带徒弟的做法很有用',
    '客户表扬能记入考核，很受鼓舞',
    '安全装备配得齐全，干活放心',
  ],
} as const

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, Math.round(value)))
}

function staffAnswer(random: DemoRandom, survey: Survey, hallMood: number) {
  const mood = hallMood + random.normal() * 0.7
  const answers: Record<string, number | string> = {}
  for (const q of survey.questions.filter((question) => question.type === 'likert5'))
    answers[q.key] = clamp(3.6 + mood + random.normal() * 0.5, 1, 5)
  const nps = clamp(7 + 2.2 * mood + random.normal(), 0, 10)
  answers.nps = nps
  const pool = nps <= 6 ? COMMENTS.low : nps >= 9 ? COMMENTS.high : COMMENTS.mid
  const comment = random.chance(0.4) ? random.pick(pool) : null
  if (comment !== null) answers.comment = comment
  return { answers, nps, comment }
}

/**
 * Create and answer the internal survey; resolves to its answers' count. `storeUnits` maps the
 * demo's service halls (demo-units.ts) to their unit ids.
 */
export async function loadDemoInternalSurvey(
  scope: Scope,
  random: DemoRandom,
  storeUnits: ReadonlyMap<string, string>,
  timezone: string,
): Promise<number> {
  const draft = await createSurveyFromTemplate(scope, 'employee-satisfaction')
  const survey = await publishSurvey(scope, draft.id)
  const halls = [...storeUnits.values()]
  const rows: ResponseRow[] = []
  halls.forEach((unitId, h) => {
    const headcount = HEADCOUNTS[h % HEADCOUNTS.length]!
    const hallMood = ((h * 7) % 5) * 0.3 - 0.6
    for (let i = 0; i < headcount; i += 1) {
      // Spread over the last three weeks, the latest a minute ago.
      const at = scope.now - 60_000 - Math.floor(random.next() * ANSWER_DAYS * DAY_MS)
      const id = idAt(at)
      const { answers, nps, comment } = staffAnswer(random, survey, hallMood)
      rows.push({
        id,
        org_id: scope.orgId,
        survey_id: survey.id,
        survey_version: survey.version,
        client_response_id: id,
        answers: JSON.stringify(answers),
        nps,
        csat: null,
        ces: null,
        comment,
        locale: 'zh-CN',
        channel: 'link',
        segments: '{}',
        submitted_at: at,
        local_day: localDayOf(at, timezone),
        unit_id: unitId,
      })
    }
  })
  await insertResponseRows(scope.db, rows)
  return rows.length
}
