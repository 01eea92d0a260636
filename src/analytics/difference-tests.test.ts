import { expect, it } from 'vitest'
import { compareMeans, compareProportions } from './difference-tests.js'
import { mean, variance } from './matrix.js'

it('two proportions: R prop.test(c(15, 25), c(50, 50), correct = FALSE) gives X² 4.1667, p 0.04123', () => {
  const result = compareProportions(15, 50, 25, 50)!
  expect(result.difference).toBeCloseTo(-0.2, 12)
  expect(result.statistic ** 2).toBeCloseTo(4.166667, 5)
  expect(result.pValue).toBeCloseTo(0.04123, 5)
  expect(compareProportions(0, 10, 0, 10)).toBeNull()
})

it('Welch t test: R t.test(extra ~ group, data = sleep) gives t −1.8608, df 17.776, p 0.07939', () => {
  const g1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
  const g2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]
  const result = compareMeans(
    { n: 10, mean: mean(g1), variance: variance(g1) },
    { n: 10, mean: mean(g2), variance: variance(g2) },
  )!
  expect(result.statistic).toBeCloseTo(-1.8608, 4)
  expect(result.df).toBeCloseTo(17.776, 3)
  expect(result.pValue).toBeCloseTo(0.07939, 5)
})
