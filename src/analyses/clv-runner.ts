import { fitBgNbd } from '../analytics/bg-nbd.js'
import { customerValue } from '../analytics/clv.js'
import { fitGammaGamma } from '../analytics/gamma-gamma.js'
import { ValidationError } from '../shared/errors.js'
import { numericColumn } from '../tabular/tabular.service.js'
import { rangedOption, requireOption } from './analysis-options.js'
import type { Runner } from './analysis-runner.js'

/** How many customers `topCustomers` lists (highest CLV, or P(alive) × expected purchases). */
const TOP = 20

/**
 * Customer lifetime value from a per-customer purchase summary (one row per customer): the BG/NBD
 * purchase model on --frequency (x), --recency (t_x) and --age (T), the Gamma-Gamma spend model on
 * --spend (mean repeat spend), and each customer's P(alive), expected purchases and discounted
 * value over --periods periods of --period-length time units at --discount-rate a period. Times
 * are in the file's own unit (CDNOW: weeks; a month is then 4.345). A row with a blank cell in a
 * named column is left out and listed in `skippedRows`; an impossible summary is refused with its
 * file row (`FILE:ROW:COLUMN`).
 */
export const clv: Runner = (table, options) => {
  const columns = {
    frequency: requireOption(options, 'frequency', 'clv'),
    recency: requireOption(options, 'recency', 'clv'),
    age: requireOption(options, 'age', 'clv'),
    spend: options.spend || undefined,
  }
  const periods = rangedOption(
    options,
    'periods',
    { min: 1, max: 1200, integer: true, allowed: 'a whole number 1–1200' },
    12,
  )!
  const periodLength = rangedOption(
    options,
    'periodLength',
    { min: 0, minExclusive: true, allowed: '> 0' },
    4.345,
  )!
  const discountRate = rangedOption(
    options,
    'discountRate',
    { min: 0, max: 1, allowed: '0 ≤ d ≤ 1' },
    0.01,
  )!
  const read = {
    frequency: numericColumn(table, columns.frequency),
    recency: numericColumn(table, columns.recency),
    age: numericColumn(table, columns.age),
    spend: columns.spend ? numericColumn(table, columns.spend) : undefined,
  }
  const rows: number[] = []
  const skippedRows: number[] = []
  const customers: { frequency: number; recency: number; age: number; spend: number }[] = []
  for (let r = 0; r < table.rows.length; r++) {
    const x = read.frequency[r]
    const tx = read.recency[r]
    const T = read.age[r]
    const m = read.spend ? read.spend[r] : 0
    if (x == null || tx == null || T == null || m == null) {
      skippedRows.push(r + 2)
      continue
    }
    rows.push(r + 2)
    customers.push({ frequency: x, recency: tx, age: T, spend: m })
  }
  if (customers.length === 0)
    throw new ValidationError('NOT_ENOUGH_DATA', `${table.file} has no complete customer row.`, [
      { path: 'input', reason: '0 complete rows', allowed: '1 or more' },
    ])
  const locate = (i: number, field: 'frequency' | 'recency' | 'age' | 'spend') =>
    `${table.file}:${rows[i]}:${columns[field]}`
  const bgnbd = fitBgNbd(customers, locate)
  const gammaGamma = columns.spend ? fitGammaGamma(customers, locate) : null
  const noSpend = { p: 1, q: 2, gamma: 1 }
  const values = customers.map((c) =>
    customerValue(bgnbd, gammaGamma ?? noSpend, c, { periods, periodLength, discountRate }),
  )
  const sum = (f: (v: (typeof values)[number]) => number) => values.reduce((s, v) => s + f(v), 0)
  const ranked = values
    .map((v, i) => ({
      row: rows[i]!,
      frequency: customers[i]!.frequency,
      recency: customers[i]!.recency,
      age: customers[i]!.age,
      probabilityAlive: v.probabilityAlive,
      expectedPurchases: v.expectedPurchases,
      ...(gammaGamma ? { expectedAverageSpend: v.expectedAverageSpend, clv: v.clv } : {}),
    }))
    .sort((p, q) =>
      gammaGamma
        ? (q.clv ?? 0) - (p.clv ?? 0) || p.row - q.row
        : q.expectedPurchases - p.expectedPurchases || p.row - q.row,
    )
  const pick = <T extends object, K extends keyof T>(o: T, keys: K[]) =>
    Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>
  return {
    customers: customers.length,
    skippedRows,
    bgnbd: pick(bgnbd, ['r', 'alpha', 'a', 'b', 'logLikelihood', 'converged']),
    gammaGamma: gammaGamma
      ? pick(gammaGamma, ['p', 'q', 'gamma', 'logLikelihood', 'customers', 'converged'])
      : null,
    horizon: {
      periods,
      periodLength,
      discountRate,
      meanProbabilityAlive: sum((v) => v.probabilityAlive) / values.length,
      expectedPurchases: sum((v) => v.expectedPurchases),
      ...(gammaGamma
        ? { totalClv: sum((v) => v.clv ?? 0), meanClv: sum((v) => v.clv ?? 0) / values.length }
        : {}),
    },
    topCustomers: ranked.slice(0, TOP),
  }
}
