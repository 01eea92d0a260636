import { analyzeReliability } from '../analytics/cronbach-alpha.js'
import { computeServqualGaps, SERVQUAL_22_DIMENSIONS } from '../analytics/servqual-gap.js'
import { ValidationError } from '../shared/errors.js'
import { completeNumericColumns } from '../tabular/tabular.service.js'
import { listOption, numberOption, requireOption } from './analysis-options.js'
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
  const weights = options.weights
    ? Object.fromEntries(
        listOption(options.weights)
          .map((w) => w.split('='))
          .map(([k, v]) => [k!, Number(v)]),
      )
    : undefined
  const scale = {
    min: numberOption(options, 'scaleMin', 1)!,
    max: numberOption(options, 'scaleMax', 7)!,
  }
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

export const alpha: Runner = (table, options) => {
  const items = listOption(requireOption(options, 'items', 'alpha'))
  if (items.length < 2)
    throw new ValidationError('VALIDATION_FAILED', 'Cronbach’s alpha needs at least two items.', [
      { path: '--items', reason: `${items.length} item`, allowed: 'two or more columns' },
    ])
  const { columns, dropped } = completeNumericColumns(table, items)
  return {
    ...analyzeReliability(
      items,
      items.map((i) => columns[i]!),
    ),
    dropped,
  }
}
