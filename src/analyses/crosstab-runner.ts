import { crossTabulate } from '../analytics/crosstab.js'
import { postUseIndex, valueBalanceIndex } from '../analytics/csm-index.js'
import { weightedAverage } from '../analytics/weighted-moments.js'
import { ValidationError } from '../shared/errors.js'
import {
  checkRange,
  completeNumericColumns,
  numericColumn,
  textColumn,
} from '../tabular/tabular.service.js'
import { optionInvalid, requireOption, scaleOption } from './analysis-options.js'
import type { RunContext, Runner } from './analysis-runner.js'
import { completeRowWeights, respondentWeights } from './respondent-weights.js'

/** Cross-tabulation of two questions or segments (交叉分析), weighted by a column when given. */
export const crosstab: Runner = (table, options, context) => {
  const row = requireOption(options, 'row', 'crosstab')
  const by = requireOption(options, 'by', 'crosstab')
  if (row === by) throw optionInvalid('--by', `--row and --by both name "${row}".`, 'two columns')
  const rows = textColumn(table, row).map((c) => c.trim())
  const columns = textColumn(table, by).map((c) => c.trim())
  const survey = context.surveyWeights
  if (survey && options.weight === survey.field && !options.rake)
    return bySurveyWeights(table, survey, { row, by, rows, columns })
  const weights = respondentWeights(table, options)
  if (!weights) return { row, by, ...crossTabulate(rows, columns) }
  return {
    row,
    by,
    ...(weights.report.column ? { weight: weights.report.column } : {}),
    ...(weights.report.raking ? { raking: weights.report.raking } : {}),
    ...crossTabulate(rows, columns, { weights: weights.byRow }),
  }
}

/**
 * The cross-tab of a survey's answers weighted by its own weight field: an answer without a valid
 * weight is left out of the table and counted in `weightsLeftOut`, as the headline and league do.
 */
function bySurveyWeights(
  table: Parameters<Runner>[0],
  survey: NonNullable<RunContext['surveyWeights']>,
  picked: { row: string; by: string; rows: string[]; columns: string[] },
) {
  const weights = textColumn(table, survey.field).map(survey.weightOf)
  const kept = weights.flatMap((w, i) => (w === null ? [] : [i]))
  return {
    row: picked.row,
    by: picked.by,
    weight: survey.field,
    weightsLeftOut: weights.length - kept.length,
    ...crossTabulate(
      kept.map((i) => picked.rows[i]!),
      kept.map((i) => picked.columns[i]!),
      { weights: kept.map((i) => weights[i]!) },
    ),
  }
}

/**
 * A ratio of two means on one scale (value-balance, post-use): both columns' answers within the
 * scale, whose lowest answer is ≥ 0 so the ratio has a meaning, and a denominator mean above 0.
 */
function ratioOfMeans(
  table: Parameters<Runner>[0],
  options: Parameters<Runner>[1],
  method: string,
  keys: { top: 'value' | 'after'; bottom: 'price' | 'before' },
  compute: (top: number, bottom: number) => number | null,
) {
  const top = requireOption(options, keys.top, method)
  const bottom = requireOption(options, keys.bottom, method)
  const scale = scaleOption(options, 1, 5)
  if (scale.min < 0)
    throw optionInvalid(
      '--scale-min',
      `A ratio index needs answers ≥ 0; --scale-min is ${scale.min}.`,
      '--scale-min ≥ 0',
    )
  for (const column of [top, bottom])
    checkRange(table, column, numericColumn(table, column), scale.min, scale.max, false)
  const { columns, n, dropped } = completeNumericColumns(table, [top, bottom])
  if (n === 0)
    throw new ValidationError('NOT_ENOUGH_DATA', `${method} needs at least one complete row.`, [
      { path: 'input', reason: 'no complete rows', allowed: 'one or more' },
    ])
  const weighted = completeRowWeights(table, options, [top, bottom])
  const topMean = weightedAverage(columns[top]!, weighted?.weights)
  const bottomMean = weightedAverage(columns[bottom]!, weighted?.weights)
  const index = compute(topMean, bottomMean)
  if (index === null)
    throw new ValidationError(
      'VALUE_OUT_OF_RANGE',
      `Every answer in "${bottom}" is 0, so the ratio is undefined.`,
      [{ path: `${table.file}:${bottom}`, reason: 'mean 0', allowed: 'a mean above 0' }],
    )
  return {
    n,
    dropped,
    scale,
    topMean,
    bottomMean,
    index,
    ...(weighted ? { weighting: weighted.report } : {}),
  }
}

/** Value-balance index: mean perceived value / mean price paid, one scale; 1 = balanced. */
export const valueBalance: Runner = (table, options) => {
  const r = ratioOfMeans(
    table,
    options,
    'value-balance',
    { top: 'value', bottom: 'price' },
    valueBalanceIndex,
  )
  return {
    n: r.n,
    dropped: r.dropped,
    scale: r.scale,
    perceivedValue: r.topMean,
    pricePaid: r.bottomMean,
    index: r.index,
    ...(r.weighting ? { weighting: r.weighting } : {}),
  }
}

/** Post-use index: mean rating after use / mean expectation before use; above 1 beat expectations. */
export const postUse: Runner = (table, options) => {
  const r = ratioOfMeans(
    table,
    options,
    'post-use',
    { top: 'after', bottom: 'before' },
    postUseIndex,
  )
  return {
    n: r.n,
    dropped: r.dropped,
    scale: r.scale,
    afterUse: r.topMean,
    expectationBefore: r.bottomMean,
    index: r.index,
    ...(r.weighting ? { weighting: r.weighting } : {}),
  }
}
