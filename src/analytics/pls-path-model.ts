import { ValidationError } from '../shared/errors.js'
import { constructScores, fornellIndices } from './pls-construct-scores.js'
import { layoutOf } from './pls-layout.js'
import { goodnessOfFit, perIndicator, reliabilityOf } from './pls-measurement-quality.js'
import type { InnerScheme, PlsModel, PlsOptions, PlsResult } from './pls-model-types.js'
import {
  constructCorrelations,
  indicatorCorrelations,
  iterate,
  orientBlocks,
} from './pls-outer-weights.js'
import { effectsList, pathCoefficients, totalEffects } from './pls-structural-model.js'
import { studentTCdf } from './distributions.js'
import type { Matrix } from './matrix.js'
import {
  consistentCorrection,
  crossLoadingsOf,
  fornellLarckerOf,
  htmtOf,
  rhoAOf,
  srmrOf,
} from './pls-assessment.js'
import type { Layout } from './pls-layout.js'
import { checkParameter } from './input-checks.js'
import { seededRandom } from './seeded-random.js'

/**
 * PLS path modelling (Wold 1982; Lohmöller 1989), mode A for every block, as
 * used for the ACSI/ECSI satisfaction models (Fornell et al. 1996; Tenenhaus
 * et al. 2005). The iteration runs on the indicators' correlation matrix, so
 * after one pass over the data its cost does not depend on the sample size.
 */

export type { InnerScheme, PlsModel, PlsOptions, PlsResult } from './pls-model-types.js'

/** What one estimation leaves for the assessments: the layout, correlations, weights, estimates. */
export interface PlsFit {
  layout: Layout
  n: number
  r: Matrix
  means: number[]
  sds: number[]
  weights: number[][]
  iterations: number
  converged: boolean
  /** Construct correlations (PLSc: corrected for measurement error). */
  lv: Matrix
  /** Loadings per block (PLSc: the consistent loadings). */
  loadings: number[][]
  direct: Matrix
  rSquared: Record<string, number>
  rhoA: number[]
}

/** One estimation of the model (ordinary PLS, or PLSc with `consistent`). */
export function fitPls(
  model: PlsModel,
  columns: Record<string, readonly number[]>,
  options: {
    scheme?: InnerScheme
    consistent?: boolean
    tolerance?: number
    maxIterations?: number
  } = {},
): PlsFit {
  const layout = layoutOf(model, columns)
  const data = layout.indicators.map((name) => columns[name]!)
  const n = data[0]?.length ?? 0
  if (n < 3)
    throw new ValidationError(
      'VALIDATION_FAILED',
      `PLS needs at least 3 complete rows, got ${n}.`,
      [{ path: 'input', reason: `${n} complete rows` }],
    )
  const { r, means, sds } = indicatorCorrelations(data)
  const { weights, iterations, converged } = iterate(
    r,
    layout,
    options.scheme ?? 'path',
    options.tolerance ?? 1e-12,
    options.maxIterations ?? 300,
  )
  orientBlocks(r, layout, weights)
  const scoreCorrelations = constructCorrelations(r, layout, weights)
  let lv = scoreCorrelations
  let loadings = layout.blocks.map((block, j) =>
    block.map((h) => block.reduce((s, g, k) => s + r[h]![g]! * weights[j]![k]!, 0)),
  )
  let rhoA = rhoAOf(r, layout, weights)
  if (options.consistent) {
    const corrected = consistentCorrection(r, layout, weights, scoreCorrelations)
    lv = corrected.lv
    loadings = corrected.loadings
    rhoA = corrected.rhoA
  }
  const { direct, rSquared } = pathCoefficients(lv, layout)
  return {
    layout,
    n,
    r,
    means,
    sds,
    weights,
    iterations,
    converged,
    lv,
    loadings,
    direct,
    rSquared,
    rhoA,
  }
}

/** Estimate the model on complete data: one column per indicator, one entry per respondent. */
export function estimatePlsModel(
  model: PlsModel,
  columns: Record<string, readonly number[]>,
  options: PlsOptions = {},
): PlsResult {
  const scheme = options.scheme ?? 'path'
  const samples = options.bootstrap?.samples ?? 0
  checkParameter(
    'bootstrap',
    samples,
    Number.isInteger(samples) && samples >= 0 && samples <= 10000,
    'a whole number of resamples, 0–10000',
  )
  const fit = fitPls(model, columns, { ...options, scheme })
  const { layout, n, means, sds, weights, direct, rSquared } = fit
  const data = layout.indicators.map((name) => columns[name]!)
  const total = totalEffects(direct)
  const reliability = reliabilityOf(layout, fit.loadings, data)
  layout.names.forEach((name, j) => (reliability[name]!.rhoA = fit.rhoA[j]!))
  const result: PlsResult = {
    scheme,
    consistent: options.consistent === true,
    n,
    iterations: fit.iterations,
    converged: fit.converged,
    outerWeights: perIndicator(layout, weights),
    loadings: perIndicator(layout, fit.loadings),
    paths: model.paths.map((p) => ({
      from: p.from,
      to: p.to,
      coefficient: direct[layout.names.indexOf(p.from)]![layout.names.indexOf(p.to)]!,
    })),
    rSquared,
    totalEffects: effectsList(layout, direct, total),
    reliability,
    gof: goodnessOfFit(layout, fit.loadings, rSquared),
    indices: options.withoutIndices
      ? {}
      : fornellIndices(layout, weights, means, sds, options.scale ?? { min: 1, max: 10 }),
    scores: constructScores(layout, weights, data, means, sds),
  }
  if (!options.withoutIndices) {
    result.htmt = htmtOf(fit.r, layout)
    result.srmr = srmrOf(fit.r, layout, fit.loadings, fit.lv)
    result.fornellLarcker = fornellLarckerOf(
      layout,
      layout.names.map((name) => reliability[name]!.ave),
      fit.lv,
    )
    result.crossLoadings = crossLoadingsOf(fit.r, layout, weights)
    result.fSquared = effectSizes(model, columns, { ...options, scheme }, fit)
  }
  if (options.bootstrap && options.bootstrap.samples > 0)
    addBootstrapIntervals(result, model, columns, scheme, options.bootstrap, options.consistent)
  return result
}

/**
 * Cohen's f² of each path (Cohen 1988; Hair et al., A Primer on PLS-SEM, ch. 6):
 * (R²_included − R²_excluded) / (1 − R²_included), where R²_excluded comes from estimating the
 * model again without that path (as seminr's fSquared does); a construct the dropped path leaves
 * on no path is left out of that estimation, and an outcome left with no predictor has R² 0.
 * 0.02, 0.15 and 0.35: small, medium and large.
 */
function effectSizes(
  model: PlsModel,
  columns: Record<string, readonly number[]>,
  options: PlsOptions,
  fit: PlsFit,
): NonNullable<PlsResult['fSquared']> {
  return model.paths.map((path) => {
    const included = fit.rSquared[path.to]!
    const paths = model.paths.filter((p) => p !== path)
    const onPath = new Set(paths.flatMap((p) => [p.from, p.to]))
    let excluded = 0
    if (onPath.has(path.to)) {
      const reduced: PlsModel = {
        constructs: Object.fromEntries(
          Object.entries(model.constructs).filter(([name]) => onPath.has(name)),
        ),
        paths,
      }
      excluded =
        fitPls(reduced, columns, { ...options, consistent: options.consistent }).rSquared[
          path.to
        ] ?? 0
    }
    return {
      from: path.from,
      to: path.to,
      value: included < 1 ? (included - excluded) / (1 - included) : null,
    }
  })
}

/** Percentile intervals of the path coefficients over bootstrap resamples of respondents. */
function addBootstrapIntervals(
  result: PlsResult,
  model: PlsModel,
  columns: Record<string, readonly number[]>,
  scheme: InnerScheme,
  options: { samples: number; seed?: number },
  consistent?: boolean,
): void {
  const random = seededRandom(options.seed ?? 1)
  const names = Object.keys(columns)
  const draws: number[][] = result.paths.map(() => [])
  for (let b = 0; b < options.samples; b++) {
    const rows = Array.from({ length: result.n }, () => Math.floor(random() * result.n))
    const sample = Object.fromEntries(
      names.map((name) => [name, rows.map((i) => columns[name]![i]!)]),
    )
    try {
      estimatePlsModel(model, sample, { scheme, consistent, withoutIndices: true }).paths.forEach(
        (p, k) => draws[k]!.push(p.coefficient),
      )
    } catch {
      // A degenerate resample (a constant indicator) is skipped, as boot-based engines do.
    }
  }
  result.paths.forEach((p, k) => {
    const sorted = draws[k]!.sort((a, c) => a - c)
    if (sorted.length < 2) return
    p.ci95 = [quantile(sorted, 0.025), quantile(sorted, 0.975)]
    // Bootstrap standard error (sd of the resampled coefficients), t = estimate/SE and a two-sided
    // p from Student t with n − 1 df, as SmartPLS and seminr report them.
    const m = sorted.reduce((a, b) => a + b, 0) / sorted.length
    const se = Math.sqrt(sorted.reduce((a, b) => a + (b - m) ** 2, 0) / (sorted.length - 1))
    if (se > 0) {
      p.se = se
      p.t = p.coefficient / se
      p.pValue = 2 * (1 - studentTCdf(Math.abs(p.t), result.n - 1))
    }
  })
  result.bootstrap = { samples: options.samples, used: draws[0]?.length ?? 0 }
}

function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q
  const low = Math.floor(position)
  return (
    sorted[low]! + (sorted[Math.min(low + 1, sorted.length - 1)]! - sorted[low]!) * (position - low)
  )
}
