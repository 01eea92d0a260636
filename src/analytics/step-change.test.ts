import { describe, expect, it } from 'vitest'
import { checkStepChange } from './step-change.js'

// Twenty weeks alternating around 70 (moving ranges of 2, so σ̂ = 2/1.128 = 1.773).
const baseline = Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 69 : 71))

describe('the step change on the control chart at the action date', () => {
  it('computes Phase I limits from the periods before the action only', () => {
    const check = checkStepChange([...baseline, 90, 90], 20, 'increase')
    expect(check.center).toBe(70)
    expect(check.sigma).toBeCloseTo(2 / 1.128, 10)
    expect(check.ucl).toBeCloseTo(70 + (3 * 2) / 1.128, 10)
  })

  it('finds a jump beyond 3σ in the plan’s direction', () => {
    const check = checkStepChange([...baseline, 71, 77, 76], 20, 'increase')
    expect(check).toMatchObject({
      stepTowardGoal: true,
      stepAgainstGoal: false,
      firstSignal: 21,
      rule: 'beyond_3_sigma',
    })
  })

  it('finds a sustained small shift by eight in a row above the centre', () => {
    const after = [72, 71.5, 72.5, 71, 72, 73, 71.5, 72]
    const check = checkStepChange([...baseline, ...after], 20, 'increase')
    expect(check).toMatchObject({
      stepTowardGoal: true,
      firstSignal: 27,
      rule: 'eight_on_one_side',
    })
    expect(
      checkStepChange([...baseline, ...after.slice(0, 7)], 20, 'increase').stepTowardGoal,
    ).toBe(false)
  })

  it('tells a shift against the plan apart from the step it wanted', () => {
    const check = checkStepChange([...baseline, 70, 62], 20, 'increase')
    expect(check).toMatchObject({ stepTowardGoal: false, stepAgainstGoal: true, firstSignal: 21 })
    expect(checkStepChange([...baseline, 70, 62], 20, 'decrease').stepTowardGoal).toBe(true)
  })

  it('refuses too few periods before the action, or a value that is not a number', () => {
    expect(() => checkStepChange([1, 2, 3, 4, 5, 6, 7, 8, 9], 7, 'increase')).toThrowError(
      expect.objectContaining({ code: 'OPTION_INVALID' }),
    )
    expect(() => checkStepChange([...baseline, Number.NaN], 20, 'increase')).toThrowError(
      expect.objectContaining({ code: 'VALUE_OUT_OF_RANGE' }),
    )
    expect(() => checkStepChange(baseline, 21, 'increase')).toThrowError(
      expect.objectContaining({ code: 'OPTION_INVALID' }),
    )
  })
})
