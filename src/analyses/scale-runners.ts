import {
  analyzeReliability,
  analyzeReliabilityOfCovariance,
  checkReliabilityItems,
} from '../analytics/cronbach-alpha.js'
import { mcdonaldOmega, type OmegaResult, omegaFromCovariance } from '../analytics/omega.js'
import { pairwiseCovarianceMatrix } from '../analytics/pairwise-correlation.js'
import { computeServqualGaps, SERVQUAL_22_DIMENSIONS } from '../analytics/servqual-gap.js'
import { ValidationError } from '../shared/errors.js'
import {
  checkRange,
  completeNumericColumns,
  numericColumn,
  type Table,
  textColumn,
} from '../tabular/tabular.service.js'
import {
  type AnalyzeOptions,
  listOption,
  optionInvalid,
  requireOption,
  scaleOption,
} from './analysis-options.js'
import { type MissingDataReport, missingHandling } from './missing-data.js'
import { PART_SEPARATOR } from './part-cells.js'
import type { Runner } from './analysis-runner.js'
import {
  completeRows,
  completeRowWeights,
  respondentWeights,
  weightsOfRows,
} from './respondent-weights.js'

/** Multi-item scales: SERVQUAL gaps between expectation and perception items, Cronbach's alpha. */

export const servqual: Runner = (table, options) => {
  const items = servqualItems(table, options)
  const names = items.flatMap((i) => [i.expectation, i.perception])
  const itemDimension = Object.fromEntries(items.map((i) => [i.item, i.dimension]))
  const dimensions = [...new Set(Object.values(itemDimension))]
  const weights = options.weights ? servqualWeights(options.weights, dimensions) : undefined
  const scale = scaleOption(options, 1, 7)
  for (const column of names)
    checkRange(table, column, numericColumn(table, column), scale.min, scale.max, false)
  const rowWeights = respondentWeights(table, options)
  const gapsOf = (part: Table, byRow?: Array<number | null>) => {
    const { columns, n, dropped } = completeNumericColumns(part, names)
    const respondentWeights =
      rowWeights && byRow
        ? weightsOfRows(part, { ...rowWeights, byRow }, completeRows(part, names))
        : undefined
    const rowsOf = (side: 'expectation' | 'perception') =>
      Array.from({ length: n }, (_, r) =>
        Object.fromEntries(items.map((i) => [i.item, columns[i[side]]![r]!])),
      )
    return {
      dropped,
      ...computeServqualGaps({
        itemDimension,
        expectations: rowsOf('expectation'),
        perceptions: rowsOf('perception'),
        weights,
        reversedItems: options.reversed ? listOption(options.reversed) : [],
        scale,
        respondentWeights,
      }),
      ...(rowWeights ? { weighting: rowWeights.report } : {}),
    }
  }
  const overall = gapsOf(table, rowWeights?.byRow)
  if (!options.by) return overall
  return {
    ...overall,
    segmentColumn: options.by,
    segments: servqualSegments(table, options.by, names, gapsOf, rowWeights?.byRow),
  }
}

/**
 * --by COLUMN: the same gaps within each of the column's values (a store, a channel), the
 * largest segment first; a segment without one complete row is listed with n 0 and no gaps.
 */
function servqualSegments<R extends { n: number }>(
  table: Table,
  by: string,
  names: readonly string[],
  gapsOf: (part: Table, byRow?: Array<number | null>) => R,
  byRow?: Array<number | null>,
): Array<{ segment: string } & (R | { n: 0 })> {
  const column = textColumn(table, by)
  const groups = new Map<string, number[]>()
  column.forEach((cell, r) => {
    const segment = cell.trim()
    if (segment === '') return
    const rows = groups.get(segment) ?? []
    rows.push(r)
    groups.set(segment, rows)
  })
  return [...groups.entries()]
    .map(([segment, rows]) => {
      const part: Table = {
        file: table.file,
        headers: table.headers,
        rows: rows.map((r) => table.rows[r]!),
      }
      if (completeNumericColumns(part, names).n === 0) return { segment, n: 0 as const }
      return { segment, ...gapsOf(part, byRow && rows.map((r) => byRow[r]!)) }
    })
    .sort((a, b) => b.n - a.n || a.segment.localeCompare(b.segment))
}

interface ServqualItem {
  item: string
  dimension: string
  expectation: string
  perception: string
}

const SPLIT_EXPECTATION = `${PART_SEPARATOR}expectation`
const SPLIT_PERCEPTION = `${PART_SEPARATOR}perception`

/**
 * The expectation and perception columns of each item: named by prefix (E_Q1 and P_Q1), or, in
 * Manyi's own export, the two parts of one SERVQUAL cell split into `question [key] · expectation`
 * and `… · perception` (part-cells.ts). An item's dimension is that of the 22-item scale when its
 * name or key is Q1–Q22, else "other".
 */
function servqualItems(table: Table, options: AnalyzeOptions): ServqualItem[] {
  const ePrefix = options.expectationPrefix ?? 'E_'
  const pPrefix = options.perceptionPrefix ?? 'P_'
  const byPrefix = table.headers
    .filter((h) => h.startsWith(ePrefix))
    .map((h) => h.slice(ePrefix.length))
  const prefixed = options.expectationPrefix !== undefined || byPrefix.length > 0
  const items = prefixed
    ? byPrefix.map((item) => ({ item, expectation: ePrefix + item, perception: pPrefix + item }))
    : table.headers
        .filter(
          (h) =>
            h.endsWith(SPLIT_EXPECTATION) &&
            table.headers.includes(h.slice(0, -SPLIT_EXPECTATION.length) + SPLIT_PERCEPTION),
        )
        .map((h) => {
          const item = h.slice(0, -SPLIT_EXPECTATION.length)
          return { item, expectation: h, perception: item + SPLIT_PERCEPTION }
        })
  if (items.length === 0) {
    throw new ValidationError(
      'COLUMN_NOT_FOUND',
      `${table.file} has no expectation columns starting with "${ePrefix}" and no SERVQUAL answers.`,
      [{ path: '--expectation-prefix', reason: `no column starts with "${ePrefix}"` }],
    )
  }
  return items.map((i) => {
    const key = /\[([^\]]+)\]$/.exec(i.item)?.[1] ?? i.item
    return {
      ...i,
      dimension: SERVQUAL_22_DIMENSIONS[key] ?? SERVQUAL_22_DIMENSIONS[i.item] ?? 'other',
    }
  })
}

/**
 * --weights dim=points,…: a 100-point allocation over the items' dimensions, named in any case;
 * an unknown dimension, a value that is not a number ≥ 0, a repeated dimension or a sum other
 * than 100 is refused (OPTION_INVALID) instead of weighing silently 0 or giving null.
 */
function servqualWeights(spec: string, dimensions: readonly string[]): Record<string, number> {
  const allowed = `${dimensions.map((d) => `${d}=POINTS`).join(',')} (summing to 100)`
  const weights: Record<string, number> = {}
  for (const entry of listOption(spec)) {
    const [name = '', value = ''] = entry.split('=').map((s) => s.trim())
    const dimension = dimensions.find((d) => d.toLowerCase() === name.toLowerCase())
    if (!dimension)
      throw optionInvalid(
        '--weights',
        `--weights names "${name}", which is not a dimension of these items.`,
        allowed,
      )
    const points = /^[+]?(\d+\.?\d*|\.\d+)$/.test(value) ? Number(value) : Number.NaN
    if (!Number.isFinite(points))
      throw optionInvalid(
        '--weights',
        `--weights ${dimension}="${value}" is not a number of points ≥ 0.`,
        allowed,
      )
    if (Object.hasOwn(weights, dimension))
      throw optionInvalid('--weights', `--weights gives ${dimension} twice.`, allowed)
    weights[dimension] = points
  }
  const total = Object.values(weights).reduce((a, b) => a + b, 0)
  if (Math.abs(total - 100) > 1e-6)
    throw optionInvalid(
      '--weights',
      `--weights sum to ${total}; they are a 100-point allocation.`,
      allowed,
    )
  return weights
}

export const alpha: Runner = (table, options) => {
  const items = listOption(requireOption(options, 'items', 'alpha'))
  if (items.length < 2)
    throw new ValidationError('NOT_ENOUGH_DATA', 'Cronbach’s alpha needs at least two items.', [
      { path: '--items', reason: `${items.length} item`, allowed: 'two or more columns' },
    ])
  const reversed = options.reversed ? listOption(options.reversed) : []
  const unknown = reversed.find((r) => !items.includes(r))
  if (unknown !== undefined)
    throw optionInvalid(
      '--reversed',
      `--reversed names "${unknown}", which is not in --items.`,
      items.join(', '),
    )
  // Reverse-scoring maps x to min + max − x, so it needs the scale, and answers on it.
  const scale = reversed.length > 0 ? scaleOption(options, 1, 5) : null
  if (scale)
    for (const item of items)
      checkRange(table, item, numericColumn(table, item), scale.min, scale.max, false)
  const reverse = (item: string, v: number) =>
    scale && reversed.includes(item) ? scale.min + scale.max - v : v
  if (missingHandling(options, ['none', 'pairwise']) === 'pairwise')
    return pairwiseAlpha(table, options, items, reverse, reversed)
  const { columns: read, dropped } = completeNumericColumns(table, items)
  const columns = Object.fromEntries(items.map((i) => [i, read[i]!.map((v) => reverse(i, v))]))
  checkReliabilityItems(
    items,
    items.map((i) => columns[i]!),
  )
  const itemColumns = items.map((i) => columns[i]!)
  // Respondent weights: how the items hang together in the weighted answers, as if each row were
  // repeated as often as its weight (α, ω, correlations); Feldt's interval uses Kish's n.
  const respondent = completeRowWeights(table, options, items)
  // ω beside α from three items on (with two a one-factor model is not identified).
  const omega = items.length >= 3 ? mcdonaldOmega(items, itemColumns, respondent?.weights) : null
  return {
    ...analyzeReliability(items, itemColumns, respondent?.weights),
    omega: omega && omegaReport(items, omega),
    dropped,
    reversed,
    missingData: { handling: 'listwise', rowsUsed: itemColumns[0]!.length, rowsDropped: dropped },
    ...(respondent ? { weighting: respondent.report } : {}),
  }
}

/** ω as the result shows it: standardized loadings and Heywood items by item name. */
function omegaReport(items: readonly string[], omega: OmegaResult) {
  return {
    omega: omega.omega,
    loadings: Object.fromEntries(items.map((item, i) => [item, omega.standardizedLoadings[i]!])),
    converged: omega.converged,
    heywood: omega.heywood.map((i) => items[i]!),
  }
}

/**
 * α, ω and the item statistics from covariances by pairwise deletion (--impute pairwise), as
 * psych::alpha reads cov(x, use = "pairwise") by default: a blank costs only the pairs it is in.
 * Feldt's interval takes the fewest rows behind any pair. Weights are for one set of rows and are
 * refused with it.
 */
function pairwiseAlpha(
  table: Table,
  options: AnalyzeOptions,
  items: readonly string[],
  reverse: (item: string, v: number) => number,
  reversed: readonly string[],
) {
  if (options.weight || options.rake)
    throw optionInvalid(
      '--impute',
      '--impute pairwise is for unweighted answers; use none with weights.',
      'none',
    )
  const raw = items.map((item) =>
    numericColumn(table, item).map((v) => (v === null ? null : reverse(item, v))),
  )
  // Reliability offers listwise deletion beside pairwise, no imputation: the refusal says so.
  const { s, minPairs } = pairwiseCovarianceMatrix(raw, items, 3, {
    words: 'listwise deletion (leave out --impute)',
    allowed: 'none',
  })
  const omega = items.length >= 3 ? omegaFromCovariance(s, items) : null
  const answered = table.rows.filter((_, i) => raw.some((c) => c[i] !== null)).length
  return {
    ...analyzeReliabilityOfCovariance(items, s, minPairs),
    omega: omega && omegaReport(items, omega),
    dropped: table.rows.length - answered,
    reversed,
    missingData: {
      handling: 'pairwise',
      rowsUsed: answered,
      rowsDropped: table.rows.length - answered,
      minPairs,
    } satisfies MissingDataReport,
  }
}
