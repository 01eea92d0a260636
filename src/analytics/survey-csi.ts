import { studentTQuantile } from './distributions.js'
import { boundedInterval, MIN_INTERVAL_N } from './interval-bounds.js'
import { LOW_CONFIDENCE_N } from './sample-size.js'
import { evaluateIndexTree, type WeightSource } from './satisfaction-index-tree.js'

/**
 * A weighted satisfaction index (CSI, 0–100) on a survey's own rating questions, computed live:
 * each item's answer is put on 0–100, and the index is their weighted mean per respondent who
 * answered every item. Weights come from stated importance when every item has an importance
 * rating, else from the data (Johnson's relative weights of the items on the overall outcome,
 * as satisfaction-index-tree.ts) when the survey has an outcome and enough complete answers,
 * else equal ("given"). A period's index uses the whole window's weights, so a trend moves with
 * the answers, not with re-estimated weights.
 */

export interface CsiItem {
  key: string
  /** Per respondent, the answer on 0–100, or null when not answered. */
  values: ReadonlyArray<number | null>
  /** Per respondent, the stated importance of this item, or null; absent when never asked. */
  importance?: ReadonlyArray<number | null>
  /** A given weight (any positive scale) for `weights: given`; 1 when absent. */
  weight?: number
}

export interface CsiFigures {
  n: number
  score: number | null
  /** Student-t 95% interval of the mean index within 0–100; null below MIN_INTERVAL_N respondents. */
  ci95: [number, number] | null
  lowConfidence: boolean
}

export interface SurveyCsi extends CsiFigures {
  weighting: WeightSource
  /** The weightings these answers allow ('given' — equal — always), for the reader to choose. */
  possible: WeightSource[]
  items: Array<{ key: string; weight: number; score: number }>
}

/** Driver weights need clearly more complete answers than items (a correlation matrix of k + 1). */
const MIN_DRIVER_N = 30

const isNumber = (v: number | null | undefined): v is number => typeof v === 'number'

/** The index's figures over the respondents at `indexes`, with fixed item weights. */
export function csiFigures(
  items: readonly CsiItem[],
  weights: readonly number[],
  indexes: readonly number[],
): CsiFigures {
  const scores = indexes
    .filter((r) => items.every((item) => isNumber(item.values[r])))
    .map((r) => items.reduce((sum, item, i) => sum + weights[i]! * item.values[r]!, 0))
  const n = scores.length
  const lowConfidence = n < LOW_CONFIDENCE_N
  if (n === 0) return { n, score: null, ci95: null, lowConfidence }
  const score = scores.reduce((a, b) => a + b, 0) / n
  if (n < MIN_INTERVAL_N) return { n, score, ci95: null, lowConfidence }
  const sd = Math.sqrt(scores.reduce((s, x) => s + (x - score) ** 2, 0) / (n - 1))
  const half = (studentTQuantile(0.975, n - 1) * sd) / Math.sqrt(n)
  return {
    n,
    score,
    ci95: boundedInterval([score - half, score + half], score, [0, 100]),
    lowConfidence,
  }
}

/**
 * The survey's CSI over every respondent; null with fewer than two answered items or no
 * complete answer. `items` of the result are the answered ones.
 */
export function surveyCsi(
  asked: readonly CsiItem[],
  outcome?: ReadonlyArray<number | null>,
  /** A weighting the reader chose; used when the answers allow it, else the default order. */
  wanted?: WeightSource,
): SurveyCsi | null {
  // An optional item nobody answered in the window would leave no complete respondent: it is
  // left out of the index (and so of its items) until someone answers it.
  const items = asked.filter((item) => item.values.some(isNumber))
  if (items.length < 2) return null
  const respondents = items[0]!.values.length
  const all = Array.from({ length: respondents }, (_, r) => r)
  const complete = all.filter((r) => items.every((item) => isNumber(item.values[r])))
  if (complete.length === 0) return null
  const stated = items.every((item) => item.importance?.some(isNumber))
  const withOutcome = outcome ? complete.filter((r) => isNumber(outcome[r])) : []
  const drivers = withOutcome.length >= Math.max(MIN_DRIVER_N, items.length + 10)
  const possible: WeightSource[] = [
    ...(stated ? (['importance'] as const) : []),
    ...(drivers ? (['drivers'] as const) : []),
    'given',
  ]
  const weighting = wanted && possible.includes(wanted) ? wanted : possible[0]!
  const rows = weighting === 'drivers' ? withOutcome : complete
  const columns: Record<string, number[]> = {}
  for (const item of items) {
    columns[item.key] = rows.map((r) => item.values[r]!)
    const importance = (item.importance ?? []).filter(isNumber)
    // The stated importance is the item's mean importance rating, over everyone who gave one.
    if (weighting === 'importance')
      columns[`${item.key}#importance`] = [
        importance.reduce((a, b) => a + b, 0) / importance.length,
      ]
  }
  const tree = evaluateIndexTree(
    {
      name: 'CSI',
      children: items.map((item) => ({
        name: item.key,
        weight: item.weight ?? 1,
        column: item.key,
        importanceColumn: `${item.key}#importance`,
      })),
    },
    columns,
    {
      weights: weighting,
      scale: { min: 0, max: 100 },
      ...(weighting === 'drivers' ? { outcome: rows.map((r) => outcome![r]!) } : {}),
    },
  )
  const weights = tree.children!.map((c) => c.weight)
  return {
    ...csiFigures(items, weights, all),
    weighting,
    possible,
    items: items.map((item, i) => ({
      key: item.key,
      weight: weights[i]!,
      score: complete.reduce((s, r) => s + item.values[r]!, 0) / complete.length,
    })),
  }
}
