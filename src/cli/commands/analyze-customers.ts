import {
  calendarPeriod,
  PERIOD_UNITS,
  type PeriodUnit,
  periodLabel,
} from '../../analytics/calendar-periods.js'
import { churnModel, churnRow, type ChurnRow } from '../../analytics/churn.js'
import { customerHistories } from '../../analytics/churn-events.js'
import { cohortRetention, repurchaseRate } from '../../analytics/cohort.js'
import { ValidationError } from '../../shared/errors.js'
import type { Table } from '../../tabular/tabular.service.js'
import { numericColumn, parseCellTime, textColumn } from '../../tabular/tabular.service.js'
import type { CliIo } from '../cli-io.js'

// manyi analyze cohort and churn: customer files read as the customers domain reads its
// transactions, analysed by the pure functions of src/analytics (cohort.ts, churn.ts), so a file
// gives the figures the product shows for the same history.

const DAY_MS = 86_400_000

export interface CustomerAnalyzeOptions {
  input: string
  encoding?: string
  sheet?: string
  json?: boolean
  /** The customer column (any key: member number, account, phone). */
  customer?: string
  /** The date column of each purchase or event. */
  period?: string
  /** cohort: week, month (default) or quarter. */
  periodUnit?: string
  /** churn: the event type column (purchase, rating, complaint) and its value column. */
  event?: string
  value?: string
  trainCutoff?: string
  validationCutoff?: string
  horizonDays?: string
}

function required(
  options: CustomerAnalyzeOptions,
  key: 'customer' | 'period' | 'event' | 'value',
  method: string,
): string {
  const value = options[key]
  if (!value)
    throw new ValidationError('VALIDATION_FAILED', `Name the ${key} column with --${key}.`, [
      { path: `--${key}`, reason: `required for ${method}` },
    ])
  return value
}

/** Each row's customer and time; a time cell that is no date is refused with its row. */
function customersAndTimes(table: Table, customerColumn: string, timeColumn: string) {
  const customers = textColumn(table, customerColumn)
  const times = textColumn(table, timeColumn).map((cell, i) => {
    const time = parseCellTime(cell)
    if (time === null)
      throw new ValidationError(
        'VALUE_OUT_OF_RANGE',
        `${table.file}:${i + 2}:${timeColumn} is not a date.`,
        [
          {
            path: `${table.file}:${i + 2}:${timeColumn}`,
            reason: `"${cell}" is not a date`,
            allowed: 'YYYY-MM-DD or ISO 8601',
          },
        ],
      )
    return time
  })
  customers.forEach((c, i) => {
    if (c.trim() === '')
      throw new ValidationError(
        'VALUE_OUT_OF_RANGE',
        `${table.file}:${i + 2}:${customerColumn} is empty.`,
        [
          {
            path: `${table.file}:${i + 2}:${customerColumn}`,
            reason: 'empty',
            allowed: 'a customer key',
          },
        ],
      )
  })
  return { customers: customers.map((c) => c.trim()), times }
}

async function read(options: CustomerAnalyzeOptions): Promise<Table> {
  const { readTable } = await import('../../tabular/read-table.js')
  return readTable(options.input, { encoding: options.encoding as never, sheet: options.sheet })
}

/**
 * Cohort retention of a purchase file (one row a purchase): each customer's cohort is the period
 * of their first purchase; retention k periods on is the share of the cohort buying then (Wilson
 * 95% interval); and the repurchase rate (回头率), the share who bought more than once.
 */
export async function analyzeCohortFile(options: CustomerAnalyzeOptions, io: CliIo): Promise<void> {
  const customerColumn = required(options, 'customer', 'cohort')
  const timeColumn = required(options, 'period', 'cohort')
  const unit = (options.periodUnit ?? 'month') as PeriodUnit
  if (!(PERIOD_UNITS as readonly string[]).includes(unit))
    throw new ValidationError('VALIDATION_FAILED', `Unknown period unit "${unit}".`, [
      { path: '--period-unit', reason: `unknown unit "${unit}"`, allowed: PERIOD_UNITS.join(', ') },
    ])
  const table = await read(options)
  const { customers, times } = customersAndTimes(table, customerColumn, timeColumn)
  const purchases = customers.map((customer, i) => ({
    customer,
    period: calendarPeriod(times[i]!, unit),
  }))
  const repurchase = repurchaseRate(purchases)
  const cohorts = cohortRetention(purchases).map((c) => ({
    cohort: periodLabel(c.cohort, unit),
    size: c.size,
    retention: c.retention.map((r) => ({
      k: r.k,
      period: periodLabel(c.cohort + r.k, unit),
      active: r.active,
      share: r.share,
      ci95: r.ci95,
    })),
  }))
  const result = { purchases: purchases.length, periodUnit: unit, repurchase, cohorts }
  if (options.json) {
    io.stdout.write(`${JSON.stringify(result)}\n`)
    return
  }
  const percent = (x: number) => `${(x * 100).toFixed(1)}%`
  const lines = [
    `purchases: ${result.purchases}`,
    `repurchase rate: ${percent(repurchase.rate)} (${repurchase.repeat} of ${repurchase.customers}; 95% ${percent(repurchase.ci95[0])}–${percent(repurchase.ci95[1])})`,
    `cohort retention (${unit}s after the first purchase):`,
    ...cohorts.map(
      (c) =>
        `  ${c.cohort} (n ${c.size}): ${c.retention.map((r) => `+${r.k} ${percent(r.share)}`).join('  ')}`,
    ),
  ]
  io.stdout.write(`${lines.join('\n')}\n`)
}

function cutoff(options: CustomerAnalyzeOptions, key: 'trainCutoff' | 'validationCutoff'): number {
  const flag = key === 'trainCutoff' ? '--train-cutoff' : '--validation-cutoff'
  const raw = options[key]
  const time = raw ? parseCellTime(raw) : null
  if (time === null)
    throw new ValidationError('VALIDATION_FAILED', `Give ${flag} as a date (YYYY-MM-DD).`, [
      {
        path: flag,
        reason: raw ? `"${raw}" is not a date` : 'required for churn',
        allowed: 'YYYY-MM-DD',
      },
    ])
  return time
}

/**
 * The churn model of an event file (customer, date, event type, value: a purchase's amount, a
 * rating's score, a complaint's 1 recovered / 0 not): features at --train-cutoff with churn = no
 * purchase in the --horizon-days after it, validated at the later --validation-cutoff (a temporal
 * hold-out; churn.ts): coefficients, validation AUC with its DeLong interval, calibration deciles
 * and Hosmer–Lemeshow. Without ratings a customer's satisfaction is the mean of all ratings.
 */
export async function analyzeChurnFile(options: CustomerAnalyzeOptions, io: CliIo): Promise<void> {
  const customerColumn = required(options, 'customer', 'churn')
  const timeColumn = required(options, 'period', 'churn')
  const eventColumn = required(options, 'event', 'churn')
  const valueColumn = required(options, 'value', 'churn')
  const train = cutoff(options, 'trainCutoff')
  const validate = cutoff(options, 'validationCutoff')
  if (validate <= train)
    throw new ValidationError(
      'VALIDATION_FAILED',
      'The validation cutoff must come after the training cutoff.',
      [
        {
          path: '--validation-cutoff',
          reason: 'not after --train-cutoff',
          allowed: 'a later date',
        },
      ],
    )
  const horizonDays = Number(options.horizonDays ?? 90)
  if (!Number.isInteger(horizonDays) || horizonDays < 1 || horizonDays > 3650)
    throw new ValidationError(
      'VALIDATION_FAILED',
      '--horizon-days must be a whole number of days 1–3650.',
      [{ path: '--horizon-days', reason: `"${options.horizonDays}"`, allowed: '1–3650' }],
    )
  const table = await read(options)
  const { customers, times } = customersAndTimes(table, customerColumn, timeColumn)
  const types = textColumn(table, eventColumn).map((t) => t.trim().toLowerCase())
  const values = numericColumn(table, valueColumn)
  const histories = customerHistories(
    customers.map((customer, i) => ({
      customer,
      time: times[i]! / DAY_MS,
      type: types[i]!,
      value: values[i] ?? Number.NaN,
    })),
    (i) => `${table.file}:${i + 2}`,
  )
  const ratings = [...histories.values()].flatMap((h) => h.ratings.map((r) => r.score))
  const defaultSatisfaction = ratings.length
    ? ratings.reduce((s, x) => s + x, 0) / ratings.length
    : 0
  const rowsAt = (at: number) =>
    [...histories.values()]
      .map((h) => churnRow(h, at / DAY_MS, horizonDays, defaultSatisfaction))
      .filter((r): r is ChurnRow => r !== null)
  const model = churnModel(rowsAt(train), rowsAt(validate))
  const result = {
    customers: histories.size,
    horizonDays,
    trainCutoff: new Date(train).toISOString().slice(0, 10),
    validationCutoff: new Date(validate).toISOString().slice(0, 10),
    defaultSatisfaction,
    ...model,
  }
  if (options.json) {
    io.stdout.write(`${JSON.stringify(result)}\n`)
    return
  }
  const v = model.validation
  const lines = [
    `customers: ${result.customers}; trained at ${result.trainCutoff} (${model.trainRows} buyers, churn ${(model.trainChurnRate * 100).toFixed(1)}%), validated at ${result.validationCutoff} (${v.rows} buyers, churn ${(v.churnRate * 100).toFixed(1)}%), horizon ${horizonDays} days`,
    `validation AUC: ${v.auc.auc.toFixed(3)} (DeLong 95% ${v.auc.delong.ci[0].toFixed(3)}–${v.auc.delong.ci[1].toFixed(3)})`,
    `Hosmer–Lemeshow: ${v.hosmerLemeshow.statistic.toFixed(2)} on ${v.hosmerLemeshow.df} df, p ${v.hosmerLemeshow.p.toFixed(3)}`,
    'coefficients (log-odds per training sd):',
    ...model.features.map(
      (f) =>
        `  ${f.name}: ${f.coefficient === null ? '— (constant in training)' : f.coefficient.toFixed(3)}`,
    ),
  ]
  io.stdout.write(`${lines.join('\n')}\n`)
}
