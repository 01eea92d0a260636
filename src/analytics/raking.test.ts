import { describe, expect, it } from 'vitest'
import { AppError } from '../shared/errors.js'
import { rakeWeights } from './raking.js'

/** Respondents of a two-way table: `counts[i][j]` people with row category i and column category j. */
function respondents(counts: number[][], rows: string[], columns: string[]) {
  const row: string[] = []
  const column: string[] = []
  counts.forEach((line, i) =>
    line.forEach((count, j) => {
      for (let k = 0; k < count; k++) {
        row.push(rows[i]!)
        column.push(columns[j]!)
      }
    }),
  )
  return { row, column }
}

describe('raking (iterative proportional fitting)', () => {
  it('with one variable is post-stratification: weight = target share × n / count', () => {
    const categories = ['north', 'north', 'north', 'south']
    const result = rakeWeights([{ name: 'region', categories, targets: { north: 50, south: 50 } }])
    // Shares 0.5 and 0.5 of n = 4: north 2/3 each, south 2.
    expect(result.weights[0]).toBeCloseTo(2 / 3, 14)
    expect(result.weights[3]).toBeCloseTo(2, 14)
    expect(result.iterations).toBe(1)
    // Kish: n_eff = (Σw)²/Σw² = 16/(3·4/9 + 4) = 3.
    expect(result.effectiveN).toBeCloseTo(3, 12)
  })

  it('meets two margins and keeps the odds ratio of the sample table (Deming & Stephan 1940; Bishop, Fienberg & Holland 1975 §3.5)', () => {
    // Sample table 7 9 / 12 7 raked to row totals 5, 15 and column totals 10, 10 (N = 20).
    const sample = [
      [7, 9],
      [12, 7],
    ]
    const { row, column } = respondents(sample, ['A', 'B'], ['X', 'Y'])
    const result = rakeWeights([
      { name: 'row', categories: row, targets: { A: 5, B: 15 } },
      { name: 'column', categories: column, targets: { X: 10, Y: 10 } },
    ])
    expect(result.maxDeviation).toBeLessThanOrEqual(1e-10)
    // The raked table is the one with these margins and the sample's cross-product ratio
    // θ = 7·7/(9·12): x11 solves (1 − θ)x² + (N − r₁ − c₁ + θ(r₁ + c₁))x − θr₁c₁ = 0.
    const theta = (7 * 7) / (9 * 12)
    const [N, r1, c1] = [20, 5, 10]
    const a = 1 - theta
    const b = N - r1 - c1 + theta * (r1 + c1)
    const c = -theta * r1 * c1
    const x11 = (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a)
    // By hand: θ = 0.453704, x11 = 1.77567 (x12 = 3.22433, x21 = 8.22433, x22 = 6.77567).
    expect(x11).toBeCloseTo(1.77567, 4)
    const cell = (i: number, j: number) =>
      (N / row.length) *
      result.weights.reduce(
        (s, w, k) => s + (row[k] === ['A', 'B'][i] && column[k] === ['X', 'Y'][j] ? w : 0),
        0,
      )
    expect(cell(0, 0)).toBeCloseTo(x11, 8)
    expect(cell(0, 1)).toBeCloseTo(r1 - x11, 8)
    expect(cell(1, 0)).toBeCloseTo(c1 - x11, 8)
    expect(cell(1, 1)).toBeCloseTo(N - r1 - c1 + x11, 8)
    expect((cell(0, 0) * cell(1, 1)) / (cell(0, 1) * cell(1, 0))).toBeCloseTo(theta, 8)
    // Everyone in one cell has one weight; they sum to n.
    expect(result.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(row.length, 10)
    const margin = result.margins[0]!.categories[0]!
    expect(margin).toMatchObject({ category: 'A', target: 0.25, respondents: 16 })
    expect(margin.before).toBeCloseTo(16 / 35, 14)
    expect(margin.after).toBeCloseTo(0.25, 10)
  })

  it('starts from base weights (a design weight of 2 counts as two respondents)', () => {
    const doubled = rakeWeights(
      [
        { name: 'g', categories: ['a', 'a', 'b'], targets: { a: 0.5, b: 0.5 } },
        { name: 'h', categories: ['x', 'y', 'x'], targets: { x: 0.6, y: 0.4 } },
      ],
      { baseWeights: [2, 1, 1] },
    )
    const repeated = rakeWeights([
      { name: 'g', categories: ['a', 'a', 'a', 'b'], targets: { a: 0.5, b: 0.5 } },
      { name: 'h', categories: ['x', 'x', 'y', 'x'], targets: { x: 0.6, y: 0.4 } },
    ])
    // Weights sum to the number of rows (3 against 4): compare per unit of total.
    expect(doubled.weights[0]! / 3).toBeCloseTo((2 * repeated.weights[0]!) / 4, 10)
    expect(doubled.weights[2]! / 3).toBeCloseTo(repeated.weights[3]! / 4, 10)
  })

  it('refuses margins the answers cannot meet together (RAKING_NOT_CONVERGED), naming the category', () => {
    // Only (A, X) and (B, Y) answered: the A share and the X share must be equal, but 0.3 ≠ 0.6.
    const { row, column } = respondents(
      [
        [5, 0],
        [0, 5],
      ],
      ['A', 'B'],
      ['X', 'Y'],
    )
    let error: unknown
    try {
      rakeWeights(
        [
          { name: 'row', categories: row, targets: { A: 0.3, B: 0.7 } },
          { name: 'column', categories: column, targets: { X: 0.6, Y: 0.4 } },
        ],
        { maxIterations: 50 },
      )
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(AppError)
    expect((error as AppError).code).toBe('RAKING_NOT_CONVERGED')
    expect((error as AppError).details[0]!.path).toMatch(/^rake\.(row|column)\./)
  })

  it('refuses a category without a target, a target without respondents and negative targets', () => {
    const code = (f: () => unknown) => {
      try {
        f()
      } catch (e) {
        return (e as AppError).code
      }
      return 'none'
    }
    expect(
      code(() => rakeWeights([{ name: 'g', categories: ['a', 'c'], targets: { a: 1 } }])),
    ).toBe('OPTION_INVALID')
    expect(
      code(() => rakeWeights([{ name: 'g', categories: ['a', 'a'], targets: { a: 1, b: 1 } }])),
    ).toBe('OPTION_INVALID')
    expect(
      code(() => rakeWeights([{ name: 'g', categories: ['a', 'b'], targets: { a: -1, b: 2 } }])),
    ).toBe('OPTION_INVALID')
    expect(code(() => rakeWeights([]))).toBe('OPTION_INVALID')
  })
})
