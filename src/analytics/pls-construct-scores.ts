import { ValidationError } from '../shared/errors.js'
import type { Layout } from './pls-layout.js'

/** What the weights give per construct: the 0–100 satisfaction indices and each respondent's score. */

/**
 * ACSI = 100·(Σw̃x̄ − Σw̃·min)/(Σw̃·max − Σw̃·min) with w̃ = w/s normalized to sum 1
 * (Fornell et al. 1996): unstandardized weights on the raw answers. The index is a weighted mean
 * only when every weight is ≥ 0; an item with a negative weight (typically worded the other way,
 * not reverse-scored) would take it out of 0–100 (165.8 on a block with one such item), so the
 * block is refused with MODEL_INVALID naming the item.
 */
export function fornellIndices(
  layout: Layout,
  weights: number[][],
  means: number[],
  sds: number[],
  scale: { min: number; max: number },
): Record<string, number> {
  return Object.fromEntries(
    layout.names.map((name, j) => {
      const raw = layout.blocks[j]!.map((h, k) => weights[j]![k]! / sds[h]!)
      const negative = raw.findIndex((w) => w < 0)
      if (negative >= 0) {
        const item = layout.indicators[layout.blocks[j]![negative]!]!
        throw new ValidationError(
          'MODEL_INVALID',
          `Indicator "${item}" of "${name}" has a negative outer weight (${weights[j]![negative]!.toFixed(3)}), so the 0–100 index of "${name}" is not a weighted mean of its answers; reverse-score "${item}" if it is worded the other way, or leave it out.`,
          [
            {
              path: `constructs.${name}`,
              reason: `"${item}" has a negative weight`,
              allowed: 'indicators that move with their construct',
            },
          ],
        )
      }
      const total = raw.reduce((a, b) => a + b, 0)
      const weightedMean = layout.blocks[j]!.reduce(
        (s, h, k) => s + (raw[k]! / total) * means[h]!,
        0,
      )
      return [name, (100 * (weightedMean - scale.min)) / (scale.max - scale.min)]
    }),
  )
}

/** Construct scores per respondent, mean 0 and sd 1 (n − 1). */
export function constructScores(
  layout: Layout,
  weights: number[][],
  data: ReadonlyArray<readonly number[]>,
  means: number[],
  sds: number[],
): Record<string, number[]> {
  const n = data[0]!.length
  return Object.fromEntries(
    layout.names.map((name, j) => {
      const scores = new Array<number>(n).fill(0)
      layout.blocks[j]!.forEach((h, k) => {
        const w = weights[j]![k]! / sds[h]!
        const column = data[h]!
        for (let i = 0; i < n; i++) scores[i]! += w * (column[i]! - means[h]!)
      })
      return [name, scores]
    }),
  )
}
