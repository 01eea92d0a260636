import {
  analyzeImportancePerformance,
  type DerivedImportance,
  deriveImportance,
} from '../analytics/importance-performance.js'
import { solve } from '../analytics/matrix.js'
import { bootstrapKeyDrivers } from '../analytics/driver-bootstrap.js'
import { analyzeKeyDrivers, relativeWeights, shapleyValues } from '../analytics/key-drivers.js'
import { pairwiseCorrelationMatrix } from '../analytics/pairwise-correlation.js'
import { regressionTable } from '../analytics/regression-table.js'
import { weightedAverage } from '../analytics/weighted-moments.js'
import { weightSummary } from '../analytics/weighted-scores.js'
import { ValidationError } from '../shared/errors.js'
import type { Table } from '../tabular/tabular.service.js'
import { numericColumn } from '../tabular/tabular.service.js'
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
  imputedColumns,
  listwiseColumns,
  type MissingDataReport,
  missingHandling,
} from './missing-data.js'
import { respondentWeights, weightsOfRows } from './respondent-weights.js'

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
  const impute = missingHandling(options, ['none', 'pairwise', 'mean', 'em'])
  if (impute === 'pairwise') return pairwiseDrivers(table, options, outcome, predictors, method)
  const names = [outcome, ...predictors]
  const read =
    impute === 'none'
      ? listwiseColumns(table, names)
      : imputedColumns(table, names, impute, [outcome])
  const { columns, dropped } = read
  const imputed = read.report.imputedCells
    ? Object.fromEntries(predictors.map((p) => [p, read.report.imputedCells![p]!]))
    : undefined
  // Respondent weights: weighted least squares (the weighted correlation matrix) for the weights,
  // shares and regression table; rows are those analysed (complete, or with an outcome when imputing).
  const respondent = respondentWeights(table, options)
  const weights = respondent && weightsOfRows(table, respondent, read.rows)
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
    missingData: read.report,
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
 * --impute pairwise: relative weights or Shapley values from the pairwise correlation matrix
 * (each correlation over the rows answering both; refused when it is indefinite). The regression
 * table needs one set of rows for its standard errors, so it is left out (said in the result);
 * weights and the bootstrap are for one set of rows too and are refused with it.
 */
function pairwiseDrivers(
  table: Table,
  options: AnalyzeOptions,
  outcome: string,
  predictors: readonly string[],
  method: 'relative-weights' | 'shapley',
) {
  if (options.weight || options.rake)
    throw optionInvalid(
      '--impute',
      '--impute pairwise is for unweighted answers; use none, mean or em with weights.',
      'none, mean, em',
    )
  if (Number(options.bootstrap ?? 0) > 0)
    throw optionInvalid(
      '--impute',
      '--impute pairwise has no one set of rows to resample; use none, mean or em with --bootstrap.',
      'none, mean, em',
    )
  const names = [outcome, ...predictors]
  const raw = names.map((name) => numericColumn(table, name))
  const { r, minPairs } = pairwiseCorrelationMatrix(raw, names, predictors.length + 2)
  const result =
    method === 'shapley' ? shapleyValues(r, predictors) : relativeWeights(r, predictors)
  const answered = table.rows.filter((_, i) => raw.some((c) => c[i] !== null)).length
  return {
    ...result,
    n: minPairs,
    dropped: table.rows.length - answered,
    missingData: {
      handling: 'pairwise',
      rowsUsed: answered,
      rowsDropped: table.rows.length - answered,
      minPairs,
    } satisfies MissingDataReport,
    regression: null,
    regressionOmitted: 'pairwise deletion has no one set of rows for standard errors',
  }
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
  const impute = missingHandling(options, ['none', 'pairwise', 'mean', 'em'])
  if (impute === 'pairwise' && (options.weight || options.rake))
    throw optionInvalid(
      '--impute',
      '--impute pairwise is for unweighted answers; use none, mean or em with weights.',
      'none, mean, em',
    )
  const ratings =
    importance === 'stated'
      ? listOption(requireOption(options, 'importanceColumns', 'ipa --importance stated'))
      : []
  if (importance === 'stated' && ratings.length !== attributes.length) {
    throw new ValidationError(
      'OPTION_INVALID',
      `--importance-columns needs one column per attribute (${attributes.length}), got ${ratings.length}.`,
      [
        {
          path: '--importance-columns',
          reason: `${ratings.length} columns for ${attributes.length} attributes`,
        },
      ],
    )
  }
  const outcome = importance === 'stated' ? undefined : requireOption(options, 'outcome', 'ipa')
  if (outcome !== undefined) checkVariables(outcome, attributes, '--attributes')
  const names = [...(outcome !== undefined ? [outcome] : []), ...attributes, ...ratings]
  if (impute === 'pairwise')
    return pairwiseIpa(table, names, attributes, ratings, outcome, importance, crosshair)
  const read =
    impute === 'none'
      ? listwiseColumns(table, names)
      : imputedColumns(table, names, impute, outcome !== undefined ? [outcome] : [])
  const { columns, n, dropped } = read
  if (n === 0)
    throw new ValidationError('NOT_ENOUGH_DATA', 'IPA needs at least one complete row.', [
      { path: 'input', reason: 'no complete rows', allowed: 'one or more' },
    ])
  const respondent = ipaWeights(table, options, read.rows)
  const derived =
    outcome === undefined
      ? undefined
      : deriveImportance(
          columns[outcome]!,
          Object.fromEntries(attributes.map((a) => [a, columns[a]!])),
          importance as DerivedImportance,
          respondent?.weights,
        )
  const result = analyzeImportancePerformance(
    attributes.map((name, i) => ({
      name,
      importance: derived
        ? derived[name]!
        : weightedAverage(columns[ratings[i]!]!, respondent?.weights),
      performance: weightedAverage(columns[name]!, respondent?.weights),
    })),
    crosshair,
  )
  return {
    n,
    dropped,
    importanceMethod: importance,
    missingData: read.report,
    ...weightingOf(respondent),
    ...result,
  }
}

/**
 * IPA with --impute pairwise: performance (and stated importance) are each column's mean over
 * the rows answering it; derived importance comes from the pairwise correlation matrix.
 */
function pairwiseIpa(
  table: Table,
  names: readonly string[],
  attributes: readonly string[],
  ratings: readonly string[],
  outcome: string | undefined,
  importance: 'correlation' | 'beta' | 'shapley' | 'stated',
  crosshair: { performance?: number } | undefined,
) {
  const raw = Object.fromEntries(names.map((name) => [name, numericColumn(table, name)]))
  const available = (name: string) => {
    const values = raw[name]!.filter((v): v is number => v !== null)
    if (values.length === 0)
      throw new ValidationError('NOT_ENOUGH_DATA', `"${name}" has no answers.`, [
        { path: name, reason: 'no answers', allowed: 'one or more' },
      ])
    return values.reduce((a, b) => a + b, 0) / values.length
  }
  let derived: Record<string, number> | undefined
  let minPairs: number
  if (outcome !== undefined) {
    const columns = [outcome, ...attributes]
    const least = importance === 'correlation' ? 3 : attributes.length + 2
    const pairwise = pairwiseCorrelationMatrix(
      columns.map((c) => raw[c]!),
      columns,
      least,
    )
    minPairs = pairwise.minPairs
    const r = pairwise.r
    if (importance === 'correlation')
      derived = Object.fromEntries(attributes.map((a, i) => [a, r[0]![i + 1]!]))
    else if (importance === 'shapley')
      derived = Object.fromEntries(
        shapleyValues(r, attributes).drivers.map((d) => [d.name, d.weight]),
      )
    else {
      const beta = solve(
        r.slice(1).map((row) => row.slice(1)),
        r.slice(1).map((row) => row[0]!),
      )
      derived = Object.fromEntries(attributes.map((a, i) => [a, beta[i]!]))
    }
  } else minPairs = Math.min(...names.map((name) => raw[name]!.filter((v) => v !== null).length))
  const answered = table.rows.filter((_, i) => names.some((name) => raw[name]![i] !== null)).length
  const result = analyzeImportancePerformance(
    attributes.map((name, i) => ({
      name,
      importance: derived ? derived[name]! : available(ratings[i]!),
      performance: available(name),
    })),
    crosshair,
  )
  return {
    n: minPairs,
    dropped: table.rows.length - answered,
    importanceMethod: importance,
    missingData: {
      handling: 'pairwise',
      rowsUsed: answered,
      rowsDropped: table.rows.length - answered,
      minPairs,
    } satisfies MissingDataReport,
    ...result,
  }
}

/**
 * IPA with --weight/--rake: performance (and stated importance) are weighted means, derived
 * importance is read from the weighted correlation matrix; Kish's n_eff is reported beside n.
 */
function ipaWeights(table: Table, options: AnalyzeOptions, rows: readonly number[]) {
  const resolved = respondentWeights(table, options)
  if (!resolved || rows.length === 0) return undefined
  const weights = weightsOfRows(table, resolved, rows)
  return { weights, report: resolved.report, summary: weightSummary(weights) }
}

function weightingOf(respondent: ReturnType<typeof ipaWeights>) {
  if (!respondent) return {}
  const { sumWeights, effectiveN, designEffect } = respondent.summary
  return { weighting: { ...respondent.report, sumWeights, effectiveN, designEffect } }
}
