import { cChart, cusumChart, ewmaChart, pChart } from '../analytics/control-charts.js'
import { detectMeanChange, detectRateChange } from '../analytics/change-point.js'
import { mean, variance } from '../analytics/matrix.js'
import { numericColumn } from '../tabular/tabular.service.js'
import { choiceOption, numberOption, requireOption } from './analysis-options.js'
import type { Runner } from './analysis-runner.js'
import { present } from './score-runners.js'

/** Statistical process control: p, c, EWMA and CUSUM charts, and change points in mean or rate. */
export const spc: Runner = (table, options) => {
  const chart = choiceOption(
    options,
    'chart',
    ['p', 'c', 'ewma', 'cusum', 'mean-change', 'rate-change'] as const,
    'ewma',
  )
  const column = requireOption(options, 'column', 'spc')
  const values = present(numericColumn(table, column))
  if (chart === 'p') {
    const sizes = present(numericColumn(table, requireOption(options, 'size', 'spc --chart p')))
    return { chart, ...pChart(values.map((count, i) => ({ count, size: sizes[i]! }))) }
  }
  if (chart === 'c') return { chart, ...cChart(values) }
  if (chart === 'mean-change') return { chart, changePoint: detectMeanChange(values) }
  if (chart === 'rate-change') return { chart, changePoint: detectRateChange(values) }
  const mu0 = numberOption(options, 'mu0', mean(values))!
  const sigma = numberOption(options, 'sigma', Math.sqrt(variance(values)))!
  if (chart === 'cusum')
    return {
      chart,
      mu0,
      sigma,
      ...cusumChart(values, {
        mu0,
        sigma,
        k: numberOption(options, 'k'),
        h: numberOption(options, 'h'),
      }),
    }
  return {
    chart,
    mu0,
    sigma,
    ...ewmaChart(values, {
      mu0,
      sigma,
      lambda: numberOption(options, 'lambda'),
      L: numberOption(options, 'L'),
    }),
  }
}
