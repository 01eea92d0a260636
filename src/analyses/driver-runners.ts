import {
  analyzeImportancePerformance,
  deriveImportance,
} from '../analytics/importance-performance.js'
import { bootstrapKeyDrivers } from '../analytics/driver-bootstrap.js'
import { analyzeKeyDrivers } from '../analytics/key-drivers.js'
import { regressionTable } from '../analytics/regression-table.js'
import { weightedAverage } from '../analytics/weighted-moments.js'
import { emImpute } from '../analytics/em-imputation.js'
import { meanImpute, weightSummary } from '../analytics/weighted-scores.js'
import { ValidationError } from '../shared/errors.js'
import type { Table } from '../tabular/tabular.service.js'
import { completeNumericColumns, numericColumn } from '../tabular/tabular.service.js'
import {
  type AnalyzeOptions,
  choiceOption,
  listOption,
  numberOption,
  optionInvalid,
  rangedOption,
  requireOption,
} from './analysis-options.js'
import type { Runner } from './analysis-runner.js'
import {
  completeRowWeights,
  completeRows,
  respondentWeights,
  weightsOfRows,
} from './respondent-weights.js'

/** What drives the overall score: key-driver weights and importance–performance analysis. */

export const drivers: Runner = (table, options) => {
  const outcome = requireOption(options, 'outcome', 'drivers')
  const predictors = listOption(requireOption(options, 'predictors', 'drivers'))
  const method = choiceOption(
    options,
    'method',
    ['relative-weights', 'shapley'] as const,
    'relative-weights',
  )
  checkVariables(outcome, predictors)
  const samples = rangedOption(
    options,
    'bootstrap',
    { min: 0, max: 10000, integer: true, allowed: 'a whole number of resamples, 0 or 2–10000' },
    0,
  )!
  const impute = choiceOption(options, 'impute', ['none', 'mean', 'em'] as const, 'none')
  const { columns, dropped, imputed } =
    impute === 'none'
      ? { ...completeNumericColumns(table, [outcome, ...predictors]), imputed: undefined }
      : imputedPredictors(table, outcome, predictors, impute)
  // Respondent weights: weighted least squares (the weighted correlation matrix) for the weights,
  // shares and regression table; rows are those analysed (complete, or with an outcome when imputing).
  const respondent = respondentWeights(table, options)
  const weights =
    respondent &&
    weightsOfRows(
      table,
      respondent,
      impute === 'none'
        ? completeRows(table, [outcome, ...predictors])
        : completeRows(table, [outcome]),
    )
  if (weights && samples > 0)
    throw optionInvalid(
      '--bootstrap',
      'Bootstrap intervals of the driver weights are for unweighted answers; leave out --bootstrap or the weights.',
      '0 with --weight or --rake',
    )
  const result = analyzeKeyDrivers(
    columns[outcome]!,
    Object.fromEntries(predictors.map((p) => [p, columns[p]!])),
    method,
    weights ?? undefined,
  )
  const predictorColumns = Object.fromEntries(predictors.map((p) => [p, columns[p]!]))
  return {
    ...result,
    dropped,
    ...(imputed ? { missing: `${impute}-imputed`, imputed } : {}),
    ...(respondent ? { weighting: respondent.report } : {}),
    regression: regressionTable(columns[outcome]!, predictorColumns, weights ?? undefined),
    ...(samples > 0
      ? {
          bootstrap: bootstrapKeyDrivers(columns[outcome]!, predictorColumns, method, {
            samples,
            seed: rangedOption(options, 'seed', { integer: true, allowed: 'a whole number' }, 1),
          }),
        }
      : {}),
  }
}

/**
 * --impute mean|em: rows without an outcome are dropped (and counted); a blank predictor cell
 * takes that predictor's mean over the kept rows (meanImpute), or its conditional expectation
 * given the row's other answers and the outcome at the EM estimates (emImpute); how many cells
 * each predictor had filled is reported.
 */
function imputedPredictors(
  table: Table,
  outcome: string,
  predictors: readonly string[],
  how: 'mean' | 'em',
): { columns: Record<string, number[]>; dropped: number; imputed: Record<string, number> } {
  const y = numericColumn(table, outcome)
  const kept = y.flatMap((v, r) => (v === null ? [] : [r]))
  const columns: Record<string, number[]> = { [outcome]: kept.map((r) => y[r]!) }
  const raw = predictors.map((p) => numericColumn(table, p))
  const imputed = Object.fromEntries(
    predictors.map((p, j) => [p, kept.filter((r) => raw[j]![r] === null).length]),
  )
  if (how === 'em') {
    const { filled } = emImpute(kept.map((r) => [y[r]!, ...raw.map((c) => c[r] ?? null)]))
    predictors.forEach((p, j) => {
      columns[p] = filled.map((row) => row[j + 1]!)
    })
  } else
    predictors.forEach((p, j) => {
      columns[p] = meanImpute(kept.map((r) => raw[j]![r] ?? null)).values
    })
  return { columns, dropped: y.length - kept.length, imputed }
}

/**
 * The outcome may not be among its own predictors (R² would be 1 by construction) and no
 * predictor may be named twice (a perfectly collinear pair).
 */
function checkVariables(
  outcome: string,
  predictors: readonly string[],
  flag = '--predictors',
): void {
  if (predictors.includes(outcome))
    throw optionInvalid(
      flag,
      `${flag} lists the outcome "${outcome}"; it cannot predict itself.`,
      'columns other than the outcome',
    )
  const repeated = predictors.find((p, i) => predictors.indexOf(p) !== i)
  if (repeated !== undefined)
    throw optionInvalid(flag, `${flag} names "${repeated}" twice.`, 'each column once')
}

export const ipa: Runner = (table, options) => {
  const attributes = listOption(requireOption(options, 'attributes', 'ipa'))
  const importance = choiceOption(
    options,
    'importance',
    ['correlation', 'beta', 'shapley', 'stated'] as const,
    'correlation',
  )
  const crosshair =
    options.crosshair === undefined || options.crosshair === 'data'
      ? undefined
      : { performance: numberOption(options, 'crosshair') }
  if (importance === 'stated') {
    // Stated importance: the mean of each attribute's own importance rating, in the same order.
    const ratings = listOption(
      requireOption(options, 'importanceColumns', 'ipa --importance stated'),
    )
    if (ratings.length !== attributes.length) {
      throw new ValidationError(
        'VALIDATION_FAILED',
        `--importance-columns needs one column per attribute (${attributes.length}), got ${ratings.length}.`,
        [
          {
            path: '--importance-columns',
            reason: `${ratings.length} columns for ${attributes.length} attributes`,
          },
        ],
      )
    }
    const { columns, n, dropped } = completeNumericColumns(table, [...attributes, ...ratings])
    if (n === 0)
      throw new ValidationError('VALIDATION_FAILED', 'IPA needs at least one complete row.', [
        { path: 'input', reason: 'no complete rows', allowed: 'one or more' },
      ])
    const respondent = ipaWeights(table, options, [...attributes, ...ratings])
    const result = analyzeImportancePerformance(
      attributes.map((name, i) => ({
        name,
        importance: weightedAverage(columns[ratings[i]!]!, respondent?.weights),
        performance: weightedAverage(columns[name]!, respondent?.weights),
      })),
      crosshair,
    )
    return { n, dropped, importanceMethod: importance, ...weightingOf(respondent), ...result }
  }
  const outcome = requireOption(options, 'outcome', 'ipa')
  checkVariables(outcome, attributes, '--attributes')
  const { columns, n, dropped } = completeNumericColumns(table, [outcome, ...attributes])
  const respondent = ipaWeights(table, options, [outcome, ...attributes])
  const derived = deriveImportance(
    columns[outcome]!,
    Object.fromEntries(attributes.map((a) => [a, columns[a]!])),
    importance,
    respondent?.weights,
  )
  const result = analyzeImportancePerformance(
    attributes.map((name) => ({
      name,
      importance: derived[name]!,
      performance: weightedAverage(columns[name]!, respondent?.weights),
    })),
    crosshair,
  )
  return { n, dropped, importanceMethod: importance, ...weightingOf(respondent), ...result }
}

/**
 * IPA with --weight/--rake: performance (and stated importance) are weighted means, derived
 * importance is read from the weighted correlation matrix; Kish's n_eff is reported beside n.
 */
function ipaWeights(table: Table, options: AnalyzeOptions, names: readonly string[]) {
  const respondent = completeRowWeights(table, options, names)
  if (!respondent || respondent.weights.length === 0) return undefined
  return { ...respondent, summary: weightSummary(respondent.weights) }
}

function weightingOf(respondent: ReturnType<typeof ipaWeights>) {
  if (!respondent) return {}
  const { sumWeights, effectiveN, designEffect } = respondent.summary
  return { weighting: { ...respondent.report, sumWeights, effectiveN, designEffect } }
}
