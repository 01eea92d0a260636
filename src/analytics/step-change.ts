import { ValidationError } from '../shared/errors.js'
import { allFinite, checkParameter } from './input-checks.js'
import { movingRangeSigma } from './individuals-chart.js'

/**
 * Did the control chart step at the action date? The chart's centre and limits come from the
 * periods before the action only (Phase I; Montgomery, Introduction to Statistical Quality
 * Control, §5.4 and §6.4), σ̂ = MR̄/d₂; the periods after it are then read against them (Phase II)
 * with two of the Western Electric rules that signal a sustained shift: one point beyond 3σ, or
 * eight in a row on one side of the centre. Only signals in the direction the plan wants count as
 * the step it hoped for; signals the other way are reported as a shift against the plan.
 */

export interface StepChangeCheck {
  center: number
  sigma: number
  lcl: number
  ucl: number
  /** A sustained shift after the action in the plan's direction. */
  stepTowardGoal: boolean
  /** A sustained shift after the action against the plan's direction. */
  stepAgainstGoal: boolean
  /** Index (in the whole series) of the first point that signalled, if any. */
  firstSignal: number | null
  /** Which rule signalled first. */
  rule: 'beyond_3_sigma' | 'eight_on_one_side' | null
}

/** Periods before the action needed for the limits (Montgomery advises 20–25; 8 at the least). */
export const MIN_BASELINE_PERIODS = 8

export function checkStepChange(
  series: readonly number[],
  actionIndex: number,
  goal: 'increase' | 'decrease',
): StepChangeCheck {
  if (!allFinite(series)) {
    throw new ValidationError(
      'VALUE_OUT_OF_RANGE',
      'The series holds a value that is not a number.',
      [{ path: 'series', reason: 'not finite', allowed: 'finite numbers' }],
    )
  }
  checkParameter(
    'actionIndex',
    actionIndex,
    Number.isInteger(actionIndex) &&
      actionIndex >= MIN_BASELINE_PERIODS &&
      actionIndex <= series.length,
    `a period index from ${MIN_BASELINE_PERIODS} (enough periods before the action) to ${series.length}`,
  )
  const baseline = series.slice(0, actionIndex)
  const center = baseline.reduce((a, b) => a + b, 0) / baseline.length
  const sigma = movingRangeSigma(baseline) ?? 0
  const result: StepChangeCheck = {
    center,
    sigma,
    lcl: center - 3 * sigma,
    ucl: center + 3 * sigma,
    stepTowardGoal: false,
    stepAgainstGoal: false,
    firstSignal: null,
    rule: null,
  }
  const want = goal === 'increase' ? 1 : -1
  let run = 0
  let runSide = 0
  for (let i = actionIndex; i < series.length; i++) {
    const deviation = series[i]! - center
    const side = Math.sign(deviation)
    run = side !== 0 && side === runSide ? run + 1 : side !== 0 ? 1 : 0
    runSide = side
    const beyond = sigma > 0 ? Math.abs(deviation) > 3 * sigma : deviation !== 0
    const rule = beyond ? 'beyond_3_sigma' : run >= 8 ? 'eight_on_one_side' : null
    if (rule === null) continue
    if (side === want) result.stepTowardGoal = true
    else result.stepAgainstGoal = true
    if (result.firstSignal === null) {
      result.firstSignal = i
      result.rule = rule
    }
  }
  return result
}
