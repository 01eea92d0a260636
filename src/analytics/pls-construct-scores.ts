import type { Layout } from './pls-layout.js'

/** What the weights give per construct: the 0–100 satisfaction indices and each respondent's score. */

/**
 * ACSI = 100·(Σw̃x̄ − Σw̃·min)/(Σw̃·max − Σw̃·min) with w̃ = w/s normalized to sum 1
 * (Fornell et al. 1996): unstandardized weights on the raw answers.
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
