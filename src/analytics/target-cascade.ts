import { ValidationError } from '../shared/errors.js'

/**
 * Cascading a parent's target to its children.
 *
 * - `same`: every child gets the parent's value.
 * - `weighted`: children keep their distance from one another (their baseline, e.g. last
 *   period's figure) and all move by one shift δ, chosen so that the children's targets,
 *   weighted by their volume (answers last period), average exactly to the parent's value:
 *     tᵢ = clip(bᵢ + δ),  Σwᵢtᵢ / Σwᵢ = T.
 *   The weighted mean of clipped values rises monotonically with δ, so δ is found by bisection;
 *   clipping to the metric's range keeps every target possible. A child without a baseline is
 *   given the weighted mean of the known baselines (so, unclipped, it gets T itself). Children
 *   with no volume count with weight 0, all of them with no volume count equally.
 */

export interface CascadeChild {
  /** The child's figure to start from (e.g. last period's); null = unknown. */
  baseline: number | null
  /** Its volume (answers last period), ≥ 0. */
  weight: number
}

export type CascadeMode = 'same' | 'weighted'

function refuse(message: string): never {
  throw new ValidationError('VALIDATION_FAILED', message)
}

/** The children's targets, in the order given. */
export function cascadeTargetValues(
  parentValue: number,
  children: ReadonlyArray<CascadeChild>,
  range: readonly [number, number],
  mode: CascadeMode,
): number[] {
  const [lo, hi] = range
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) refuse(`Bad range ${lo}…${hi}.`)
  if (!(Number.isFinite(parentValue) && parentValue >= lo && parentValue <= hi)) {
    refuse(`The parent's target ${parentValue} lies outside ${lo}…${hi}.`)
  }
  for (const child of children) {
    if (!(Number.isFinite(child.weight) && child.weight >= 0))
      refuse(`A volume must be ≥ 0, got ${child.weight}.`)
    if (child.baseline !== null && !Number.isFinite(child.baseline))
      refuse('A baseline must be finite.')
  }
  if (mode === 'same' || children.length === 0) return children.map(() => parentValue)

  const allZero = children.every((c) => c.weight === 0)
  const weights = children.map((c) => (allZero ? 1 : c.weight))
  const known = children
    .map((c, i) => ({ b: c.baseline, w: weights[i]! }))
    .filter((c): c is { b: number; w: number } => c.b !== null)
  const knownWeight = known.reduce((s, c) => s + c.w, 0)
  const fallback =
    known.length === 0
      ? parentValue
      : knownWeight > 0
        ? known.reduce((s, c) => s + c.w * c.b, 0) / knownWeight
        : known.reduce((s, c) => s + c.b, 0) / known.length
  const baselines = children.map((c) => Math.min(hi, Math.max(lo, c.baseline ?? fallback)))
  const totalWeight = weights.reduce((s, w) => s + w, 0)
  const clip = (x: number) => Math.min(hi, Math.max(lo, x))
  const meanAt = (delta: number) =>
    baselines.reduce((s, b, i) => s + weights[i]! * clip(b + delta), 0) / totalWeight
  let low = lo - Math.max(...baselines)
  let high = hi - Math.min(...baselines)
  for (let i = 0; i < 200 && high - low > 1e-13; i++) {
    const mid = (low + high) / 2
    if (meanAt(mid) < parentValue) low = mid
    else high = mid
  }
  const delta = (low + high) / 2
  return baselines.map((b) => clip(b + delta))
}
