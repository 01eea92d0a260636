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
  topBox?: string
  satisfied?: string
  expectationPrefix?: string
  perceptionPrefix?: string
  weights?: string
  reversed?: string
  scaleMin?: string
  scaleMax?: string
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
      { path: flag, reason: 'required' },
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
      'VALIDATION_FAILED',
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
      'VALIDATION_FAILED',
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
