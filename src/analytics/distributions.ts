/**
 * Distribution functions needed for intervals and tests. Pure and
 * deterministic. Algorithms: Lanczos log-gamma, incomplete gamma by series / continued fraction and the
 * incomplete beta by Lentz's continued fraction (Press et al., Numerical
 * Recipes, 3rd ed., §6.2 and §6.4), Acklam's normal quantile refined by one
 * Halley step.
 */

const LOG_GAMMA_COEFFICIENTS = [
  57.1562356658629235, -59.5979603554754912, 14.1360979747417471, -0.491913816097620199,
  0.339946499848118887e-4, 0.465236289270485756e-4, -0.983744753048795646e-4,
  0.158088703224912494e-3, -0.210264441724104883e-3, 0.217439618115212643e-3,
  -0.16431810653676389e-3, 0.844182239838527433e-4, -0.261908384015814087e-4,
  0.368991826595316234e-5,
]

/** ln Γ(x) for x > 0, accurate to about 1e-15 (Numerical Recipes 3rd ed. §6.1, g = 671/128). */
export function logGamma(x: number): number {
  let y = x
  const t = x + 5.2421875
  const head = (x + 0.5) * Math.log(t) - t
  let series = 0.999999999999997092
  for (const c of LOG_GAMMA_COEFFICIENTS) series += c / ++y
  return head + Math.log((2.5066282746310005 * series) / x)
}

const EPS = 1e-16
const TINY = 1e-300
const MAX_ITER = 500

/** Regularized upper incomplete gamma Q(a, x). */
export function upperIncompleteGamma(a: number, x: number): number {
  if (x <= 0) return 1
  if (x < a + 1) return 1 - lowerGammaSeries(a, x)
  return upperGammaFraction(a, x)
}

function lowerGammaSeries(a: number, x: number): number {
  let sum = 1 / a
  let term = sum
  for (let n = 1; n < MAX_ITER; n++) {
    term *= x / (a + n)
    sum += term
    if (Math.abs(term) < Math.abs(sum) * EPS) break
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a))
}

function upperGammaFraction(a: number, x: number): number {
  let b = x + 1 - a
  let c = 1 / TINY
  let d = 1 / b
  let h = d
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a)
    b += 2
    d = an * d + b
    if (Math.abs(d) < TINY) d = TINY
    c = b + an / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    const delta = d * c
    h *= delta
    if (Math.abs(delta - 1) < EPS) break
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h
}

/** Standard normal upper tail P(Z > z), accurate in the far tail too. */
export function normalUpperTail(z: number): number {
  if (z < 0) return 1 - normalUpperTail(-z)
  // erfc(x) = Q(1/2, x²) and P(Z > z) = erfc(z/√2)/2
  return 0.5 * upperIncompleteGamma(0.5, (z * z) / 2)
}

/** Standard normal cumulative distribution Φ(z). */
export function normalCdf(z: number): number {
  return 1 - normalUpperTail(z)
}

/** Two-sided p-value of a standard normal statistic. */
export function twoSidedNormalP(z: number): number {
  return Math.min(1, 2 * normalUpperTail(Math.abs(z)))
}

const ACKLAM_A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
  -3.066479806614716e1, 2.506628277459239,
]
const ACKLAM_B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
  -1.328068155288572e1,
]
const ACKLAM_C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
  4.374664141464968, 2.938163982698783,
]
const ACKLAM_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416]

function polynomial(coefficients: number[], x: number): number {
  return coefficients.reduce((acc, c) => acc * x + c, 0)
}

/** Standard normal quantile Φ⁻¹(p), 0 < p < 1. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`)
  const low = 0.02425
  let x: number
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p))
    x = polynomial(ACKLAM_C, q) / (polynomial(ACKLAM_D, q) * q + 1)
  } else if (p > 1 - low) {
    const q = Math.sqrt(-2 * Math.log(1 - p))
    x = -polynomial(ACKLAM_C, q) / (polynomial(ACKLAM_D, q) * q + 1)
  } else {
    const q = p - 0.5
    const r = q * q
    x = (polynomial(ACKLAM_A, r) * q) / (polynomial(ACKLAM_B, r) * r + 1)
  }
  // One Halley step against the accurate CDF brings the result to machine precision.
  const e = normalCdf(x) - p
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2)
  return x - u / (1 + (x * u) / 2)
}

/** Regularized incomplete beta I_x(a, b). */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const front = Math.exp(
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x),
  )
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(x, a, b)) / a
  return 1 - (front * betaFraction(1 - x, b, a)) / b
}

function betaFraction(x: number, a: number, b: number): number {
  let c = 1
  let d = 1 - ((a + b) * x) / (a + 1)
  if (Math.abs(d) < TINY) d = TINY
  d = 1 / d
  let h = d
  for (let m = 1; m < MAX_ITER; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2))
    d = 1 + aa * d
    if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1))
    d = 1 + aa * d
    if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    const delta = d * c
    h *= delta
    if (Math.abs(delta - 1) < EPS) break
  }
  return h
}

/** Student t cumulative distribution with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * regularizedBeta(df / (df + t * t), df / 2, 0.5)
  return t >= 0 ? 1 - tail : tail
}

/** Student t quantile, found by bisection on the CDF (monotone, so always converges). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`studentTQuantile needs 0 < p < 1, got ${p}`)
  let lo = -1e3
  let hi = 1e3
  for (let i = 0; i < 200 && hi - lo > 1e-13; i++) {
    const mid = (lo + hi) / 2
    if (studentTCdf(mid, df) < p) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

/** F cumulative distribution: I_{d₁x/(d₁x + d₂)}(d₁/2, d₂/2). */
export function fCdf(x: number, d1: number, d2: number): number {
  if (x <= 0) return 0
  return regularizedBeta((d1 * x) / (d1 * x + d2), d1 / 2, d2 / 2)
}

/** F quantile, by bisection on the CDF (monotone, so always converges). */
export function fQuantile(p: number, d1: number, d2: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`fQuantile needs 0 < p < 1, got ${p}`)
  let lo = 0
  let hi = 1
  while (fCdf(hi, d1, d2) < p && hi < 1e12) hi *= 2
  for (let i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2
    if (fCdf(mid, d1, d2) < p) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

/** Upper tail of χ² with `df` degrees of freedom: Q(df/2, x/2). */
export function chiSquareUpperTail(x: number, df: number): number {
  return upperIncompleteGamma(df / 2, x / 2)
}
