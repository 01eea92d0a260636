import type { Scope } from '../db/scope.js'
import { createEmployee, employeeByCode } from '../employees/employee.service.js'
import { createFeedback } from '../feedback/feedback.service.js'
import { insertResponseRows } from '../responses/response-insert.js'
import { buildResponseRow } from '../responses/response-row.js'
import type { ResponseRow } from '../responses/response-writer.js'
import { listSurveys } from '../surveys/survey.service.js'
import { unitByCode } from '../units/unit.service.js'
import { DemoRandom, idAt } from './demo-random.js'

/**
 * The demo's employees (issue 19): technicians and front-desk staff of two city service halls of
 * the demo tree (demo-units.ts), none of them signing in, each with answers of the store survey
 * attributed to them over the last 90 days (a different level and number each, so the ranking has
 * spread and one newcomer stays below the minimum n), and a few complaints and praise naming them,
 * all older than the case horizon so they open no cases. Loading again adds nothing.
 */

const DAY_MS = 86_400_000

const STAFF = [
  { hall: '530100', code: 'DL-T01', name: '张建国', position: '技师', level: 4.5, n: 48 },
  { hall: '530100', code: 'DL-T02', name: '李志强', position: '技师', level: 4.1, n: 40 },
  { hall: '530100', code: 'DL-T03', name: '王海涛', position: '技师', level: 3.4, n: 36 },
  { hall: '530100', code: 'DL-F01', name: '陈小丽', position: '前台', level: 4.3, n: 55 },
  { hall: '530100', code: 'DL-F02', name: '刘佳', position: '前台', level: 4.8, n: 6 },
  { hall: '530200', code: 'NP-T01', name: '赵伟', position: '技师', level: 3.9, n: 42 },
  { hall: '530200', code: 'NP-T02', name: '孙磊', position: '技师', level: 4.4, n: 38 },
  { hall: '530200', code: 'NP-F01', name: '周敏', position: '前台', level: 3.6, n: 45 },
  { hall: '530200', code: 'NP-F02', name: '吴静', position: '前台', level: 4.2, n: 33 },
] as const

const FEEDBACK = [
  { code: 'DL-T03', kind: 'complaint', text: '师傅上门迟到两个小时，也没有提前打电话。', days: 20 },
  { code: 'DL-T03', kind: 'complaint', text: '维修后第二天又跳闸，师傅态度敷衍。', days: 45 },
  { code: 'NP-F01', kind: 'complaint', text: '前台让我来回跑了三趟才办完过户。', days: 33 },
  { code: 'DL-T01', kind: 'praise', text: '张师傅雨夜抢修，非常专业，感谢！', days: 12 },
  { code: 'DL-F01', kind: 'praise', text: '陈小丽耐心讲解电价政策，服务很周到。', days: 27 },
  { code: 'NP-T02', kind: 'praise', text: '孙师傅修好后还帮忙检查了线路。', days: 60 },
] as const

/**
 * The three weakest of 东陵 (DL-T03, DL-T02, DL-F01) took the demo's responsiveness course that
 * ended this many days before loading (demo-appraisal.ts); their answers after it are a point
 * better (before rounding and the 5 cap), so the course has an effect to measure.
 */
export const DEMO_TRAINED = ['DL-T03', 'DL-T02', 'DL-F01'] as const
export const DEMO_TRAINING_ENDED_DAYS = 45
const TRAINING_LIFT = 1

/** A 1–5 score around `level`, and NPS and CES that go with it. */
function scoresAround(random: DemoRandom, level: number) {
  const csat = Math.min(5, Math.max(1, Math.round(level + 0.8 * random.normal())))
  const nps = Math.min(10, Math.max(0, Math.round(2 * csat + random.normal())))
  const ces = Math.min(7, Math.max(1, Math.round(1.5 * csat - 0.5 + random.normal())))
  return { nps, csat, ces }
}

/** How many complaints and praise naming an employee the demo adds (all within the last 90 days). */
export const DEMO_EMPLOYEE_FEEDBACK = FEEDBACK.length

/** How many store-survey answers the demo's employees add when they come with answers. */
export const DEMO_EMPLOYEE_ANSWERS = STAFF.reduce((sum, person) => sum + person.n, 0)

/**
 * `withAnswers: false` loads the employees, complaints and praise only: a demo smaller than the
 * full one keeps exactly the number of answers it was asked for.
 */
export async function loadDemoEmployees(
  scope: Scope,
  timeZone: string,
  withAnswers = true,
): Promise<number> {
  if (await employeeByCode(scope, STAFF[0].code)) return 0
  const survey = (await listSurveys(scope)).find(
    (s) => s.title['zh-CN'] === '门店服务满意度调查' && s.status === 'published',
  )
  const random = new DemoRandom(20261127)
  const rows: ResponseRow[] = []
  for (const person of STAFF) {
    const hall = await unitByCode(scope, person.hall)
    if (!hall) continue
    const employee = await createEmployee(scope, {
      code: person.code,
      name: person.name,
      unitId: hall.id,
      position: person.position,
    })
    if (!survey || !withAnswers) continue
    for (let i = 0; i < person.n; i++) {
      const at = Math.floor(scope.now - (8 + random.next() * 82) * DAY_MS)
      const trained =
        (DEMO_TRAINED as readonly string[]).includes(person.code) &&
        at >= scope.now - DEMO_TRAINING_ENDED_DAYS * DAY_MS
      const row = buildResponseRow({
        survey,
        orgId: scope.orgId,
        timezone: timeZone,
        answers: scoresAround(random, person.level + (trained ? TRAINING_LIFT : 0)),
        locale: 'zh-CN',
        channel: 'link',
        segments: { store: hall.nameZh, employee: person.code },
        submittedAt: at,
        unitId: hall.id,
        employeeId: employee.id,
      })
      const id = idAt(at)
      rows.push({ ...row, id, client_response_id: id })
    }
  }
  if (rows.length > 0) await insertResponseRows(scope.db, rows)
  for (const item of FEEDBACK) {
    await createFeedback(scope, {
      kind: item.kind,
      channel: 'store',
      text: item.text,
      employee: item.code,
      receivedAt: new Date(scope.now - item.days * DAY_MS).toISOString(),
    })
  }
  return STAFF.length
}
