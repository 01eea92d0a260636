import { ValidationError } from '../shared/errors.js'

/**
 * Nelder–Mead simplex minimisation (Nelder & Mead 1965, The Computer Journal 7(4), 308–313), with
 * the standard coefficients (reflection 1, expansion 2, contraction ½, shrink ½) as in Lagarias et
 * al. (1998, SIAM J. Optim. 9(1)) and SciPy's `minimize(method="Nelder-Mead")`. Deterministic: the
 * starting simplex steps each coordinate by 5% (0.00025 when it is 0), and ties keep their order.
 * Restarted from the best point until a restart no longer improves it, the usual guard against the
 * method stalling on a degenerate simplex.
 */

export interface NelderMeadResult {
  point: number[]
  value: number
  iterations: number
  converged: boolean
}

export interface NelderMeadOptions {
  /** Stop when the simplex's values and coordinates both differ by less than these. */
  fTolerance?: number
  xTolerance?: number
  maxIterations?: number
  maxRestarts?: number
}

export function nelderMead(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const maxRestarts = options.maxRestarts ?? 10
  let best = simplexRun(f, start, options)
  let iterations = best.iterations
  for (let k = 0; k < maxRestarts; k++) {
    const again = simplexRun(f, best.point, options)
    iterations += again.iterations
    const improved = best.value - again.value
    best = again.value <= best.value ? again : best
    if (!(improved > (options.fTolerance ?? 1e-10))) break
  }
  return { ...best, iterations }
}

function simplexRun(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions,
): NelderMeadResult {
  const n = start.length
  const fTol = options.fTolerance ?? 1e-10
  const xTol = options.xTolerance ?? 1e-10
  const maxIterations = options.maxIterations ?? 5000 * n
  const value = (x: number[]) => {
    const v = f(x)
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY
  }
  let simplex: { x: number[]; f: number }[] = [{ x: [...start], f: value([...start]) }]
  for (let i = 0; i < n; i++) {
    const x = [...start]
    x[i] = x[i] !== 0 ? x[i]! * 1.05 : 0.00025
    simplex.push({ x, f: value(x) })
  }
  let iterations = 0
  let converged = false
  while (iterations < maxIterations) {
    simplex.sort((p, q) => p.f - q.f)
    const bestF = simplex[0]!.f
    const fSpread = Math.max(...simplex.map((p) => Math.abs(p.f - bestF)))
    const xSpread = Math.max(
      ...simplex.slice(1).flatMap((p) => p.x.map((v, j) => Math.abs(v - simplex[0]!.x[j]!))),
    )
    if (fSpread <= fTol && xSpread <= xTol) {
      converged = true
      break
    }
    iterations++
    const worst = simplex[n]!
    const centroid = new Array<number>(n).fill(0)
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j]! += simplex[i]!.x[j]! / n
    const along = (t: number) => centroid.map((c, j) => c + t * (c - worst.x[j]!))
    const reflected = along(1)
    const fr = value(reflected)
    if (fr < simplex[0]!.f) {
      const expanded = along(2)
      const fe = value(expanded)
      simplex[n] = fe < fr ? { x: expanded, f: fe } : { x: reflected, f: fr }
      continue
    }
    if (fr < simplex[n - 1]!.f) {
      simplex[n] = { x: reflected, f: fr }
      continue
    }
    const outside = fr < worst.f
    const contracted = along(outside ? 0.5 : -0.5)
    const fc = value(contracted)
    if (fc < (outside ? fr : worst.f)) {
      simplex[n] = { x: contracted, f: fc }
      continue
    }
    const b = simplex[0]!.x
    simplex = simplex.map((p, i) => {
      if (i === 0) return p
      const x = p.x.map((v, j) => b[j]! + 0.5 * (v - b[j]!))
      return { x, f: value(x) }
    })
  }
  simplex.sort((p, q) => p.f - q.f)
  return { point: simplex[0]!.x, value: simplex[0]!.f, iterations, converged }
}

/**
 * Refuses (MODEL_NOT_ESTIMABLE) a maximum-likelihood search on log-parameters that ran off to the
 * edge of the parameter space (|ln θ| > 20, i.e. θ above 5·10⁸ or below 2·10⁻⁹) or did not settle:
 * the data then do not determine the model, and the figures it would print mean nothing.
 */
export function requireInteriorMaximum(
  model: string,
  result: NelderMeadResult,
  names: readonly string[],
): void {
  const edge = result.point.findIndex((v) => !(Math.abs(v) <= 20))
  if (edge < 0 && result.converged && Number.isFinite(result.value)) return
  const what =
    edge >= 0
      ? `${names[edge]} runs off to ${result.point[edge]! > 0 ? 'infinity' : 'zero'}`
      : 'the search did not settle'
  throw new ValidationError(
    'MODEL_NOT_ESTIMABLE',
    `The ${model} model cannot be estimated from these customers: ${what} (too few customers, or too little variety among them).`,
    [{ path: model, reason: what, allowed: 'data whose likelihood has a finite maximum' }],
  )
}
