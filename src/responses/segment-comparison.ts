import { compareNps, computeNps, type NpsCounts, type NpsResult } from '../analytics/nps.js'
import type { DayCounts } from './summary-rollup.js'

/** Pure: each segment's NPS, and whether it differs significantly from all other answers. */

export interface SegmentNps {
  segment: string
  nps: NpsResult
  /** This segment against the rest: difference in points, two-sided p (Rocks 2016). */
  vsRest: { difference: number; pValue: number; isSignificant: boolean } | null
}

export const SIGNIFICANCE_LEVEL = 0.05

function npsCountsOf(counts: DayCounts): NpsCounts {
  const c = counts.nps.counts
  const sum = (from: number, to: number) => c.slice(from, to + 1).reduce((a, b) => a + b, 0)
  return { detractors: sum(0, 6), passives: sum(7, 8), promoters: sum(9, 10) }
}

export function compareSegmentsNps(segments: ReadonlyMap<string, DayCounts>): SegmentNps[] {
  const all = [...segments.entries()].map(([segment, counts]) => ({
    segment,
    counts: npsCountsOf(counts),
  }))
  const total = all.reduce<NpsCounts>(
    (t, s) => ({
      promoters: t.promoters + s.counts.promoters,
      passives: t.passives + s.counts.passives,
      detractors: t.detractors + s.counts.detractors,
    }),
    { promoters: 0, passives: 0, detractors: 0 },
  )
  return all
    .map(({ segment, counts }) => {
      const rest = {
        promoters: total.promoters - counts.promoters,
        passives: total.passives - counts.passives,
        detractors: total.detractors - counts.detractors,
      }
      const comparison = compareNps(counts, rest)
      return {
        segment,
        nps: computeNps(counts),
        vsRest: comparison && {
          difference: comparison.difference,
          pValue: comparison.pValue,
          isSignificant: comparison.pValue < SIGNIFICANCE_LEVEL,
        },
      }
    })
    .filter((s) => s.nps.n > 0)
    .sort((a, b) => b.nps.n - a.nps.n)
}
