import { analyzeReliability, checkReliabilityItems } from '../analytics/cronbach-alpha.js'
import { computeServqualGaps, SERVQUAL_22_DIMENSIONS } from '../analytics/servqual-gap.js'
import { ValidationError } from '../shared/errors.js'
import { checkRange, completeNumericColumns, numericColumn } from '../tabular/tabular.service.js'
import { listOption, optionInvalid, requireOption, scaleOption } from './analysis-options.js'
import type { Runner } from './analysis-runner.js'

/** Multi-item scales: SERVQUAL gaps between expectation and perception items, Cronbach's alpha. */

export const servqual: Runner = (table, options) => {
  const ePrefix = options.expectationPrefix ?? 'E_'
  const pPrefix = options.perceptionPrefix ?? 'P_'
  const items = table.headers
    .filter((h) => h.startsWith(ePrefix))
    .map((h) => h.slice(ePrefix.length))
  if (items.length === 0) {
    throw new ValidationError(
      'COLUMN_NOT_FOUND',
      `${table.file} has no expectation columns starting with "${ePrefix}".`,
      [{ path: '--expectation-prefix', reason: `no column starts with "${ePrefix}"` }],
    )
  }
  const names = items.flatMap((item) => [ePrefix + item, pPrefix + item])
  const { columns, n, dropped } = completeNumericColumns(table, names)
  const rowsOf = (prefix: string) =>
    Array.from({ length: n }, (_, r) =>
      Object.fromEntries(items.map((item) => [item, columns[prefix + item]![r]!])),
    )
  const itemDimension = Object.fromEntries(
    items.map((item) => [item, SERVQUAL_22_DIMENSIONS[item] ?? 'other']),
  )
  const dimensions = [...new Set(Object.values(itemDimension))]
  const weights = options.weights ? servqualWeights(options.weights, dimensions) : undefined
  const scale = scaleOption(options, 1, 7)
  for (const column of names)
    checkRange(table, column, numericColumn(table, column), scale.min, scale.max, false)
  return {
    dropped,
    ...computeServqualGaps({
      itemDimension,
      expectations: rowsOf(ePrefix),
      perceptions: rowsOf(pPrefix),
      weights,
      reversedItems: options.reversed ? listOption(options.reversed) : [],
      scale,
    }),
  }
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
    throw new ValidationError('VALIDATION_FAILED', 'Cronbach’s alpha needs at least two items.', [
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
  const { columns: read, dropped } = completeNumericColumns(table, items)
  const columns = Object.fromEntries(
    items.map((i) => [
      i,
      scale && reversed.includes(i) ? read[i]!.map((v) => scale.min + scale.max - v) : read[i]!,
    ]),
  )
  checkReliabilityItems(
    items,
    items.map((i) => columns[i]!),
  )
  return {
    ...analyzeReliability(
      items,
      items.map((i) => columns[i]!),
    ),
    dropped,
    reversed,
  }
}
