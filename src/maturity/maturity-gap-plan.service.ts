import type { z } from 'zod'
import { createPlanInTransaction } from '../actions/action-plan.service.js'
import { requirePermission } from '../auth/permission.service.js'
import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import { retryOnUniqueViolation } from '../db/unique-violation.js'
import { NotFoundError } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import { unitById } from '../units/unit.service.js'
import { MATURITY_DIMENSIONS, MATURITY_STAGE_NAMES } from './maturity-instrument.js'
import { claimGapPlan, requireAssessment, scoreRatings, settleGapPlan } from './maturity.service.js'
import type { AssessmentRow } from './maturity.repository.js'
import { GapPlanInputSchema } from './maturity.schema.js'

/**
 * One click from a dimension's gap to the next stage to a suggested action plan (issue 19): the
 * actions domain's createPlanInTransaction makes it, in its first PDCA stage, for the assessed
 * unit, owned by the caller and due in 90 days, with the evidence of the assessment (its id, the
 * dimension, the dimension's score and what the next stage needs). A gap makes one plan: asking
 * again returns it, also when two requests ask at once (a double click). The gap is claimed first
 * (claimGapPlan), then the plan is made and its id written, all in one transaction: the second
 * request waits for the first and answers with its plan, and a plan that fails leaves neither
 * the plan nor a claim behind.
 */

/** How often the whole transaction is tried again after its plan lost its next number. */
const PLAN_NUMBER_ATTEMPTS = 8

const DUE_IN_MS = 90 * 86_400_000

/** The fishbone category each dimension's gap is filed under (action-plan.schema.ts). */
const CAUSE_OF_DIMENSION: Record<string, string> = {
  leadership: 'environment',
  process: 'method',
  people: 'man',
  measurement: 'measurement',
  insight: 'measurement',
  recovery: 'method',
}

function gapNotFound(assessmentId: string, dimension: string): NotFoundError {
  return new NotFoundError(
    'MATURITY_GAP_NOT_FOUND',
    `Assessment ${assessmentId} shows no gap on "${dimension}" to the next stage.`,
    [{ path: 'dimension', reason: 'no gap on this dimension', rule: 'invalid' }],
    { assessmentId, dimension },
  )
}

type Locale = 'zh-CN' | 'en-US'

function round(x: number): number {
  return Math.round(x * 100) / 100
}

function planWords(
  locale: Locale,
  unitName: string,
  dimension: (typeof MATURITY_DIMENSIONS)[number],
  nextStage: 1 | 2 | 3 | 4,
  items: ReadonlyArray<{ item: string; rating: number; required: number }>,
) {
  const zh = locale === 'zh-CN'
  const stage = MATURITY_STAGE_NAMES[nextStage][locale]
  const dim = dimension.name[locale]
  const lines = items.map((x) => {
    const item = dimension.items.find((i) => i.key === x.item)!
    const now = item.anchors[x.rating - 1]![locale]
    const needed = item.anchors[x.required - 1]![locale]
    return zh
      ? `「${item.title[locale]}」自评 ${x.rating} 分（${now}），达到「${stage}」需 ${x.required} 分：${needed}。`
      : `"${item.title[locale]}" rated ${x.rating} (${now}); "${stage}" needs ${x.required}: ${needed}.`
  })
  return {
    title: zh
      ? `服务成熟度：${unitName}「${dim}」提升至「${stage}」`
      : `Service maturity: ${dim} of ${unitName} to "${stage}"`,
    problem: lines.join('\n'),
    rootCause: zh
      ? `自评显示「${dim}」的做法尚未达到「${stage}」阶段的要求，具体原因待分析。`
      : `The self-assessment shows the ${dim} practices short of the "${stage}" stage; causes to be analysed.`,
    label: dim,
  }
}

export async function planFromGap(
  scope: Scope,
  assessmentId: string,
  dimensionKey: string,
  input: unknown,
): Promise<{ assessmentId: string; dimension: string; planId: string; created: boolean }> {
  requirePermission(scope.actor, 'plans:write')
  const body = parseInput(GapPlanInputSchema, input ?? {}, 'plan')
  const planId = await retryOnUniqueViolation(
    () =>
      scope.db
        .transaction()
        .execute((trx) => planInTransaction(trx, scope, body, assessmentId, dimensionKey)),
    PLAN_NUMBER_ATTEMPTS,
  )
  return { assessmentId, dimension: dimensionKey, ...planId }
}

async function planInTransaction(
  trx: Db,
  scope: Scope,
  body: z.infer<typeof GapPlanInputSchema>,
  assessmentId: string,
  dimensionKey: string,
): Promise<{ planId: string; created: boolean }> {
  // Every read goes through the transaction: on SQLite it holds the only connection.
  const inTransaction = { ...scope, db: trx }
  for (;;) {
    const row = await requireAssessment(trx, scope, assessmentId)
    const result = scoreRatings(row.ratings)
    const gap = result.gaps.find((g) => g.dimension === dimensionKey)
    const dimension = MATURITY_DIMENSIONS.find((d) => d.key === dimensionKey)
    if (!gap || !dimension || result.nextStage === null)
      throw gapNotFound(assessmentId, dimensionKey)
    const claimed = await claimGapPlan(trx, scope, row, dimensionKey)
    if (claimed && 'planId' in claimed) return { planId: claimed.planId, created: false }
    if (claimed) {
      const planId = await makePlan(
        inTransaction,
        body,
        row,
        dimension,
        gap,
        result.stage,
        result.nextStage,
      )
      await settleGapPlan(trx, scope, row, dimensionKey, planId)
      return { planId, created: true }
    }
    // The column changed since it was read (a plan written meanwhile): read it again.
  }
}

/** The gap's plan, made in the transaction `scope.db` is. */
async function makePlan(
  scope: Scope,
  body: z.infer<typeof GapPlanInputSchema>,
  row: AssessmentRow,
  dimension: (typeof MATURITY_DIMENSIONS)[number],
  gap: ReturnType<typeof scoreRatings>['gaps'][number],
  stage: number,
  nextStage: 1 | 2 | 3 | 4,
): Promise<string> {
  const dimensionKey = dimension.key
  const unit = await unitById(scope, row.unitId)
  const unitName = (body.locale === 'en-US' ? unit?.nameEn : null) || unit?.nameZh || row.unitId
  const words = planWords(body.locale, unitName, dimension, nextStage, gap.items)
  const plan = await createPlanInTransaction(scope.db, scope, {
    title: words.title.slice(0, 200),
    problem: words.problem.slice(0, 4000),
    causeCategory: CAUSE_OF_DIMENSION[dimensionKey] ?? 'method',
    rootCause: words.rootCause,
    metric: body.metric,
    unitIds: [row.unitId],
    ownerId: scope.actor.id,
    dueAt: scope.now + DUE_IN_MS,
    evidence: {
      source: 'maturity',
      label: words.label,
      period: { from: row.assessedOn, to: row.assessedOn },
      filters: { assessment: row.id, dimension: dimensionKey, unit: row.unitId },
      figures: {
        score: round(gap.score),
        required: gap.required,
        stage,
        nextStage,
        pointsShort: gap.pointsShort,
      },
      link: `/app/maturity?unit=${encodeURIComponent(row.unitId)}`,
    },
  })
  return plan.id
}
