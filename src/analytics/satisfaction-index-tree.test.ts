import { describe, expect, it } from 'vitest'
import { relativeWeights } from './key-drivers.js'
import { correlationMatrix } from './matrix.js'
import { evaluateIndexTree, type IndexTreeSpec } from './satisfaction-index-tree.js'
import { readNumericCsv } from './__fixtures__/read-fixture.js'

const mobi = readNumericCsv('ecsi_mobi.csv')
const tree: IndexTreeSpec = {
  name: 'service CSI',
  children: [
    {
      name: 'quality',
      weight: 3,
      children: [
        { name: 'PERQ1', column: 'PERQ1', importanceColumn: 'IMAG1' },
        { name: 'PERQ2', column: 'PERQ2', importanceColumn: 'IMAG2' },
      ],
    },
    { name: 'value', weight: 1, column: 'PERV1', importanceColumn: 'IMAG3' },
  ],
}
const toScore = (values: number[]) =>
  (values.reduce((a, b) => a + b, 0) / values.length) * (100 / 9) - 100 / 9

describe('evaluateIndexTree', () => {
  it('given weights: weighted means of 0–100 leaf scores up the tree', () => {
    const result = evaluateIndexTree(tree, mobi, { weights: 'given', scale: { min: 1, max: 10 } })
    const quality = (toScore(mobi.PERQ1!) + toScore(mobi.PERQ2!)) / 2
    expect(result.children![0]!.score).toBeCloseTo(quality, 10)
    expect(result.score).toBeCloseTo(0.75 * quality + 0.25 * toScore(mobi.PERV1!), 10)
    expect(result.children!.map((c) => c.weight)).toEqual([0.75, 0.25])
  })

  it('importance weights: stated importance means, normalized among siblings', () => {
    const result = evaluateIndexTree(tree, mobi, {
      weights: 'importance',
      scale: { min: 1, max: 10 },
    })
    const m = (c: string) => mobi[c]!.reduce((a, b) => a + b, 0) / 250
    expect(result.children![0]!.children![0]!.weight).toBeCloseTo(
      m('IMAG1') / (m('IMAG1') + m('IMAG2')),
      12,
    )
  })

  it('driver weights: Johnson relative weights of the children on the outcome', () => {
    const flat: IndexTreeSpec = {
      name: 'CSI',
      children: ['PERQ1', 'PERQ2', 'PERQ3'].map((c) => ({ name: c, column: c })),
    }
    const result = evaluateIndexTree(flat, mobi, {
      weights: 'drivers',
      scale: { min: 1, max: 10 },
      outcome: mobi.CUSA1!,
    })
    const rw = relativeWeights(
      correlationMatrix([mobi.CUSA1!, mobi.PERQ1!, mobi.PERQ2!, mobi.PERQ3!]),
      ['PERQ1', 'PERQ2', 'PERQ3'],
    )
    const total = rw.rSquared
    result.children!.forEach((c, i) =>
      expect(c.weight).toBeCloseTo(rw.drivers[i]!.weight / total, 12),
    )
  })

  it('names a leaf without a column', () => {
    expect(() =>
      evaluateIndexTree({ name: 'x', children: [{ name: 'a', column: 'NOPE' }] }, mobi, {
        weights: 'given',
        scale: { min: 1, max: 10 },
      }),
    ).toThrow(/needs a column/)
  })
})
