import { cChart, cusumChart, ewmaChart, pChart, uChart } from '../analytics/control-charts.js'
import { detectMeanChange, detectRateChange } from '../analytics/change-point.js'
import { meanChangeTest, pettittTest } from '../analytics/change-point-test.js'
import { nelsonRules } from '../analytics/nelson-rules.js'
import { xbarChart } from '../analytics/subgroup-charts.js'
import { noVariance, valueOutOfRange } from '../analytics/input-checks.js'
import { individualsChart, movingRangeSigma } from '../analytics/individuals-chart.js'
import { mean } from '../analytics/matrix.js'
import { ValidationError } from '../shared/errors.js'
import type { Table } from '../tabular/tabular.service.js'
import { numericColumn } from '../tabular/tabular.service.js'
import { choiceOption, listOption, rangedOption, requireOption } from './analysis-options.js'
import type { Runner } from './analysis-runner.js'
import { refuseRespondentWeights } from './respondent-weights.js'

/**
 * The points of a chart read row by row: a row with a blank cell in any of the chart's columns is
 * left out as a whole (so a count stays paired with the size on its own row) and reported in
 * `skippedRows`; `rows` gives each point's row in the file (the header is row 1), so signal
 * positions can be traced back to the file.
 */
function pointRows(
  table: Table,
  columns: ReadonlyArray<ReadonlyArray<number | null>>,
): { rows: number[]; skippedRows: number[]; values: number[][] } {
  const rows: number[] = []
  const skippedRows: number[] = []
  const values: number[][] = columns.map(() => [])
  for (let r = 0; r < table.rows.length; r++) {
    if (columns.some((c) => c[r] === null)) {
      skippedRows.push(r + 2)
      continue
    }
    rows.push(r + 2)
    columns.forEach((c, k) => values[k]!.push(c[r]!))
  }
  return { rows, skippedRows, values }
}

function wholeCounts(table: Table, column: string, values: number[], rows: number[]): void {
  values.forEach((v, i) => {
    if (!(Number.isInteger(v) && v >= 0))
      throw valueOutOfRange(
        `${table.file}:${rows[i]}:${column}`,
        `${table.file} row ${rows[i]}, column "${column}": ${v} is not a count (a whole number ≥ 0).`,
        'whole numbers ≥ 0',
      )
  })
}

/** The charts of `manyi analyze spc --chart` (docs/cli.md). */
export const SPC_CHARTS = [
  'p',
  'c',
  'u',
  'imr',
  'xbar-r',
  'xbar-s',
  'ewma',
  'cusum',
  'mean-change',
  'rate-change',
  'pettitt',
] as const

/**
 * Statistical process control: p, c, u, I-MR, X̄-R, X̄-S, EWMA and CUSUM charts, and change
 * points in mean (with a permutation p-value), in rate, and Pettitt's rank test.
 */
export const spc: Runner = (table, options) => {
  const chart = choiceOption(options, 'chart', SPC_CHARTS, 'ewma')
  // A chart's rows are periods or subgroups in time order, not respondents: a respondent weight
  // has nothing to weigh here (weight the answers when forming each period's figure instead).
  refuseRespondentWeights(
    options,
    'spc',
    "each row is a period's figure or a subgroup in time order, not a respondent; weight the answers when forming each period's figure (e.g. weighted NPS per month) and chart those.",
  )
  if (chart === 'xbar-r' || chart === 'xbar-s') {
    // Each row is one subgroup, its values in the --items columns.
    const items = listOption(requireOption(options, 'items', `spc --chart ${chart}`))
    const read = pointRows(
      table,
      items.map((item) => numericColumn(table, item)),
    )
    const subgroups = read.rows.map((_, r) => read.values.map((column) => column[r]!))
    return withRows(chart, xbarChart(subgroups, chart), read)
  }
  const column = requireOption(options, 'column', 'spc')
  if (chart === 'p') {
    const sizeColumn = requireOption(options, 'size', 'spc --chart p')
    const read = pointRows(table, [numericColumn(table, column), numericColumn(table, sizeColumn)])
    const [counts, sizes] = read.values as [number[], number[]]
    wholeCounts(table, column, counts, read.rows)
    sizes.forEach((size, i) => {
      const where = `${table.file} row ${read.rows[i]}`
      if (!(Number.isInteger(size) && size > 0))
        throw valueOutOfRange(
          `${table.file}:${read.rows[i]}:${sizeColumn}`,
          `${where}, column "${sizeColumn}": sample size ${size} is not a whole number above 0.`,
          'whole numbers ≥ 1',
        )
      if (counts[i]! > size)
        throw valueOutOfRange(
          `${table.file}:${read.rows[i]}:${column}`,
          `${where}, column "${column}": count ${counts[i]} exceeds its sample size ${size}.`,
          `0–${size}`,
        )
    })
    needPoints(read.rows.length, 1)
    const result = pChart(counts.map((count, i) => ({ count, size: sizes[i]! })))
    return withRows(chart, result, read)
  }
  if (chart === 'u') {
    const sizeColumn = requireOption(options, 'size', 'spc --chart u')
    const read = pointRows(table, [numericColumn(table, column), numericColumn(table, sizeColumn)])
    const [counts, sizes] = read.values as [number[], number[]]
    wholeCounts(table, column, counts, read.rows)
    sizes.forEach((size, i) => {
      if (!(size > 0))
        throw valueOutOfRange(
          `${table.file}:${read.rows[i]}:${sizeColumn}`,
          `${table.file} row ${read.rows[i]}, column "${sizeColumn}": exposure ${size} is not above 0.`,
          'numbers > 0',
        )
    })
    needPoints(read.rows.length, 1)
    return withRows(chart, uChart(counts.map((count, i) => ({ count, size: sizes[i]! }))), read)
  }
  const read = pointRows(table, [numericColumn(table, column)])
  const values = read.values[0]!
  if (chart === 'c' || chart === 'rate-change') wholeCounts(table, column, values, read.rows)
  if (chart === 'c') {
    needPoints(values.length, 1)
    return withRows(chart, cChart(values), read)
  }
  needPoints(values.length, 2)
  if (chart === 'imr') {
    const result = individualsChart(values)
    return withRows(
      chart,
      { ...result, nelson: nelsonRules(values, result.center, result.sigma) },
      read,
    )
  }
  if (chart === 'pettitt') {
    needPoints(values.length, 3)
    const changePoint = pettittTest(values)
    return withRows(chart, { changePoint, changeRow: read.rows[changePoint.index]! }, read)
  }
  if (chart === 'mean-change') {
    if (values.length < 4) return withRows(chart, { changePoint: detectMeanChange(values) }, read)
    const test = meanChangeTest(values, {
      permutations: rangedOption(
        options,
        'permutations',
        { min: 99, max: 100000, integer: true, allowed: 'a whole number 99–100000' },
        999,
      ),
      seed: rangedOption(options, 'seed', { integer: true, allowed: 'a whole number' }, 1),
    })
    return withRows(chart, { changePoint: test, changeRow: read.rows[test.index]! }, read)
  }
  if (chart === 'rate-change')
    return withRows(chart, { changePoint: detectRateChange(values) }, read)
  const mu0 = rangedOption(options, 'mu0', { allowed: 'a number' }, mean(values))!
  const given = rangedOption(options, 'sigma', { min: 0, minExclusive: true, allowed: 'σ > 0' })
  // Without --sigma, σ from the average moving range (MR̄/1.128), as for individual values: a
  // shift inside the series inflates the overall sd and would hide the very change looked for.
  const sigma = given ?? movingRangeSigma(values) ?? 0
  const sigmaFrom = given === undefined ? 'moving-range' : 'given'
  if (!(sigma > 0)) throw noVariance(column, 'the process standard deviation (give --sigma)')
  if (chart === 'cusum')
    return withRows(
      chart,
      {
        mu0,
        sigma,
        sigmaFrom,
        ...cusumChart(values, {
          mu0,
          sigma,
          k: rangedOption(options, 'k', { min: 0, allowed: 'k ≥ 0' }),
          h: rangedOption(options, 'h', { min: 0, minExclusive: true, allowed: 'h > 0' }),
        }),
      },
      read,
    )
  return withRows(
    chart,
    {
      mu0,
      sigma,
      sigmaFrom,
      ...ewmaChart(values, {
        mu0,
        sigma,
        lambda: rangedOption(options, 'lambda', {
          min: 0,
          minExclusive: true,
          max: 1,
          allowed: '0 < λ ≤ 1',
        }),
        L: rangedOption(options, 'L', { min: 0, minExclusive: true, allowed: 'L > 0' }),
      }),
    },
    read,
  )
}

function needPoints(n: number, least: number): void {
  if (n < least)
    throw new ValidationError(
      'NOT_ENOUGH_DATA',
      `The chart needs at least ${least} complete rows, got ${n}.`,
      [{ path: 'input', reason: `${n} complete rows`, allowed: `${least} or more` }],
    )
}

/** The chart with its points' file rows, the skipped rows, and the file rows of its signals. */
function withRows<T extends object>(
  chart: string,
  result: T,
  read: { rows: number[]; skippedRows: number[] },
): T & { chart: string; rows: number[]; skippedRows: number[]; signalRows?: number[] } {
  const signals = (result as { signals?: number[] }).signals
  return {
    chart,
    ...result,
    rows: read.rows,
    skippedRows: read.skippedRows,
    ...(signals ? { signalRows: signals.map((i) => read.rows[i]!) } : {}),
  }
}
