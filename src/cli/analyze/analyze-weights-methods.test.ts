import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useAnalyzeFiles } from './test-files.js'

// Respondent weights in IPA, CSM, Kano and PLS, refused with the reason in SPC and Kano from
// counts; PLS construct scores written with --scores. Figures worked by hand, or checked against
// the same file with each row repeated as many times as its weight.

const { dir, csv, ok, refused } = useAnalyzeFiles('weights-methods')

/** The rows of a CSV (header first) with each data row repeated `weight` times (last column). */
function expanded(header: string, rows: Array<Array<string | number>>): string {
  return csv(
    header,
    ...rows.flatMap((row) =>
      Array.from({ length: Number(row.at(-1)) }, () => row.slice(0, -1).join(',')),
    ),
  )
}

describe('IPA with respondent weights', () => {
  it('stated importance and performance are weighted means (hand-worked)', async () => {
    // Row 1 weighs 3, row 2 weighs 1: performance a = (3·5 + 1)/4 = 4, b = (3 + 5)/4 = 2;
    // importance a = (3·4 + 2)/4 = 3.5, b = (3·2 + 4)/4 = 2.5. Unweighted all are 3.
    const file = csv('a,b,ia,ib,w', '5,1,4,2,3', '1,5,2,4,1')
    const args = ['ipa', '--input', file, '--attributes', 'a,b', '--importance', 'stated']
    const result = await ok(...args, '--importance-columns', 'ia,ib', '--weight', 'w')
    const [a, b] = result.attributes
    expect([a.performance, a.importance, b.performance, b.importance]).toEqual([4, 3.5, 2, 2.5])
    // Kish: (3 + 1)²/(9 + 1) = 1.6.
    expect(result.weighting).toMatchObject({ column: 'w', sumWeights: 4 })
    expect(result.weighting.effectiveN).toBeCloseTo(1.6, 12)
    const plain = await ok(...args, '--importance-columns', 'ia,ib')
    expect(plain.attributes[0].performance).toBe(3)
    expect(plain.weighting).toBeUndefined()
  })

  it.each(['correlation', 'beta', 'shapley'])(
    'derived importance (%s) equals that of the rows repeated as often as their weight',
    async (importance) => {
      const rows = [
        [7, 6, 5, 2],
        [5, 5, 3, 1],
        [9, 8, 7, 3],
        [4, 2, 5, 1],
        [6, 6, 4, 2],
        [8, 6, 8, 1],
        [3, 3, 2, 2],
      ]
      const weighted = csv('y,p,q,w', ...rows.map((r) => r.join(',')))
      const args = ['--outcome', 'y', '--attributes', 'p,q', '--importance', importance]
      const a = await ok('ipa', '--input', weighted, ...args, '--weight', 'w')
      const b = await ok('ipa', '--input', expanded('y,p,q', rows), ...args)
      a.attributes.forEach((attribute: { importance: number; performance: number }, k: number) => {
        expect(attribute.importance).toBeCloseTo(b.attributes[k].importance, 12)
        expect(attribute.performance).toBeCloseTo(b.attributes[k].performance, 12)
      })
      expect(a.weighting.sumWeights).toBe(12)
    },
  )
})

describe('CSM with respondent weights', () => {
  it('weighted score, 0–100 index, satisfied share and level shares (hand-worked)', async () => {
    // 很满意 (60) weighs 3, 不满意 (−40) weighs 1: (180 − 40)/4 = 35; (35 + 60)/120 = 79.17%.
    const result = await ok(
      'csm',
      '--input',
      csv('q,w', '很满意,3', '不满意,1', ',5'),
      '--column',
      'q',
      '--weight',
      'w',
    )
    expect(result.csm).toBe(10)
    expect(result.weight).toBe('w')
    expect(result.weighted.csm.mean).toBe(35)
    expect(result.weighted.csm100).toBeCloseTo((95 / 120) * 100, 12)
    expect(result.weighted.satisfactionRatio).toBe(0.75)
    expect(result.weighted.shares).toEqual([0, 0.25, 0, 0, 0, 0, 0.75])
    expect(result.weighted.effectiveN).toBeCloseTo(1.6, 12)
    const [low, high] = result.weighted.satisfactionRatioCi95
    expect(low).toBeLessThanOrEqual(0.75)
    expect(high).toBeGreaterThanOrEqual(0.75)
  })
})

describe('Kano with respondent weights', () => {
  it('weighted shares and Better/Worse beside the unweighted counts and χ²', async () => {
    // like/dislike = O (weight 3), like/neutral = A (weight 1): shares O 0.75, A 0.25,
    // Better (A + O)/(A + O + M + I) = 1, Worse −O/… = −0.75 (unweighted −0.5).
    const result = await ok(
      'kano',
      '--input',
      csv('wifi_f,wifi_d,w', 'like,dislike,3', 'like,neutral,1'),
      '--pairs',
      'wifi_f:wifi_d',
      '--weight',
      'w',
    )
    const [wifi] = result.features
    expect(wifi.counts).toMatchObject({ O: 1, A: 1 })
    expect(wifi.worse).toBe(-0.5)
    expect(wifi.weighted.shares).toMatchObject({ O: 0.75, A: 0.25, M: 0, I: 0 })
    expect(wifi.weighted.better).toBe(1)
    expect(wifi.weighted.worse).toBe(-0.75)
    expect(wifi.weighted.modalCategory).toBe('O')
    expect(result.weighting).toEqual({ column: 'w' })
  })

  it('refuses weights on a table of counts, whose rows are attributes', async () => {
    const error = await refused(
      'OPTION_INVALID',
      'kano',
      '--input',
      csv('feature,A,O,M,I,w', 'wifi,1,2,3,4,1'),
      '--counts',
      'feature',
      '--weight',
      'w',
    )
    expect(error.message).toMatch(/not a respondent/)
  })
})

describe('SPC refuses respondent weights', () => {
  it('names why: a row is a period, not a respondent', async () => {
    const error = await refused(
      'OPTION_INVALID',
      'spc',
      '--input',
      csv('d,w', '5,1', '6,1', '7,2'),
      '--chart',
      'c',
      '--column',
      'd',
      '--weight',
      'w',
    )
    expect(error.details[0].path).toBe('--weight')
    expect(error.message).toMatch(/period/)
  })
})

describe('weighted PLS and construct scores', () => {
  const model = join(dir, 'model.json')
  writeFileSync(
    model,
    JSON.stringify({
      constructs: { X: ['x1', 'x2'], Y: ['y1', 'y2'] },
      paths: [{ from: 'X', to: 'Y' }],
    }),
  )
  const rows = [
    [3, 4, 3, 4, 1],
    [5, 5, 4, 5, 2],
    [2, 1, 2, 2, 1],
    [4, 3, 4, 3, 3],
    [5, 4, 5, 5, 1],
    [1, 2, 2, 1, 2],
    [3, 3, 3, 2, 1],
    [4, 5, 3, 4, 2],
  ]
  const weighted = csv('x1,x2,y1,y2,w', ...rows.map((r) => r.join(',')))

  it('--weight gives the estimates of the rows repeated as often as their weight', async () => {
    const args = ['--model', model, '--scale-min', '1', '--scale-max', '5']
    const a = await ok('plspm', '--input', weighted, ...args, '--weight', 'w')
    const b = await ok('plspm', '--input', expanded('x1,x2,y1,y2', rows), ...args)
    expect(a.paths[0].coefficient).toBeCloseTo(b.paths[0].coefficient, 10)
    expect(a.rSquared.Y).toBeCloseTo(b.rSquared.Y, 10)
    expect(a.indices.Y).toBeCloseTo(b.indices.Y, 9)
    expect(a.weighting).toEqual({ column: 'w' })
    expect(a.n).toBe(8)
  })

  it('refuses PLSpredict, blindfolding and the group comparison with weights', async () => {
    for (const [flag, value] of [
      ['--folds', '2'],
      ['--omission-distance', '2'],
    ])
      await refused(
        'OPTION_INVALID',
        'plspm',
        '--input',
        weighted,
        '--model',
        model,
        '--scale-max',
        '5',
        '--weight',
        'w',
        flag!,
        value!,
      )
  })

  it('--scores writes each complete row’s construct scores (mean 0, sd 1) with its file row', async () => {
    const file = csv('x1,x2,y1,y2', ...rows.map((r) => r.slice(0, 4).join(',')), ',2,3,4')
    const out = join(dir, 'scores.csv')
    const result = await ok(
      'plspm',
      '--input',
      file,
      '--model',
      model,
      '--scale-max',
      '5',
      '--scores',
      out,
    )
    expect(result.scoresFile).toBe(out)
    expect(result.constructScores).toBeUndefined()
    const [header, ...lines] = readFileSync(out, 'utf8')
      .replace(/^\ufeff/, '')
      .trim()
      .split('\n')
    expect(header).toBe('row,X,Y')
    // Rows 2–9 are complete; row 10 has a blank and is not scored.
    expect(lines.map((l) => Number(l.split(',')[0]))).toEqual([2, 3, 4, 5, 6, 7, 8, 9])
    const x = lines.map((l) => Number(l.split(',')[1]))
    const mean = x.reduce((a, b) => a + b, 0) / x.length
    const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1))
    expect(mean).toBeCloseTo(0, 12)
    expect(sd).toBeCloseTo(1, 12)
  })

  it('--bootstrap reports every estimate with percentile and BCa intervals', async () => {
    const result = await ok(
      'plspm',
      '--input',
      weighted,
      '--model',
      model,
      '--scale-max',
      '5',
      '--bootstrap',
      '50',
    )
    const kinds = new Set(result.bootstrap.estimates.map((e: { kind: string }) => e.kind))
    // One path, so no indirect effect (the analytics test has them on the ECSI model).
    expect([...kinds].sort()).toEqual(['loading', 'path', 'rSquared', 'total', 'weight'])
    const r2 = result.bootstrap.estimates.find((e: { kind: string }) => e.kind === 'rSquared')
    expect(r2.estimate).toBe(result.rSquared.Y)
  })
})
