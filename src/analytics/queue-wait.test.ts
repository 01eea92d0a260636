import { describe, expect, it } from 'vitest'
import { simulateMmc } from './queue-simulation.js'
import { baselineWait, erlangC, estimateWait, mmcMeanWait, summariseWaits } from './queue-wait.js'

describe('Erlang C', () => {
  it('matches the closed forms of M/M/1 and M/M/2 (Gross et al. 2008, §2.3)', () => {
    // M/M/1: P(wait) = ρ.
    expect(erlangC(1, 0.7)).toBeCloseTo(0.7, 12)
    // M/M/2: P(wait) = 2ρ² / (1 + ρ) with ρ = a/2; a = 1 → 1/3.
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12)
    // c = 3, a = 2.5: 15.625 / 22.25.
    expect(erlangC(3, 2.5)).toBeCloseTo(15.625 / 22.25, 12)
    expect(mmcMeanWait(0.5, 0.2, 3)).toBeCloseTo(15.625 / 22.25 / 0.1, 10)
    expect(erlangC(3, 3)).toBeNull()
  })
})

describe('the wait estimate on a simulated M/M/3 hall', () => {
  // Three counters, 5-minute mean service (μ = 0.2/min), one customer every 2 minutes (λ = 0.5/min):
  // load 2.5 of 3 counters, Wq = 7.02 minutes. The mean service time is learnt from the first
  // half of the day's visits; the estimate is judged on the second half.
  const visits = simulateMmc({ lambda: 0.5, mu: 0.2, counters: 3, customers: 60_000, seed: 7 })
  const half = visits.length / 2
  const learnt = visits.slice(0, half).reduce((s, v) => s + v.service, 0) / half
  const judged = visits.slice(half)
  const errors = (estimate: (v: (typeof judged)[number]) => number) => {
    const e = judged.map((v) => v.wait - estimate(v))
    return {
      bias: e.reduce((s, x) => s + x, 0) / e.length,
      mae: e.reduce((s, x) => s + Math.abs(x), 0) / e.length,
      rmse: Math.sqrt(e.reduce((s, x) => s + x * x, 0) / e.length),
    }
  }
  const ours = errors((v) => estimateWait(v.inSystem, 3, learnt))
  const baseline = errors((v) => baselineWait(v.waitingAhead, 3, learnt))

  it('simulates the queue the theory describes', () => {
    expect(learnt).toBeGreaterThan(4.9)
    expect(learnt).toBeLessThan(5.1)
    const mean = visits.reduce((s, v) => s + v.wait, 0) / visits.length
    expect(Math.abs(mean / mmcMeanWait(0.5, 0.2, 3)! - 1)).toBeLessThan(0.06)
    const waited = visits.filter((v) => v.wait > 0).length / visits.length
    expect(Math.abs(waited - erlangC(3, 2.5)!)).toBeLessThan(0.02)
  })

  it('beats the baseline (people ahead × mean service ÷ counters) and is unbiased', () => {
    expect(ours.rmse).toBeLessThan(baseline.rmse)
    expect(ours.mae).toBeLessThan(baseline.mae)
    expect(Math.abs(ours.bias)).toBeLessThan(0.15)
    // The baseline leaves out the wait for the first counter to free: it runs about s/c short.
    expect(baseline.bias).toBeGreaterThan(0.7 * (5 / 3) * erlangC(3, 2.5)!)
  })

  it('errs as much as the model expects', () => {
    // Waiting for k departures at rate c·μ is an Erlang(k, cμ) time: variance k·(s/c)² with the
    // true s = 5, plus k²·((s − ŝ)/c)² for the learnt ŝ. Mean over the judged arrivals.
    const k = judged.map((v) => Math.max(0, v.inSystem - 3 + 1))
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length
    const expected = mean(k) * (5 / 3) ** 2 + mean(k.map((x) => x * x)) * ((5 - learnt) / 3) ** 2
    // Successive customers wait on the same departures, so their errors are correlated and the
    // ratio spreads more than 30,000 independent errors would: 0.90–1.06 over seeds 1–8 (this
    // seed 0.90), centred on 1. The RMSE is 7–9% below the baseline's on each of those seeds.
    expect(Math.abs(ours.rmse ** 2 / expected - 1)).toBeLessThan(0.12)
  })
})

describe('summariseWaits', () => {
  it('gives n, mean, nearest-rank median and 90th percentile, and the share within a limit', () => {
    expect(summariseWaits([4, 1, 3, 2, 10, 6, 5, 8, 7, 9], 5)).toEqual({
      n: 10,
      mean: 5.5,
      median: 5,
      p90: 9,
      max: 10,
      withinLimit: 0.5,
    })
    expect(summariseWaits([])).toEqual({
      n: 0,
      mean: null,
      median: null,
      p90: null,
      max: null,
      withinLimit: null,
    })
  })
})
