import { describe, expect, it } from 'vitest'
import { chooseComparisonUnits } from './comparison-units.js'

describe('choosing comparison units', () => {
  const candidates = [
    { unitId: 'u-far-level', level: 60, answers: 500 },
    { unitId: 'u-close', level: 79.5, answers: 490 },
    { unitId: 'u-small', level: 80, answers: 12 },
    { unitId: 'u-big', level: 80, answers: 20_000 },
    { unitId: 'u-twin-b', level: 81, answers: 520 },
    { unitId: 'u-twin-a', level: 81, answers: 520 },
  ]

  it('takes the nearest on level and volume, ties by id, leaving out units with too few answers', () => {
    const chosen = chooseComparisonUnits({ level: 80, answers: 500 }, candidates, { count: 3 })
    expect(chosen.map((c) => c.unitId)).toEqual(['u-close', 'u-twin-a', 'u-twin-b'])
    expect(chosen[1]!.distance).toBe(chosen[2]!.distance)
    expect(chosen[0]!.distance).toBeGreaterThan(0)
    const all = chooseComparisonUnits({ level: 80, answers: 500 }, candidates, { count: 10 })
    expect(all.map((c) => c.unitId)).not.toContain('u-small')
    expect(
      all
        .slice(-2)
        .map((c) => c.unitId)
        .sort(),
    ).toEqual(['u-big', 'u-far-level'])
  })

  it('compares volume on a log scale: ten times the answers is far even at the same level', () => {
    const chosen = chooseComparisonUnits(
      { level: 80, answers: 500 },
      [
        { unitId: 'same-level-10x', level: 80, answers: 5000 },
        { unitId: 'near', level: 79.5, answers: 550 },
        { unitId: 'other', level: 70, answers: 100 },
      ],
      { count: 1 },
    )
    expect(chosen.map((c) => c.unitId)).toEqual(['near'])
  })

  it('returns no units when none has enough answers, so the verdict rests on before/after', () => {
    expect(
      chooseComparisonUnits({ level: 80, answers: 500 }, [{ unitId: 'a', level: 80, answers: 5 }]),
    ).toEqual([])
    expect(chooseComparisonUnits({ level: 80, answers: 500 }, [])).toEqual([])
  })

  it('refuses impossible input', () => {
    expect(() =>
      chooseComparisonUnits({ level: 80, answers: 500 }, [{ unitId: 'a', level: 80, answers: -1 }]),
    ).toThrowError(expect.objectContaining({ code: 'OPTION_INVALID' }))
    expect(() => chooseComparisonUnits({ level: Number.NaN, answers: 5 }, [])).toThrowError(
      expect.objectContaining({ code: 'OPTION_INVALID' }),
    )
    expect(() => chooseComparisonUnits({ level: 80, answers: 5 }, [], { count: 0 })).toThrowError(
      expect.objectContaining({ code: 'OPTION_INVALID' }),
    )
  })
})
