import { ValidationError } from '../shared/errors.js'

/** Every option `manyi analyze` takes; each method uses some of them (docs/cli.md). */
export interface AnalyzeOptions {
  input: string
  encoding?: 'utf8' | 'gb18030'
  sheet?: string
  json?: boolean
  column?: string
  size?: string
  items?: string
  outcome?: string
  predictors?: string
  attributes?: string
  method?: string
  importance?: string
  importanceColumns?: string
  crosshair?: string
  pairs?: string
  /** kano: the attribute column of a table of aggregated counts (one row per attribute, a column per category). */
  counts?: string
  /** A model file path (CLI), or the model as JSON text or an object (API). */
  model?: string | object
  /** csi: the index tree, as for model. */
  tree?: string | object
  weighting?: string
  scheme?: string
  bootstrap?: string
  seed?: string
  chart?: string
  mu0?: string
  sigma?: string
  lambda?: string
  L?: string
  k?: string
  h?: string
  /** drivers: fill blank predictor cells with the column mean ("mean") instead of dropping rows. */
  impute?: string
  topBox?: string
  satisfied?: string
  expectationPrefix?: string
  perceptionPrefix?: string
  weights?: string
  reversed?: string
  scaleMin?: string
  scaleMax?: string
  /** crosstab: the row and column questions, and an optional respondent-weight column. */
  row?: string
  /** crosstab: the column question; servqual, nps, csat, ces: the group column. */
  by?: string
  /** nps, csat, ces: compare calendar months of this date column. */
  period?: string
  weight?: string
  /** Respondent weights raked to known shares: {"COLUMN": {"category": share, …}, …} as JSON text or an object. */
  rake?: string | object
  /** value-balance: perceived value and price paid; post-use: rating after use and expectation before. */
  value?: string
  price?: string
  after?: string
  before?: string
  /** plspm: consistent PLS (PLSc); PLSpredict folds; multigroup comparison by a group column. */
  consistent?: boolean | string
  /** plspm: include each complete row's construct scores (the CLI's --scores FILE writes them). */
  scores?: boolean | string
  folds?: string
  group?: string
  groups?: string
  permutations?: string
  /** plspm: blindfolding omission distance D (0 leaves it out). */
  omissionDistance?: string
  /** clv: the purchase-summary columns (x, t_x, T, mean repeat spend) and the value horizon. */
  frequency?: string
  recency?: string
  age?: string
  spend?: string
  periods?: string
  periodLength?: string
  discountRate?: string
}

export function requireOption<K extends keyof AnalyzeOptions>(
  options: AnalyzeOptions,
  key: K,
  method: string,
): NonNullable<AnalyzeOptions[K]> {
  const value = options[key]
  if (value === undefined || value === '') {
    const flag = `--${String(key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
    throw new ValidationError('VALIDATION_FAILED', `manyi analyze ${method} needs ${flag}.`, [
      { path: flag, reason: 'required', rule: 'required' },
    ])
  }
  return value as NonNullable<AnalyzeOptions[K]>
}

export function listOption(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}

export function numberOption(
  options: AnalyzeOptions,
  key: keyof AnalyzeOptions,
  fallback?: number,
): number | undefined {
  const raw = options[key]
  if (raw === undefined) return fallback
  const value = Number(raw)
  if (typeof raw !== 'string' || !Number.isFinite(value)) {
    throw new ValidationError(
      'OPTION_INVALID',
      `--${String(key)} must be a number, got "${String(raw)}".`,
      [{ path: `--${String(key)}`, reason: 'not a number' }],
    )
  }
  return value
}

export function choiceOption<T extends string>(
  options: AnalyzeOptions,
  key: keyof AnalyzeOptions,
  allowed: readonly T[],
  fallback: T,
): T {
  const raw = options[key]
  if (raw === undefined) return fallback
  if (!allowed.includes(raw as T)) {
    throw new ValidationError(
      'OPTION_INVALID',
      `--${String(key)} must be one of ${allowed.join(', ')}.`,
      [
        {
          path: `--${String(key)}`,
          reason: `"${String(raw)}" is not allowed`,
          allowed: allowed.join(', '),
        },
      ],
    )
  }
  return raw as T
}

/** What a numeric option may be: bounds (inclusive unless said), and whether whole numbers only. */
export interface OptionRange {
  min?: number
  max?: number
  /** The bound itself is not allowed (e.g. λ > 0). */
  minExclusive?: boolean
  integer?: boolean
  /** How the allowed values read in the error, e.g. "0 < λ ≤ 1". */
  allowed: string
}

/** The error for an option that has a value it cannot take. */
export function optionInvalid(flag: string, message: string, allowed?: string): ValidationError {
  return new ValidationError('OPTION_INVALID', message, [
    { path: flag, reason: message, ...(allowed ? { allowed } : {}) },
  ])
}

/** A numeric option within its range (OPTION_INVALID otherwise), or the fallback. */
export function rangedOption(
  options: AnalyzeOptions,
  key: keyof AnalyzeOptions,
  range: OptionRange,
  fallback?: number,
): number | undefined {
  const value = numberOption(options, key)
  if (value === undefined) return fallback
  const flag = `--${String(key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`
  const below =
    range.min !== undefined && (range.minExclusive ? value <= range.min : value < range.min)
  const above = range.max !== undefined && value > range.max
  if (below || above || (range.integer && !Number.isInteger(value)))
    throw optionInvalid(flag, `${flag} ${value} is not allowed: ${range.allowed}.`, range.allowed)
  return value
}

/** --scale-min and --scale-max (lowest and highest possible answer), min below max. */
export function scaleOption(
  options: AnalyzeOptions,
  min: number,
  max: number,
): { min: number; max: number } {
  const scale = {
    min: numberOption(options, 'scaleMin', min)!,
    max: numberOption(options, 'scaleMax', max)!,
  }
  if (!(scale.min < scale.max))
    throw optionInvalid(
      '--scale-max',
      `--scale-min ${scale.min} must be below --scale-max ${scale.max}.`,
      'scale-min < scale-max',
    )
  return scale
}
