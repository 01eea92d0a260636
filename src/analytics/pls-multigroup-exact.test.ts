import { describe, expect, it } from 'vitest'
import { correlation } from './matrix.js'
import type { PlsModel } from './pls-path-model.js'
import { plsMultigroup } from './pls-multigroup.js'
import { seededRandom } from './seeded-random.js'

// The permutation p of the multigroup comparison against its exact value on a case small enough
// to enumerate: X → Y with one indicator each, two groups of 10. With one indicator per construct
// the PLS path is the correlation of x and y within the group, so the exact permutation
// distribution of d = r₁ − r₂ is that over all C(20, 10) = 184,756 ways to split the 20 rows into
// two groups of 10 (a uniform shuffle of the labels gives each split with equal probability;
// Chin & Dibbern 2010; Good 2000, Permutation Tests, §3.1). The exact p is
// #{|d*| ≥ |d|}/184,756; the sampled p = (1 + #)/(1 + P) must lie within Monte Carlo error of it.

const model: PlsModel = {
  constructs: { X: ['x'], Y: ['y'] },
  paths: [{ from: 'X', to: 'Y' }],
}

function data(seed: number) {
  const random = seededRandom(seed)
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
  const x: number[] = []
  const y: number[] = []
  for (let i = 0; i < 20; i++) {
    const xi = normal()
    x.push(xi)
    // Group a (rows 0–9): y = 0.8x + e; group b: y = 0.1x + e.
    y.push((i < 10 ? 0.8 : 0.1) * xi + 0.6 * normal())
  }
  return { x, y, group: x.map((_, i) => (i < 10 ? 'a' : 'b')) }
}

/** Every split of 0…n−1 into a first group of k (as bit masks), calling visit with its rows. */
function eachSplit(n: number, k: number, visit: (first: number[], second: number[]) => void) {
  const first: number[] = []
  const walk = (start: number) => {
    if (first.length === k) {
      const inFirst = new Set(first)
      visit(
        first,
        Array.from({ length: n }, (_, i) => i).filter((i) => !inFirst.has(i)),
      )
      return
    }
    for (let i = start; i <= n - (k - first.length); i++) {
      first.push(i)
      walk(i + 1)
      first.pop()
    }
  }
  walk(0)
}

describe('multigroup permutation p against the exact permutation distribution', () => {
  it('matches the exact p of all 184,756 splits within Monte Carlo error, and the group paths are the correlations', () => {
    const { x, y, group } = data(5)
    const pick = (rows: number[], v: number[]) => rows.map((i) => v[i]!)
    const a = Array.from({ length: 10 }, (_, i) => i)
    const b = a.map((i) => i + 10)
    const observed = correlation(pick(a, x), pick(a, y)) - correlation(pick(b, x), pick(b, y))
    let splits = 0
    let atLeast = 0
    eachSplit(20, 10, (first, second) => {
      splits++
      const d =
        correlation(pick(first, x), pick(first, y)) - correlation(pick(second, x), pick(second, y))
      if (Math.abs(d) >= Math.abs(observed) - 1e-12) atLeast++
    })
    expect(splits).toBe(184756)
    const exact = atLeast / splits
    const permutations = 2000
    const result = plsMultigroup(model, { x, y }, group, { permutations, seed: 3 })
    const path = result.paths[0]!
    expect(path.first).toBeCloseTo(correlation(pick(a, x), pick(a, y)), 12)
    expect(path.second).toBeCloseTo(correlation(pick(b, x), pick(b, y)), 12)
    expect(path.difference).toBeCloseTo(observed, 12)
    expect(result.permutations.used).toBe(permutations)
    // Binomial Monte Carlo error of a p from P draws: √(p(1 − p)/P); allow 4 of them.
    const error = Math.sqrt((exact * (1 - exact)) / permutations)
    expect(Math.abs(path.pValue - exact)).toBeLessThan(4 * error + 1 / permutations)
    // The case is chosen so that p is neither 0 nor 1 (a test that says something).
    expect(exact).toBeGreaterThan(0.005)
    expect(exact).toBeLessThan(0.5)
  }, 120_000)
})
