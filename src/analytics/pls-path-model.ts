import { ValidationError } from '../shared/errors.js'
import { cronbachAlpha } from './cronbach-alpha.js'
import { mean, solve, variance, type Matrix } from './matrix.js'
import { seededRandom } from './seeded-random.js'

/**
 * PLS path modelling (Wold 1982; Lohmöller 1989), mode A for every block, as
 * used for the ACSI/ECSI satisfaction models (Fornell et al. 1996; Tenenhaus
 * et al. 2005). The iteration runs on the indicators' correlation matrix, so
 * after one pass over the data its cost does not depend on the sample size.
 */

export type InnerScheme = 'path' | 'centroid' | 'factorial'

export interface PlsModel {
  /** Construct → its indicator columns. */
  constructs: Record<string, readonly string[]>
  paths: ReadonlyArray<{ from: string; to: string }>
}

export interface PlsOptions {
  scheme?: InnerScheme
  tolerance?: number
  maxIterations?: number
  /** Lowest and highest possible answer, for the 0–100 indices (default 1–10). */
  scale?: { min: number; max: number }
  bootstrap?: { samples: number; seed?: number }
}

export interface PlsResult {
  scheme: InnerScheme
  n: number
  iterations: number
  converged: boolean
  outerWeights: Array<{ construct: string; indicator: string; value: number }>
  loadings: Array<{ construct: string; indicator: string; value: number }>
  paths: Array<{ from: string; to: string; coefficient: number; ci95?: [number, number] }>
  rSquared: Record<string, number>
  totalEffects: Array<{ from: string; to: string; direct: number; indirect: number; total: number }>
  reliability: Record<
    string,
    {
      items: number
      ave: number
      compositeReliability: number
      alpha: number | null
      standardizedAlpha: number | null
    }
  >
  gof: number
  /** Fornell 0–100 index per construct, from the unstandardized normalized weights. */
  indices: Record<string, number>
  /** Construct scores per respondent, mean 0 and sd 1 (n − 1). */
  scores: Record<string, number[]>
}

interface Layout {
  names: string[]
  blocks: number[][]
  indicators: string[]
  adjacency: number[][]
  predecessors: number[][]
}

function layoutOf(model: PlsModel, columns: Record<string, readonly number[]>): Layout {
  const names = Object.keys(model.constructs)
  const indicators: string[] = []
  const blocks = names.map((name) =>
    model.constructs[name]!.map((indicator) => {
      if (!Object.hasOwn(columns, indicator)) {
        throw new ValidationError(
          'MODEL_INVALID',
          `The model names column "${indicator}", which the data does not have.`,
          [
            {
              path: `constructs.${name}`,
              reason: `unknown column "${indicator}"`,
              allowed: Object.keys(columns).join(', '),
            },
          ],
        )
      }
      indicators.push(indicator)
      return indicators.length - 1
    }),
  )
  const index = (name: string, path: string) => {
    const i = names.indexOf(name)
    if (i < 0)
      throw new ValidationError(
        'MODEL_INVALID',
        `A path names construct "${name}", which the model does not define.`,
        [{ path, reason: `unknown construct "${name}"`, allowed: names.join(', ') }],
      )
    return i
  }
  const adjacency = names.map(() => names.map(() => 0))
  const predecessors: number[][] = names.map(() => [])
  model.paths.forEach((p, k) => {
    const from = index(p.from, `paths[${k}].from`)
    const to = index(p.to, `paths[${k}].to`)
    adjacency[from]![to] = 1
    adjacency[to]![from] = 1
    predecessors[to]!.push(from)
  })
  return { names, blocks, indicators, adjacency, predecessors }
}

/** Correlation matrix of the indicator columns in one pass (sums of products). */
function indicatorCorrelations(data: ReadonlyArray<readonly number[]>): {
  r: Matrix
  means: number[]
  sds: number[]
} {
  const p = data.length
  const n = data[0]!.length
  const means = data.map(mean)
  const centered = data.map((col, j) => Float64Array.from(col, (v) => v - means[j]!))
  const cov: Matrix = Array.from({ length: p }, () => new Array<number>(p).fill(0))
  for (let a = 0; a < p; a++) {
    for (let b = a; b < p; b++) {
      const x = centered[a]!
      const y = centered[b]!
      let sum = 0
      for (let i = 0; i < n; i++) sum += x[i]! * y[i]!
      cov[a]![b] = cov[b]![a] = sum / (n - 1)
    }
  }
  const sds = cov.map((row, i) => Math.sqrt(row[i]!))
  if (sds.some((s) => !(s > 0))) {
    const constant = sds.findIndex((s) => !(s > 0))
    throw new ValidationError(
      'SINGULAR_MATRIX',
      `Indicator ${constant + 1} does not vary: every respondent gave the same answer.`,
    )
  }
  return { r: cov.map((row, i) => row.map((v, j) => v / (sds[i]! * sds[j]!))), means, sds }
}

/** cov(Y_a, Y_b) = w_aᵀ R_ab w_b for block weight vectors. */
function constructCovariance(
  r: Matrix,
  layout: Layout,
  weights: number[][],
  a: number,
  b: number,
): number {
  let sum = 0
  layout.blocks[a]!.forEach((i, h) =>
    layout.blocks[b]!.forEach((j, g) => (sum += weights[a]![h]! * r[i]![j]! * weights[b]![g]!)),
  )
  return sum
}

function normalizeBlock(r: Matrix, layout: Layout, weights: number[][], j: number): void {
  const s = Math.sqrt(constructCovariance(r, layout, weights, j, j))
  weights[j] = weights[j]!.map((w) => w / s)
}

function constructCorrelations(r: Matrix, layout: Layout, weights: number[][]): Matrix {
  return layout.names.map((_, a) =>
    layout.names.map((_, b) => constructCovariance(r, layout, weights, a, b)),
  )
}

/** Inner weights e_ji of each construct's neighbours under the scheme (Lohmöller 1989). */
function innerWeights(lv: Matrix, layout: Layout, scheme: InnerScheme): Matrix {
  return layout.names.map((_, j) => {
    const e = layout.names.map((_, i) =>
      layout.adjacency[j]![i] ? (scheme === 'centroid' ? Math.sign(lv[j]![i]!) : lv[j]![i]!) : 0,
    )
    if (scheme !== 'path') return e
    const preds = layout.predecessors[j]!
    if (preds.length === 0) return e
    const beta = solve(
      preds.map((a) => preds.map((b) => lv[a]![b]!)),
      preds.map((a) => lv[a]![j]!),
      'the predecessors',
    )
    preds.forEach((a, k) => (e[a] = beta[k]!))
    return e
  })
}

function iterate(
  r: Matrix,
  layout: Layout,
  scheme: InnerScheme,
  tolerance: number,
  maxIterations: number,
) {
  const weights = layout.blocks.map((block) => block.map(() => 1))
  layout.names.forEach((_, j) => normalizeBlock(r, layout, weights, j))
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const e = innerWeights(constructCorrelations(r, layout, weights), layout, scheme)
    // Mode A: w_jh = cov(x_jh, Z_j) with Z_j = Σ_i e_ji Y_i, then var(Y_j) = 1.
    const next = layout.blocks.map((block, j) =>
      block.map((h) =>
        layout.names.reduce(
          (sum, _, i) =>
            e[j]![i] === 0
              ? sum
              : sum +
                e[j]![i]! *
                  layout.blocks[i]!.reduce((s, g, k) => s + r[h]![g]! * weights[i]![k]!, 0),
          0,
        ),
      ),
    )
    next.forEach((_, j) => normalizeBlock(r, layout, next, j))
    const change = Math.max(
      ...next.flatMap((block, j) => block.map((w, h) => Math.abs(w - weights[j]![h]!))),
    )
    next.forEach((block, j) => (weights[j] = block))
    if (change < tolerance) return { weights, iterations: iteration, converged: true }
  }
  return { weights, iterations: maxIterations, converged: false }
}

function pathCoefficients(lv: Matrix, layout: Layout) {
  const rSquared: Record<string, number> = {}
  const direct: Matrix = layout.names.map(() => layout.names.map(() => 0))
  layout.names.forEach((name, j) => {
    const preds = layout.predecessors[j]!
    if (preds.length === 0) return
    const rhs = preds.map((a) => lv[a]![j]!)
    const beta = solve(
      preds.map((a) => preds.map((b) => lv[a]![b]!)),
      rhs,
      `the predecessors of ${name}`,
    )
    preds.forEach((a, k) => (direct[a]![j] = beta[k]!))
    rSquared[name] = beta.reduce((s, b, k) => s + b * rhs[k]!, 0)
  })
  return { direct, rSquared }
}

/** T = B + B² + … (B nilpotent for a recursive model). */
function totalEffects(direct: Matrix): Matrix {
  const m = direct.length
  const total = direct.map((row) => [...row])
  let power = direct
  for (let step = 1; step < m; step++) {
    power = power.map((row) =>
      direct[0]!.map((_, j) => row.reduce((s, v, k) => s + v * direct[k]![j]!, 0)),
    )
    power.forEach((row, i) => row.forEach((v, j) => (total[i]![j]! += v)))
  }
  return total
}

/** Estimate the model on complete data: one column per indicator, one entry per respondent. */
export function estimatePlsModel(
  model: PlsModel,
  columns: Record<string, readonly number[]>,
  options: PlsOptions = {},
): PlsResult {
  const scheme = options.scheme ?? 'path'
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
    scheme,
    options.tolerance ?? 1e-12,
    options.maxIterations ?? 300,
  )
  orientBlocks(r, layout, weights)
  const lv = constructCorrelations(r, layout, weights)
  const { direct, rSquared } = pathCoefficients(lv, layout)
  const loadingValues = layout.blocks.map((block, j) =>
    block.map((h) => block.reduce((s, g, k) => s + r[h]![g]! * weights[j]![k]!, 0)),
  )
  const total = totalEffects(direct)
  const result: PlsResult = {
    scheme,
    n,
    iterations,
    converged,
    outerWeights: perIndicator(layout, weights),
    loadings: perIndicator(layout, loadingValues),
    paths: model.paths.map((p) => ({
      from: p.from,
      to: p.to,
      coefficient: direct[layout.names.indexOf(p.from)]![layout.names.indexOf(p.to)]!,
    })),
    rSquared,
    totalEffects: effectsList(layout, direct, total),
    reliability: reliabilityOf(layout, loadingValues, data),
    gof: goodnessOfFit(layout, loadingValues, rSquared),
    indices: fornellIndices(layout, weights, means, sds, options.scale ?? { min: 1, max: 10 }),
    scores: constructScores(layout, weights, data, means, sds),
  }
  if (options.bootstrap && options.bootstrap.samples > 0)
    addBootstrapIntervals(result, model, columns, scheme, options.bootstrap)
  return result
}

/** Flip a block whose loadings are mostly negative, so constructs read in the indicators' direction. */
function orientBlocks(r: Matrix, layout: Layout, weights: number[][]): void {
  layout.blocks.forEach((block, j) => {
    const loadingSum = block.reduce(
      (sum, h) => sum + block.reduce((s, g, k) => s + r[h]![g]! * weights[j]![k]!, 0),
      0,
    )
    if (loadingSum < 0) weights[j] = weights[j]!.map((w) => -w)
  })
}

function perIndicator(layout: Layout, values: number[][]) {
  return layout.blocks.flatMap((block, j) =>
    block.map((h, k) => ({
      construct: layout.names[j]!,
      indicator: layout.indicators[h]!,
      value: values[j]![k]!,
    })),
  )
}

function effectsList(layout: Layout, direct: Matrix, total: Matrix) {
  const list: PlsResult['totalEffects'] = []
  layout.names.forEach((from, i) =>
    layout.names.forEach((to, j) => {
      if (total[i]![j] === 0 && direct[i]![j] === 0) return
      list.push({
        from,
        to,
        direct: direct[i]![j]!,
        indirect: total[i]![j]! - direct[i]![j]!,
        total: total[i]![j]!,
      })
    }),
  )
  return list
}

function reliabilityOf(
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

/** GoF = √(mean communality over multi-item blocks' indicators × mean R²) (Tenenhaus et al. 2005). */
function goodnessOfFit(
  _layout: Layout,
  loadings: number[][],
  rSquared: Record<string, number>,
): number {
  const communalities = loadings
    .filter((block) => block.length > 1)
    .flat()
    .map((l) => l * l)
  const r2 = Object.values(rSquared)
  return Math.sqrt(mean(communalities) * mean(r2))
}

/**
 * ACSI = 100·(Σw̃x̄ − Σw̃·min)/(Σw̃·max − Σw̃·min) with w̃ = w/s normalized to sum 1
 * (Fornell et al. 1996): unstandardized weights on the raw answers.
 */
function fornellIndices(
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

function constructScores(
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

/** Percentile intervals of the path coefficients over bootstrap resamples of respondents. */
function addBootstrapIntervals(
  result: PlsResult,
  model: PlsModel,
  columns: Record<string, readonly number[]>,
  scheme: InnerScheme,
  options: { samples: number; seed?: number },
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
      estimatePlsModel(model, sample, { scheme }).paths.forEach((p, k) =>
        draws[k]!.push(p.coefficient),
      )
    } catch {
      // A degenerate resample (a constant indicator) is skipped, as boot-based engines do.
    }
  }
  result.paths.forEach((p, k) => {
    const sorted = draws[k]!.sort((a, c) => a - c)
    if (sorted.length > 1) p.ci95 = [quantile(sorted, 0.025), quantile(sorted, 0.975)]
  })
}

function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q
  const low = Math.floor(position)
  return (
    sorted[low]! + (sorted[Math.min(low + 1, sorted.length - 1)]! - sorted[low]!) * (position - low)
  )
}
