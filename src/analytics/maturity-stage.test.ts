import { expect, it } from 'vitest'
import { scoreMaturity } from './maturity-stage.js'

const DIMS = [
  { key: 'a', items: ['a1', 'a2'] },
  { key: 'b', items: ['b1'] },
]

it('puts a unit at its weakest dimension’s stage: every item must reach the stage’s anchor', () => {
  expect(scoreMaturity(DIMS, { a1: 5, a2: 5, b1: 5 })).toEqual({
    stage: 4,
    nextStage: null,
    dimensions: [
      { key: 'a', score: 5, lowest: 5, stage: 4 },
      { key: 'b', score: 5, lowest: 5, stage: 4 },
    ],
    gaps: [],
  })
  // A mean of 4.5 does not make stage 4 when one item is at 4 (no averaging away a weak practice).
  const r = scoreMaturity(DIMS, { a1: 5, a2: 4, b1: 5 })
  expect(r.stage).toBe(3)
  expect(r.gaps).toEqual([
    {
      dimension: 'a',
      score: 4.5,
      required: 5,
      items: [{ item: 'a2', rating: 4, required: 5 }],
      pointsShort: 1,
    },
  ])
  // Ratings 1 and 2 are both stage 1, the floor.
  expect(scoreMaturity(DIMS, { a1: 1, a2: 5, b1: 2 }).dimensions.map((d) => d.stage)).toEqual([
    1, 1,
  ])
  expect(scoreMaturity(DIMS, { a1: 1, a2: 5, b1: 2 }).gaps.map((g) => g.pointsShort)).toEqual([
    2, 1,
  ])
})

it('refuses an unknown or missing item and a rating outside 1–5', () => {
  expect(() => scoreMaturity(DIMS, { a1: 5, a2: 5 })).toThrow(/No rating for b1/)
  expect(() => scoreMaturity(DIMS, { a1: 5, a2: 5, b1: 5, c: 1 })).toThrow(/Unknown item "c"/)
  expect(() => scoreMaturity(DIMS, { a1: 0, a2: 5, b1: 5 })).toThrow(
    expect.objectContaining({ code: 'VALUE_OUT_OF_RANGE' }),
  )
  expect(() => scoreMaturity(DIMS, { a1: 3.5, a2: 5, b1: 5 })).toThrow(/not 1–5/)
  expect(() => scoreMaturity([{ key: 'x', items: [] }], {})).toThrow(/dimension without items/)
})
