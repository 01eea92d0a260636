import { cronbachAlpha } from './cronbach-alpha.js'
import { mean, variance } from './matrix.js'
import type { Layout } from './pls-layout.js'
import type { PlsResult } from './pls-model-types.js'

/** How well the blocks measure their constructs: values per indicator, reliability, GoF. */

export function perIndicator(layout: Layout, values: number[][]) {
  return layout.blocks.flatMap((block, j) =>
    block.map((h, k) => ({
      construct: layout.names[j]!,
      indicator: layout.indicators[h]!,
      value: values[j]![k]!,
    })),
  )
}

/** AVE, composite reliability and Cronbach's α, raw and standardized, per block. */
export function reliabilityOf(
  layout: Layout,
  loadings: number[][],
  data: ReadonlyArray<readonly number[]>,
): PlsResult['reliability'] {
  return Object.fromEntries(
    layout.names.map((name, j) => {
      const l = loadings[j]!
      const sum = l.reduce((a, b) => a + b, 0)
      const errors = l.reduce((s, v) => s + (1 - v * v), 0)
      const block = layout.blocks[j]!.map((h) => data[h]!)
      const k = block.length
      let standardizedAlpha: number | null = null
      let alpha: number | null = null
      if (k > 1) {
        alpha = cronbachAlpha(block)
        standardizedAlpha = cronbachAlpha(
          block.map((col) => {
            const m = mean(col)
            const s = Math.sqrt(variance(col))
            return col.map((v) => (v - m) / s)
          }),
        )
      }
      return [
        name,
        {
          items: k,
          ave: l.reduce((s, v) => s + v * v, 0) / k,
          compositeReliability: (sum * sum) / (sum * sum + errors),
          alpha,
          standardizedAlpha,
        },
      ]
    }),
  )
}

/**
 * GoF = √(mean communality over multi-item blocks' indicators × mean R²) (Tenenhaus et al. 2005);
 * null when every block has a single indicator (no communality to average; it was NaN).
 */
export function goodnessOfFit(
  _layout: Layout,
  loadings: number[][],
  rSquared: Record<string, number>,
): number | null {
  const communalities = loadings
    .filter((block) => block.length > 1)
    .flat()
    .map((l) => l * l)
  const r2 = Object.values(rSquared)
  if (communalities.length === 0 || r2.length === 0) return null
  return Math.sqrt(mean(communalities) * mean(r2))
}
