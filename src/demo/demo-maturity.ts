import type { Scope } from '../db/scope.js'
import { createAssessment, listAssessments } from '../maturity/maturity.service.js'
import { unitByCode } from '../units/unit.service.js'

/**
 * The demo's service maturity self-assessments (issue 19): three city companies assessed half a
 * year ago and last month. 东陵 moves from stage 1 to stage 2 (its process and recovery now
 * written down), 南浦 stays at stage 2 with one gap left to stage 3, 北川 is still reactive on
 * complaint causes. Loading again adds nothing.
 */

const DAY_MS = 86_400_000

type Ratings = Record<string, number>

const BASE: Ratings = {
  leadership_goals: 3,
  leadership_empowerment: 3,
  process_standards: 3,
  process_promises: 3,
  people_training: 3,
  people_appraisal: 3,
  measurement_surveys: 4,
  measurement_use: 3,
  insight_listening: 3,
  insight_expectations: 3,
  recovery_handling: 3,
  recovery_prevention: 3,
}

const DEMO_ASSESSMENTS: ReadonlyArray<{
  unit: string
  daysAgo: number
  ratings: Ratings
  note: string
}> = [
  {
    unit: '530100',
    daysAgo: 180,
    ratings: { ...BASE, process_standards: 2, recovery_prevention: 2 },
    note: '年中自评：流程靠经验，投诉原因未做汇总。',
  },
  {
    unit: '530100',
    daysAgo: 30,
    ratings: { ...BASE, leadership_empowerment: 4, people_training: 4 },
    note: '复评：抢修流程和投诉原因月报已建立。',
  },
  {
    unit: '530200',
    daysAgo: 180,
    ratings: { ...BASE, measurement_use: 4 },
    note: '年中自评。',
  },
  {
    unit: '530200',
    daysAgo: 30,
    ratings: {
      ...BASE,
      leadership_goals: 4,
      leadership_empowerment: 4,
      process_standards: 4,
      process_promises: 4,
      people_training: 4,
      people_appraisal: 4,
      measurement_use: 4,
      insight_listening: 4,
      insight_expectations: 3,
      recovery_handling: 4,
      recovery_prevention: 4,
    },
    note: '复评：只差按客户细分预判需求。',
  },
  {
    unit: '530300',
    daysAgo: 30,
    ratings: { ...BASE, recovery_prevention: 2, insight_listening: 2 },
    note: '首次自评。',
  },
]

export async function loadDemoMaturity(scope: Scope): Promise<number> {
  if ((await listAssessments(scope, {})).length > 0) return 0
  let made = 0
  for (const a of DEMO_ASSESSMENTS) {
    const unit = await unitByCode(scope, a.unit)
    if (!unit) continue
    const assessedOn = new Date(scope.now - a.daysAgo * DAY_MS).toISOString().slice(0, 10)
    await createAssessment(scope, {
      unitId: unit.id,
      assessedOn,
      ratings: a.ratings,
      note: a.note,
    })
    made++
  }
  return made
}
