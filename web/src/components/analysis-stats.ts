// biome-ignore lint/suspicious/noExplicitAny: each analysis has its own result shape; read field by field.
type Result = Record<string, any>

/**
 * The nested parts of the reliability, score and SPC results (ω, the weighted figures, the X̄
 * and spread charts, a change point's test) as plain fields, so the workbench shows them among
 * the result's figures with their words (result.* in analysis-words.ts).
 */
export function flattenStats(method: string, result: Result): Result {
  const { omega, weighted, xbar, spread, changePoint, kind, ...rest } = result
  const out: Result = { ...rest }
  if (method === 'alpha' && omega) {
    out.omega = omega.omega
    if (omega.heywood?.length) out.omegaHeywood = omega.heywood.join(', ')
  }
  if (weighted && typeof weighted === 'object') {
    if (method === 'nps') out.weightedNps = weighted.nps
    else out.weightedShare = weighted.share
    out.weightedCi95 = weighted.ci95
    out.effectiveN = weighted.effectiveN
    out.designEffect = weighted.designEffect
    if (weighted.meanScore) out.weightedMean = weighted.meanScore.mean
  } else if (weighted !== undefined) out.weighted = weighted
  if (xbar && spread) {
    out.xbarCenter = xbar.center
    out.xbarLcl = xbar.lcl
    out.xbarUcl = xbar.ucl
    out.spreadCenter = spread.center
    out.spreadLcl = spread.lcl
    out.spreadUcl = spread.ucl
  }
  if (changePoint) {
    for (const key of [
      'statistic',
      'pValue',
      'meanBefore',
      'meanAfter',
      'medianBefore',
      'medianAfter',
      'rateBefore',
      'rateAfter',
    ])
      if (typeof changePoint[key] === 'number')
        out[key === 'statistic' ? 'testStatistic' : key] = changePoint[key]
  }
  return out
}

/** The X̄ chart of a subgroup result, for the control chart: means with constant limits. */
export function xbarSeries(result: Result): {
  values: number[]
  lcl: number[]
  ucl: number[]
  center: number
  signals: number[]
} | null {
  const xbar = result.xbar
  if (!xbar?.points) return null
  return {
    values: xbar.points,
    lcl: xbar.points.map(() => xbar.lcl),
    ucl: xbar.points.map(() => xbar.ucl),
    center: xbar.center,
    signals: xbar.signals,
  }
}
