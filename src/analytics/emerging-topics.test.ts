import { describe, expect, it } from 'vitest'
import { emergingTopics } from './emerging-topics.js'

describe('emergingTopics', () => {
  it('flags a topic whose share rose significantly, as prop.test(alternative = "greater")', () => {
    // 30 of 200 recent comments on delivery against 40 of 1000 before: 15% vs 4%.
    // Pooled p = 70/1200, se = √(p(1−p)(1/200 + 1/1000)) = 0.018155, z = 0.11/se = 6.05913;
    // one-sided p = ½·erfc(z/√2) = 6.8431e-10 (R prop.test's X-squared is z² = 36.713; docs/methods.md#sources).
    const [delivery, ...rest] = emergingTopics(
      [
        { topic: 'delivery', recent: 30, baseline: 40 },
        { topic: 'price', recent: 12, baseline: 55 },
        { topic: 'billing', recent: 4, baseline: 0 },
      ],
      200,
      1000,
    )
    expect(rest).toEqual([])
    expect(delivery!.topic).toBe('delivery')
    expect(delivery!.z).toBeCloseTo(6.059127, 5)
    expect(delivery!.pValue / 6.84311e-10).toBeCloseTo(1, 4)
    expect(delivery!.lift).toBeCloseTo(3.75, 12)
  })

  it('needs enough recent mentions and data in both periods', () => {
    expect(emergingTopics([{ topic: 'app', recent: 5, baseline: 0 }], 50, 500)).toMatchObject([
      { topic: 'app', lift: Infinity },
    ])
    expect(emergingTopics([{ topic: 'app', recent: 5, baseline: 0 }], 50, 0)).toEqual([])
  })
})
