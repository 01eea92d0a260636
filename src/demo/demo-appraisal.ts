import { createFormula, formulaVersion } from '../appraisal/appraisal-formula.service.js'
import { approveMonth, computeMonth } from '../appraisal/appraisal-month.service.js'
import { lastMonthOf } from '../appraisal/appraisal-scoring.service.js'
import type { Scope } from '../db/scope.js'
import { employeeByCode } from '../employees/employee.service.js'
import { createCourse, createSession, setAttendance } from '../training/training.service.js'
import { unitByCode } from '../units/unit.service.js'
import { DEMO_TRAINED, DEMO_TRAINING_ENDED_DAYS } from './demo-employees.js'

/**
 * The demo's appraisal and training (issue 19), after its employees (demo-employees.ts): a
 * formula (CSAT 50, NPS 30, SLA 20, minimum n 10 with shrunk figures below it, praise +2 up to 6,
 * complaints −5 ours / −2 third party / −1 not assessed up to 15), last month scored and approved
 * in both halls, and a responsiveness course whose session in 东陵 the three weakest completed
 * 45 days before loading — their answers since are better (demo-employees.ts), so its effect
 * shows. Loading again adds nothing.
 */

const DAY_MS = 86_400_000
const HALLS = ['530100', '530200'] as const

export async function loadDemoAppraisal(scope: Scope): Promise<boolean> {
  const formula = await formulaVersion(scope.db, scope.orgId).catch(() => null)
  if (formula) return false
  const trained = await Promise.all(DEMO_TRAINED.map((code) => employeeByCode(scope, code)))
  if (trained.some((e) => !e)) return false
  await createFormula(scope, {
    note: '演示：客户满意度与服务时效',
    spec: {
      weights: { csat: 50, nps: 30, sla: 20 },
      minN: 10,
      belowMinimum: 'shrunk',
      praiseBonus: { perPraise: 2, cap: 6 },
      complaintPenalty: { ours: 5, thirdParty: 2, customer: 0, unknown: 1, cap: 15 },
      scoreCap: 100,
    },
  })
  const month = lastMonthOf(scope.now)
  for (const code of HALLS) {
    const hall = await unitByCode(scope, code)
    if (!hall) continue
    const draft = await computeMonth(scope, { unitId: hall.id, month })
    await approveMonth(scope, draft.id)
  }
  const hall = (await unitByCode(scope, HALLS[0]))!
  const course = await createCourse(scope, {
    title: '快速响应与首问负责',
    topic: '接单 15 分钟内回电，上门前告知到达时间，超时主动致歉',
    dimension: 'responsiveness',
    outcome: 'csat',
  })
  const ends = scope.now - DEMO_TRAINING_ENDED_DAYS * DAY_MS
  const session = await createSession(scope, {
    courseId: course.id,
    unitId: hall.id,
    startsAt: new Date(ends - 7 * 3_600_000).toISOString(),
    endsAt: new Date(ends).toISOString(),
    employeeIds: trained.map((e) => e!.id),
  })
  for (const employee of trained) {
    await setAttendance(scope, session.id, employee!.id, { status: 'completed' })
  }
  return true
}
