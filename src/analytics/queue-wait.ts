/**
 * Waiting at service counters: the M/M/c queue's reference figures (Erlang C), an estimate of a
 * newcomer's wait from the live queue, the simple baseline it is compared with, and a summary of
 * realised waits. Pure: numbers in, numbers out; times in any one unit (minutes in the tests).
 */

/**
 * Erlang C: the probability that an arrival waits in an M/M/c queue with offered load a = λ/μ
 * and c servers, C(c, a) = [aᶜ/c! · c/(c−a)] / [Σₖ₌₀ᶜ⁻¹ aᵏ/k! + aᶜ/c! · c/(c−a)]. Source: Erlang
 * (1917); Gross, Shortle, Thompson & Harris, Fundamentals of Queueing Theory (4th ed., 2008),
 * §2.3. Null when the queue is unstable (a ≥ c) or c < 1.
 */
export function erlangC(c: number, a: number): number | null {
  if (!(c >= 1) || !(a >= 0) || a >= c) return null
  let term = 1
  let sum = 0
  for (let k = 0; k < c; k++) {
    sum += term
    term *= a / (k + 1)
  }
  const last = (term * c) / (c - a)
  return last / (sum + last)
}

/** Mean wait in the queue of M/M/c: Wq = C(c, λ/μ) / (cμ − λ) (same source). Null when unstable. */
export function mmcMeanWait(lambda: number, mu: number, c: number): number | null {
  const wait = erlangC(c, lambda / mu)
  return wait === null ? null : wait / (c * mu - lambda)
}

/**
 * The expected wait of someone who arrives to find `inSystem` people (being served or waiting)
 * at `counters` open counters, with mean service time `meanService`: 0 while a counter is free,
 * else (inSystem − counters + 1) · meanService / counters — with every counter busy, people
 * leave at rate counters/meanService and the newcomer starts after that many departures
 * (memoryless service: the conditional mean of an Erlang sum; Gross et al. 2008, §2.3).
 */
export function estimateWait(inSystem: number, counters: number, meanService: number): number {
  if (counters < 1) return Number.POSITIVE_INFINITY
  if (inSystem < counters) return 0
  return ((inSystem - counters + 1) * meanService) / counters
}

/** The simple baseline: people waiting ahead × mean service time ÷ open counters. */
export function baselineWait(waitingAhead: number, counters: number, meanService: number): number {
  if (counters < 1) return Number.POSITIVE_INFINITY
  return (waitingAhead * meanService) / counters
}

export interface WaitSummary {
  n: number
  mean: number | null
  median: number | null
  p90: number | null
  max: number | null
  /** Share waiting no longer than `limit` (null without a limit or without waits). */
  withinLimit: number | null
}

/** Realised waits summarised; quantiles by the nearest-rank method. n = 0 → nulls. */
export function summariseWaits(waits: readonly number[], limit?: number): WaitSummary {
  const n = waits.length
  if (n === 0) return { n, mean: null, median: null, p90: null, max: null, withinLimit: null }
  const sorted = [...waits].sort((a, b) => a - b)
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * n) - 1)]!
  return {
    n,
    mean: sorted.reduce((s, w) => s + w, 0) / n,
    median: rank(0.5),
    p90: rank(0.9),
    max: sorted[n - 1]!,
    withinLimit: limit === undefined ? null : sorted.filter((w) => w <= limit).length / n,
  }
}
