import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { AnalyzeOptions } from '../../analyses/analysis-options.js'
import { ANALYZE_METHODS } from '../../analyses/analysis-runners.js'
import { ERROR_CODES } from '../../shared/error-codes.js'
import { ValidationError } from '../../shared/errors.js'

// Random malformed files through every method of `manyi analyze` and the analysis API, called
// in-process (the same runners the command line and the API call). Each run either answers with a
// ValidationError carrying a known code (exit 2 / HTTP 400) or gives a result with no NaN or
// infinite number, every index inside what it indexes, and every interval ordered, within its
// range and containing its estimate.

const HEADERS = ['a', 'b', 'c', 'E_Q1', 'P_Q1']
const CELLS = [
  ...Array.from({ length: 13 }, (_, i) => String(i)),
  '',
  '',
  'NA',
  '-1',
  '-60',
  '20',
  '1.5',
  '0x5',
  '1e3',
  'abc',
  ' 3 ',
  'Infinity',
  '很满意',
  '较不满意',
  'like',
  'dislike',
  '我喜欢',
  'must_be',
]

const cell = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...CELLS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
)
/** Column c, when asked, the exact reverse of b on a 1–10 scale (11 − b), as a reverse-keyed item. */
const reverseOfB = (rows: string[][]) =>
  rows.map((row) => {
    const b = Number(row[1])
    return Number.isInteger(b) && row[1]!.trim() !== ''
      ? [row[0]!, row[1]!, String(11 - b), ...row.slice(3)]
      : row
  })
const table = fc
  .tuple(
    fc.array(fc.array(cell, { minLength: HEADERS.length, maxLength: HEADERS.length }), {
      maxLength: 14,
    }),
    fc.boolean(),
  )
  .map(([rows, reversed]) => ({
    file: 'random.csv',
    headers: HEADERS,
    rows: reversed ? reverseOfB(rows) : rows,
  }))
/** An option as a user might type it: sensible, odd or nonsense. */
const numberText = fc.option(
  fc.constantFrom('0', '1', '-1', '0.5', '2.5', '3', '10', '1000', 'abc', '', '1e400'),
  { nil: undefined },
)

const methodOptions: Record<string, fc.Arbitrary<Partial<AnalyzeOptions>>> = {
  crosstab: fc.record({
    row: fc.constantFrom('a', 'b'),
    by: fc.constantFrom('b', 'c'),
    weight: fc.option(fc.constantFrom('c', 'E_Q1'), { nil: undefined }),
  }),
  'value-balance': fc.record({
    value: fc.constant('a'),
    price: fc.constant('b'),
    scaleMin: numberText,
    scaleMax: numberText,
  }),
  'post-use': fc.record({
    after: fc.constant('a'),
    before: fc.constant('b'),
    scaleMax: numberText,
  }),
  clv: fc.record({
    frequency: fc.constant('a'),
    recency: fc.constant('b'),
    age: fc.constant('c'),
    spend: fc.option(fc.constant('E_Q1'), { nil: undefined }),
    periods: numberText,
    discountRate: numberText,
  }),
  nps: fc.record({
    column: fc.constant('a'),
    weight: fc.option(fc.constant('b'), { nil: undefined }),
    by: fc.option(fc.constantFrom('c', 'a'), { nil: undefined }),
    groups: fc.option(fc.constantFrom('1,2', '1,1', 'x'), { nil: undefined }),
  }),
  csat: fc.record({
    column: fc.constant('a'),
    topBox: numberText,
    weight: fc.option(fc.constant('b'), { nil: undefined }),
    by: fc.option(fc.constant('c'), { nil: undefined }),
  }),
  ces: fc.record({
    column: fc.constant('a'),
    weight: fc.option(fc.constant('b'), { nil: undefined }),
    period: fc.option(fc.constant('c'), { nil: undefined }),
  }),
  csm: fc.record({
    column: fc.constant('a'),
    satisfied: fc.option(fc.constantFrom('20,40,60', '60', '7', 'x', ''), { nil: undefined }),
    weight: fc.option(fc.constant('b'), { nil: undefined }),
    rake: fc.option(fc.constantFrom('{"c": {"1": 0.5, "2": 0.5}}', '{"c": {"1": 2}}', '{'), {
      nil: undefined,
    }),
  }),
  kano: fc.record({
    pairs: fc.constantFrom('a:b', 'b:c', 'a', 'a:zz'),
    weight: fc.option(fc.constant('c'), { nil: undefined }),
  }),
  servqual: fc.record({
    weights: fc.option(fc.constantFrom('other=100', 'Other=50', 'other=abc', 'x=100'), {
      nil: undefined,
    }),
    scaleMin: numberText,
    scaleMax: numberText,
    weight: fc.option(fc.constant('a'), { nil: undefined }),
    by: fc.option(fc.constant('b'), { nil: undefined }),
  }),
  ipa: fc.record({
    attributes: fc.constantFrom('b,c', 'b', 'a,b'),
    outcome: fc.constant('a'),
    importance: fc.option(fc.constantFrom('correlation', 'beta', 'shapley', 'stated', 'nope'), {
      nil: undefined,
    }),
    importanceColumns: fc.constantFrom('c,E_Q1', 'c'),
    crosshair: fc.option(fc.constantFrom('data', '3', 'x'), { nil: undefined }),
    weight: fc.option(fc.constant('P_Q1'), { nil: undefined }),
    impute: fc.option(fc.constantFrom('pairwise', 'mean', 'em', 'none'), { nil: undefined }),
  }),
  drivers: fc.record({
    outcome: fc.constant('a'),
    predictors: fc.constantFrom('b,c', 'b', 'a,b', 'b,b'),
    method: fc.option(fc.constantFrom('relative-weights', 'shapley'), { nil: undefined }),
    bootstrap: fc.option(fc.constantFrom('0', '1', '20', '2.5', '-5'), { nil: undefined }),
    impute: fc.option(fc.constantFrom('mean', 'none', 'em', 'pairwise'), { nil: undefined }),
  }),
  alpha: fc.record({
    items: fc.constantFrom('a,b,c', 'a,b', 'a'),
    reversed: fc.option(fc.constantFrom('c', 'a', 'zz'), { nil: undefined }),
    scaleMin: numberText,
    scaleMax: numberText,
    weight: fc.option(fc.constantFrom('E_Q1', 'P_Q1'), { nil: undefined }),
    impute: fc.option(fc.constantFrom('pairwise', 'none', 'em'), { nil: undefined }),
  }),
  csi: fc.record({
    tree: fc.constantFrom<object>(
      {
        name: 'CSI',
        children: [
          { name: 'a', column: 'a' },
          { name: 'b', column: 'b', weight: 2 },
        ],
      },
      {
        name: 'CSI',
        children: [
          { name: 'a', column: 'a', weight: -1 },
          { name: 'b', column: 'b' },
        ],
      },
    ),
    scaleMin: numberText,
    scaleMax: numberText,
    weight: fc.option(fc.constant('E_Q1'), { nil: undefined }),
  }),
  plspm: fc.record({
    model: fc.constantFrom<object>(
      { constructs: { A: ['a', 'b'], B: ['c'] }, paths: [{ from: 'A', to: 'B' }] },
      {
        constructs: { A: ['a'], B: ['b'], C: ['c'] },
        paths: [
          { from: 'A', to: 'B' },
          { from: 'B', to: 'C' },
        ],
      },
      {
        constructs: { A: ['a'], B: ['b'] },
        paths: [
          { from: 'A', to: 'B' },
          { from: 'B', to: 'A' },
        ],
      },
      {
        constructs: { A: ['a', 'b'], B: ['c'] },
        paths: [{ from: 'A', to: 'B' }],
        modes: { A: 'B' },
      },
      {
        constructs: { A: ['a', 'b'], B: ['c'] },
        paths: [{ from: 'A', to: 'B' }],
        modes: { A: 'X' },
      },
      // b and c in one block: when c is b's exact reverse, they cancel out.
      { constructs: { A: ['a'], B: ['b', 'c'] }, paths: [{ from: 'A', to: 'B' }] },
    ),
    consistent: fc.option(fc.constantFrom('true', 'false'), { nil: undefined }),
    scores: fc.option(fc.constant('true'), { nil: undefined }),
    scheme: fc.option(fc.constantFrom('path', 'centroid', 'factorial'), { nil: undefined }),
    weight: fc.option(fc.constant('E_Q1'), { nil: undefined }),
    bootstrap: fc.option(fc.constantFrom('0', '20', '2.5'), { nil: undefined }),
    impute: fc.option(fc.constantFrom('mean', 'em', 'pairwise'), { nil: undefined }),
    scaleMin: numberText,
    scaleMax: numberText,
  }),
  spc: fc.record({
    chart: fc.option(
      fc.constantFrom(
        'p',
        'c',
        'u',
        'imr',
        'xbar-r',
        'xbar-s',
        'ewma',
        'cusum',
        'mean-change',
        'rate-change',
        'pettitt',
      ),
      {
        nil: undefined,
      },
    ),
    column: fc.constant('a'),
    size: fc.constant('b'),
    weight: fc.option(fc.constant('c'), { nil: undefined }),
    items: fc.constant('a,b'),
    permutations: fc.option(fc.constantFrom('99', '0', '2.5'), { nil: undefined }),
    lambda: numberText,
    sigma: numberText,
    mu0: numberText,
    L: numberText,
    k: numberText,
    h: numberText,
  }),
}

/** Every number in the result is finite (JSON would show NaN and ±∞ as null). */
function badNumbers(value: unknown, path = 'result'): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [`${path} = ${value}`]
  if (Array.isArray(value)) return value.flatMap((v, i) => badNumbers(v, `${path}[${i}]`))
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => badNumbers(v, `${path}.${k}`))
  return []
}

/** The estimate each interval belongs to, and the range it must stay in. */
const INTERVALS: Record<
  string,
  { estimate: string; range: (r: Record<string, unknown>) => [number, number] }
> = {
  nps: { estimate: 'nps', range: () => [-100, 100] },
  csat: { estimate: 'csat', range: () => [0, 100] },
  ces: { estimate: 'mean', range: () => [1, 7] },
}

function check(method: string, rows: number, result: Record<string, unknown>): void {
  expect(badNumbers(result)).toEqual([])
  const interval = INTERVALS[method]
  if (interval && result.ci95) {
    const [lo, hi] = result.ci95 as [number, number]
    const estimate = result[interval.estimate] as number
    const [min, max] = interval.range(result)
    expect(lo).toBeLessThanOrEqual(estimate)
    expect(estimate).toBeLessThanOrEqual(hi)
    expect(lo).toBeGreaterThanOrEqual(min)
    expect(hi).toBeLessThanOrEqual(max)
  }
  // The NPS score interval and the weighted intervals also contain their estimates, within range.
  const contains = (interval: unknown, estimate: unknown, min: number, max: number) => {
    if (!interval) return
    const [lo, hi] = interval as [number, number]
    expect(lo).toBeLessThanOrEqual(estimate as number)
    expect(estimate as number).toBeLessThanOrEqual(hi)
    expect(lo).toBeGreaterThanOrEqual(min)
    expect(hi).toBeLessThanOrEqual(max)
  }
  if (method === 'nps') contains(result.scoreCi95, result.nps, -100, 100)
  // Feldt's interval of α contains α and ends at or below 1.
  if (method === 'alpha') contains(result.ci95, result.alpha, -Infinity, 1)
  // Group comparisons: each p within 0…1; an NPS difference's interval contains it.
  const comparison = result.comparison as
    | { groups: Array<{ vsRest: { pValue: number } | null }>; pair: { test: unknown } | null }
    | undefined
  if (comparison) {
    for (const g of comparison.groups)
      if (g.vsRest) {
        expect(g.vsRest.pValue).toBeGreaterThanOrEqual(0)
        expect(g.vsRest.pValue).toBeLessThanOrEqual(1)
      }
    const test = comparison.pair?.test as { difference: number; ci95?: [number, number] } | null
    if (test?.ci95) contains(test.ci95, test.difference, -200, 200)
  }
  if (method === 'csm' && result.weighted) {
    const w = result.weighted as {
      csm: { mean: number; ci95: [number, number] | null }
      satisfactionRatio: number
      satisfactionRatioCi95: [number, number]
    }
    contains(w.satisfactionRatioCi95, w.satisfactionRatio, 0, 1)
    contains(w.csm.ci95, w.csm.mean, -Infinity, Infinity)
    expect(w.csm.mean).toBeGreaterThanOrEqual(-60)
    expect(w.csm.mean).toBeLessThanOrEqual(60)
  }
  // PLS bootstrap: every interval ordered, and an R² and its intervals within 0…1.
  const bootstrap = result.bootstrap as
    | {
        estimates?: Array<{
          kind: string
          estimate: number
          percentile95: [number, number] | null
          bca95: [number, number] | null
        }>
      }
    | undefined
  if (method === 'plspm' && bootstrap?.estimates)
    for (const e of bootstrap.estimates)
      for (const interval of [e.percentile95, e.bca95]) {
        if (!interval) continue
        expect(interval[0]).toBeLessThanOrEqual(interval[1])
        if (e.kind === 'rSquared') {
          expect(interval[0]).toBeGreaterThanOrEqual(-1e-12)
          expect(interval[1]).toBeLessThanOrEqual(1 + 1e-12)
        }
      }
  const weighted = result.weighted as Record<string, unknown> | undefined
  if (weighted && method === 'nps') contains(weighted.ci95, weighted.nps, -100, 100)
  if (weighted && method !== 'nps') contains(weighted.ci95, weighted.share, 0, 100)
  if (method === 'spc') {
    const points = (result.rows as number[]).length
    for (const row of [...(result.rows as number[]), ...(result.skippedRows as number[])]) {
      expect(row).toBeGreaterThanOrEqual(2)
      expect(row).toBeLessThanOrEqual(rows + 1)
    }
    for (const i of (result.signals as number[] | undefined) ?? []) {
      expect(i).toBeGreaterThanOrEqual(0)
      expect(i).toBeLessThan(points)
    }
    const change = result.changePoint as { index: number } | null | undefined
    if (change) {
      expect(change.index).toBeGreaterThanOrEqual(0)
      expect(change.index).toBeLessThan(points)
    }
    const shown = (result.points ?? result.statistic ?? result.upper) as unknown[] | undefined
    if (shown) expect(shown).toHaveLength(points)
  }
  if (method === 'csi' || method === 'plspm') {
    const scores: number[] = []
    const walk = (node: { score: number; children?: unknown[] }) => {
      scores.push(node.score)
      for (const child of node.children ?? []) walk(child as typeof node)
    }
    if (method === 'csi') walk(result.index as { score: number })
    else scores.push(...Object.values(result.indices as Record<string, number>))
    for (const score of scores) {
      expect(score).toBeGreaterThanOrEqual(-1e-9)
      expect(score).toBeLessThanOrEqual(100 + 1e-9)
    }
  }
}

describe('every analysis on random malformed files', () => {
  for (const method of Object.keys(ANALYZE_METHODS)) {
    it(`${method}: a specific error or a sound result, never NaN, a stray index or a bad interval`, async () => {
      const run = ANALYZE_METHODS[method]!
      await fc.assert(
        fc.asyncProperty(table, methodOptions[method]!, async (t, extra) => {
          const options = { input: 'random.csv', ...extra } as AnalyzeOptions
          let result: unknown
          try {
            result = await run(t, options, {})
          } catch (error) {
            // A specific answer: the typed input error (exit 2, HTTP 400) with a listed code.
            if (!(error instanceof ValidationError)) throw error
            expect(ERROR_CODES).toContain(error.code)
            return
          }
          check(method, t.rows.length, result as Record<string, unknown>)
        }),
        {
          numRuns: Number(process.env.PROPERTY_RUNS ?? 250),
          seed: Number(process.env.PROPERTY_SEED ?? 21),
        },
      )
    })
  }
})

/**
 * Plausible answers (whole numbers 1–10, now and then a blank) get past the input checks, so the
 * estimation itself is reached; column c is sometimes b's exact reverse (PLS once answered NaN
 * with exit 0 when a block's items cancelled out).
 */
const answers = fc
  .tuple(
    fc.array(
      fc.array(
        fc.oneof(
          { weight: 12, arbitrary: fc.integer({ min: 1, max: 10 }).map(String) },
          { weight: 1, arbitrary: fc.constant('') },
        ),
        { minLength: HEADERS.length, maxLength: HEADERS.length },
      ),
      { minLength: 3, maxLength: 30 },
    ),
    fc.boolean(),
  )
  .map(([rows, reversed]) => ({
    file: 'answers.csv',
    headers: HEADERS,
    rows: reversed ? reverseOfB(rows) : rows,
  }))

describe('every analysis on plausible answers', () => {
  for (const method of Object.keys(ANALYZE_METHODS)) {
    it(`${method}: a specific error or a sound result`, async () => {
      const run = ANALYZE_METHODS[method]!
      await fc.assert(
        fc.asyncProperty(answers, methodOptions[method]!, async (t, extra) => {
          const options = { input: 'answers.csv', ...extra } as AnalyzeOptions
          let result: unknown
          try {
            result = await run(t, options, {})
          } catch (error) {
            if (!(error instanceof ValidationError)) throw error
            expect(ERROR_CODES).toContain(error.code)
            return
          }
          check(method, t.rows.length, result as Record<string, unknown>)
        }),
        {
          numRuns: Number(process.env.PROPERTY_RUNS ?? 100),
          seed: Number(process.env.PROPERTY_SEED ?? 21),
        },
      )
    })
  }
})

describe('the shown intervals on every small sample', () => {
  it('NPS, CSAT and CES for every answer pattern of up to 6 answers', async () => {
    const patterns: number[][] = [[]]
    for (let n = 1; n <= 6; n++)
      for (const previous of patterns.filter((p) => p.length === n - 1))
        for (const score of [0, 5, 7, 9, 10]) patterns.push([...previous, score])
    for (const scores of patterns) {
      const t = { file: 'n.csv', headers: ['a'], rows: scores.map((s) => [String(s)]) }
      check(
        'nps',
        scores.length,
        (await ANALYZE_METHODS.nps!(t, { input: 'n.csv', column: 'a' }, {})) as Record<
          string,
          unknown
        >,
      )
      const five = { ...t, rows: scores.map((s) => [String(1 + (s % 5))]) }
      check(
        'csat',
        scores.length,
        (await ANALYZE_METHODS.csat!(five, { input: 'n.csv', column: 'a' }, {})) as Record<
          string,
          unknown
        >,
      )
      const seven = { ...t, rows: scores.map((s) => [String(1 + (s % 7))]) }
      check(
        'ces',
        scores.length,
        (await ANALYZE_METHODS.ces!(seven, { input: 'n.csv', column: 'a' }, {})) as Record<
          string,
          unknown
        >,
      )
    }
    // 19,531 answer patterns × three methods: 68 s measured at a load average of 21 (30 s timed out).
  }, 180_000)
})
