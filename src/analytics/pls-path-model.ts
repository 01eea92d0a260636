import { ValidationError } from '../shared/errors.js'
import { constructScores, fornellIndices } from './pls-construct-scores.js'
import { layoutOf } from './pls-layout.js'
import { goodnessOfFit, perIndicator, reliabilityOf } from './pls-measurement-quality.js'
import type {
  BootstrapEstimate,
  InnerScheme,
  PlsModel,
  PlsOptions,
  PlsResult,
} from './pls-model-types.js'
import { bcaInterval, quantileType7 } from './bca-interval.js'
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

export type {
  BootstrapEstimate,
  InnerScheme,
  PlsModel,
  PlsOptions,
  PlsResult,
} from './pls-model-types.js'

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
    weights?: readonly number[]
  } = {},
): PlsFit {
  const layout = layoutOf(model, columns)
  const data = layout.indicators.map((name) => columns[name]!)
  const n = data[0]?.length ?? 0
  if (n < 3)
    throw new ValidationError('NOT_ENOUGH_DATA', `PLS needs at least 3 complete rows, got ${n}.`, [
      { path: 'input', reason: `${n} complete rows` },
    ])
  const { r, means, sds } = indicatorCorrelations(data, options.weights)
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
  if (options.consistent && layout.modes.includes('B'))
    throw new ValidationError(
      'MODEL_INVALID',
      `Consistent PLS corrects reflective (mode A) blocks for measurement error; "${layout.names[layout.modes.indexOf('B')]}" is formative (mode B). Leave out --consistent or measure it in mode A.`,
      [{ path: 'modes', reason: 'mode B with PLSc', allowed: 'mode A blocks with --consistent' }],
    )
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
  layout.names.forEach((name, j) => {
    const rhoA = fit.rhoA[j]!
    reliability[name]!.rhoA = Number.isFinite(rhoA) ? rhoA : null
  })
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
    addBootstrapIntervals(
      result,
      model,
      columns,
      scheme,
      options.bootstrap,
      options.consistent,
      options.weights,
    )
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

/** Every estimate the bootstrap reports, keyed by kind and name, from one estimation. */
function estimatesOf(result: PlsResult): Map<string, number> {
  const out = new Map<string, number>()
  for (const p of result.paths) out.set(`path\u0000${p.from} → ${p.to}`, p.coefficient)
  for (const w of result.outerWeights)
    out.set(`weight\u0000${w.construct}: ${w.indicator}`, w.value)
  for (const l of result.loadings) out.set(`loading\u0000${l.construct}: ${l.indicator}`, l.value)
  for (const e of result.totalEffects) {
    // An indirect effect only where the model has a route of two or more paths (else it is 0).
    if (e.indirect !== 0) out.set(`indirect\u0000${e.from} → ${e.to}`, e.indirect)
    out.set(`total\u0000${e.from} → ${e.to}`, e.total)
  }
  for (const [name, value] of Object.entries(result.rSquared))
    out.set(`rSquared\u0000${name}`, value)
  return out
}

/** The rows of `columns` (and their weights) picked by `rows`. */
function pickRows(
  columns: Record<string, readonly number[]>,
  rows: readonly number[],
): Record<string, number[]> {
  return Object.fromEntries(
    Object.entries(columns).map(([name, values]) => [name, rows.map((i) => values[i]!)]),
  )
}

/** Jackknife groups: each row alone up to 1,000 rows, beyond that 1,000 groups of consecutive rows. */
const MAX_JACKKNIFE_GROUPS = 1000

/**
 * The bootstrap of respondents (resampled with their weights when weighted): SE (sd of the
 * replicates), t = estimate/SE and a two-sided p from Student t with n − 1 df (as SmartPLS and
 * seminr report them), the percentile 95% interval (R's type-7 quantiles) and the BCa interval
 * (Efron 1987, bca-interval.ts) whose acceleration comes from the jackknife (delete-one up to
 * 1,000 rows, delete-a-group of consecutive rows beyond), for paths, outer weights, loadings,
 * indirect and total effects and R². An estimate whose replicates do not exist (a degenerate
 * resample, skipped as boot-based engines do) counts only the replicates that do.
 */
function addBootstrapIntervals(
  result: PlsResult,
  model: PlsModel,
  columns: Record<string, readonly number[]>,
  scheme: InnerScheme,
  options: { samples: number; seed?: number },
  consistent?: boolean,
  weights?: readonly number[],
): void {
  const random = seededRandom(options.seed ?? 1)
  const n = result.n
  const reference = estimatesOf(result)
  const keys = [...reference.keys()]
  const draws = new Map<string, number[]>(keys.map((k) => [k, []]))
  const estimate = (rows: readonly number[]) =>
    estimatesOf(
      estimatePlsModel(model, pickRows(columns, rows), {
        scheme,
        consistent,
        withoutIndices: true,
        weights: weights ? rows.map((i) => weights[i]!) : undefined,
      }),
    )
  let used = 0
  for (let b = 0; b < options.samples; b++) {
    const rows = Array.from({ length: n }, () => Math.floor(random() * n))
    try {
      const values = estimate(rows)
      for (const k of keys) {
        const v = values.get(k)
        if (v !== undefined && Number.isFinite(v)) draws.get(k)!.push(v)
      }
      used++
    } catch {
      // A degenerate resample (a constant indicator) is skipped.
    }
  }
  const groups = Math.min(n, MAX_JACKKNIFE_GROUPS)
  const jackknife = new Map<string, number[]>(keys.map((k) => [k, []]))
  for (let g = 0; g < groups; g++) {
    const from = Math.floor((g * n) / groups)
    const to = Math.floor(((g + 1) * n) / groups)
    const rows = Array.from({ length: n - (to - from) }, (_, i) => (i < from ? i : i + to - from))
    try {
      const values = estimate(rows)
      for (const k of keys) {
        const v = values.get(k)
        if (v !== undefined && Number.isFinite(v)) jackknife.get(k)!.push(v)
      }
    } catch {
      // Leaving these rows out leaves an indicator constant: that jackknife value is missing.
    }
  }
  const estimates: BootstrapEstimate[] = keys.map((key) => {
    const [kind, name] = key.split('\u0000') as [BootstrapEstimate['kind'], string]
    const value = reference.get(key)!
    const sorted = draws.get(key)!.sort((a, c) => a - c)
    const entry: BootstrapEstimate = {
      kind,
      name,
      estimate: value,
      se: null,
      t: null,
      pValue: null,
      percentile95: null,
      bca95: null,
    }
    if (sorted.length < 2) return entry
    entry.percentile95 = [quantileType7(sorted, 0.025), quantileType7(sorted, 0.975)]
    const m = sorted.reduce((a, c) => a + c, 0) / sorted.length
    const se = Math.sqrt(sorted.reduce((a, c) => a + (c - m) ** 2, 0) / (sorted.length - 1))
    if (se > 0) {
      entry.se = se
      entry.t = value / se
      entry.pValue = 2 * (1 - studentTCdf(Math.abs(entry.t), n - 1))
    }
    entry.bca95 = bcaInterval(value, sorted, jackknife.get(key)!)?.interval ?? null
    return entry
  })
  result.paths.forEach((p) => {
    const entry = estimates.find((e) => e.kind === 'path' && e.name === `${p.from} → ${p.to}`)!
    if (!entry.percentile95) return
    p.ci95 = entry.percentile95
    p.bca95 = entry.bca95
    if (entry.se !== null) {
      p.se = entry.se
      p.t = entry.t!
      p.pValue = entry.pValue!
    }
  })
  result.bootstrap = { samples: options.samples, used, estimates }
}
