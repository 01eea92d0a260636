import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runManyi } from '../test-cli.js'

// Impossible input answered with a specific error (exit 2) or a correct result, never a wrong
// answer with exit 0: each case below answered wrongly with exit 0 before it was fixed.

const dir = mkdtempSync(join(tmpdir(), 'manyi-refusals-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let files = 0
/** A CSV file from lines; returns its path. */
function csv(...lines: string[]): string {
  const path = join(dir, `f${files++}.csv`)
  writeFileSync(path, `${lines.join('\n')}\n`)
  return path
}
function json(value: unknown): string {
  const path = join(dir, `m${files++}.json`)
  writeFileSync(path, JSON.stringify(value))
  return path
}

async function ok(...args: string[]) {
  const run = await runManyi(['analyze', ...args, '--json'])
  expect(run.code, run.stdout + run.stderr).toBe(0)
  return JSON.parse(run.stdout)
}

/** Runs and expects exit 2 with the code (and, when given, a details path containing `path`). */
async function refused(code: string, path: string | null, ...args: string[]) {
  const run = await runManyi(['analyze', ...args, '--json'])
  expect(run.code, run.stdout + run.stderr).toBe(2)
  const { error } = JSON.parse(run.stdout)
  expect(error.code, error.message).toBe(code)
  if (path !== null)
    expect(error.details.map((d: { path: string }) => d.path).join(' ')).toContain(path)
  return error
}

describe('SPC: rows stay paired and numbered', () => {
  it('p chart pairs each count with the size on its own row, skipping rows with a blank', async () => {
    const input = csv('D,size', '5,50', ',100', '40,200', '6,', '7,70')
    const result = await ok(
      'spc',
      '--chart',
      'p',
      '--column',
      'D',
      '--size',
      'size',
      '--input',
      input,
    )
    expect(result.points.map((p: { value: number }) => p.value)).toEqual([0.1, 0.2, 0.1])
    expect(result.rows).toEqual([2, 4, 6])
    expect(result.skippedRows).toEqual([3, 5])
  })

  it('ewma reports the file row of each point and the skipped blank rows', async () => {
    const input = csv('id,x', 'a,1', 'b,', 'c,2', 'd,3', 'e,', 'f,4', 'g,100')
    const result = await ok('spc', '--chart', 'ewma', '--column', 'x', '--input', input)
    expect(result.rows).toEqual([2, 4, 5, 7, 8])
    expect(result.skippedRows).toEqual([3, 6])
    expect(result.statistic).toHaveLength(5)
  })

  it('refuses a count above its size, a size of 0 and negative counts', async () => {
    await refused(
      'VALUE_OUT_OF_RANGE',
      ':3:D',
      'spc',
      '--chart',
      'p',
      '--column',
      'D',
      '--size',
      'n',
      '--input',
      csv('D,n', '5,50', '60,50', '3,50'),
    )
    await refused(
      'VALUE_OUT_OF_RANGE',
      ':3:n',
      'spc',
      '--chart',
      'p',
      '--column',
      'D',
      '--size',
      'n',
      '--input',
      csv('D,n', '5,50', '0,0', '3,50'),
    )
    await refused(
      'VALUE_OUT_OF_RANGE',
      ':3:D',
      'spc',
      '--chart',
      'c',
      '--column',
      'D',
      '--input',
      csv('D', '5', '-1', '3'),
    )
  })

  it('refuses --lambda outside (0, 1], --sigma ≤ 0 and a constant series', async () => {
    const input = csv('x', '1', '2', '3', '4')
    for (const lambda of ['0', '3', '-0.5'])
      await refused(
        'OPTION_INVALID',
        '--lambda',
        'spc',
        '--column',
        'x',
        '--lambda',
        lambda,
        '--input',
        input,
      )
    for (const sigma of ['0', '-1'])
      await refused(
        'OPTION_INVALID',
        '--sigma',
        'spc',
        '--column',
        'x',
        '--sigma',
        sigma,
        '--input',
        input,
      )
    await refused(
      'OPTION_INVALID',
      '--h',
      'spc',
      '--chart',
      'cusum',
      '--column',
      'x',
      '--h',
      '0',
      '--input',
      input,
    )
    await refused('NO_VARIANCE', 'x', 'spc', '--column', 'x', '--input', csv('x', '3', '3', '3'))
  })
})

describe('intervals stay within their range and contain the estimate', () => {
  it('NPS of twenty 10s: the interval ends at 100 and contains it', async () => {
    const result = await ok('nps', '--column', 's', '--input', csv('s', ...Array(20).fill('10')))
    expect(result.nps).toBe(100)
    expect(result.ci95[1]).toBe(100)
    expect(result.ci95[0]).toBeGreaterThan(60)
    expect(result.ci95[0]).toBeLessThan(100)
  })

  it('NPS of one answer: no interval rather than one that misses the estimate', async () => {
    const result = await ok('nps', '--column', 's', '--input', csv('s', '10'))
    expect(result.nps).toBe(100)
    expect(result.ci95).toBeNull()
  })
})

describe('indices stay within 0–100', () => {
  const model = {
    constructs: { Q: ['q1', 'q2', 'q3'], S: ['s1', 's2'] },
    paths: [{ from: 'Q', to: 'S' }],
  }
  // q3 is worded negatively: it moves against q1 and q2.
  const rows = Array.from({ length: 40 }, (_, i) => {
    const base = 1 + (i % 10)
    const q1 = base
    const q2 = Math.min(10, Math.max(1, base + ((i * 7) % 3) - 1))
    const q3 = 11 - Math.min(10, Math.max(1, base + ((i * 5) % 3) - 1))
    const s1 = Math.min(10, Math.max(1, base + ((i * 3) % 3) - 1))
    const s2 = Math.min(10, Math.max(1, base + ((i * 11) % 3) - 1))
    return [q1, q2, q3, s1, s2].join(',')
  })

  it('PLS refuses a Fornell index over a block with a negatively weighted item', async () => {
    const error = await refused(
      'MODEL_INVALID',
      'constructs.Q',
      'plspm',
      '--model',
      json(model),
      '--input',
      csv('q1,q2,q3,s1,s2', ...rows),
    )
    expect(error.message).toContain('q3')
  })

  it('PLS refuses a block whose items cancel out (an item and its exact reverse), not NaN', async () => {
    // s2 = 11 − s1 exactly: with equal starting weights S had no variance and every figure was null.
    const exact = rows.map((line) => {
      const cells = line.split(',')
      return [...cells.slice(0, 4), 11 - Number(cells[3])].join(',')
    })
    const error = await refused(
      'MODEL_INVALID',
      'constructs.S',
      'plspm',
      '--model',
      json({ constructs: { Q: ['q1', 'q2'], S: ['s1', 's2'] }, paths: [{ from: 'Q', to: 'S' }] }),
      '--input',
      csv('q1,q2,q3,s1,s2', ...exact),
    )
    expect(error.message).toContain('reverse-score')
  })

  it('CSI refuses answers outside the stated scale (1–10 data read on 1–5)', async () => {
    const tree = {
      name: 'CSI',
      children: [
        { name: 'a', column: 'a' },
        { name: 'b', column: 'b' },
      ],
    }
    await refused(
      'VALUE_OUT_OF_RANGE',
      ':2:a',
      'csi',
      '--tree',
      json(tree),
      '--input',
      csv('a,b', '9,4', '3,5'),
    )
  })

  it('CSI refuses negative given weights', async () => {
    const tree = {
      name: 'CSI',
      children: [
        { name: 'a', column: 'a', weight: -1 },
        { name: 'b', column: 'b', weight: 3 },
      ],
    }
    await refused(
      'MODEL_INVALID',
      'children[0].weight',
      'csi',
      '--tree',
      json(tree),
      '--input',
      csv('a,b', '1,4', '3,5'),
    )
  })
})

describe('PLS refuses models that are not models', () => {
  const data = csv(
    'a1,a2,b1,b2,c1,c2',
    '1,2,2,3,3,4',
    '2,2,3,3,4,5',
    '3,4,3,5,5,5',
    '4,4,5,4,6,7',
    '5,6,5,6,6,7',
    '6,5,7,6,8,7',
  )
  const plspm = (model: unknown, ...more: string[]) => [
    'plspm',
    '--model',
    json(model),
    '--input',
    data,
    ...more,
  ]
  const constructs = { A: ['a1', 'a2'], B: ['b1', 'b2'], C: ['c1', 'c2'] }

  it('a cycle, a self-loop, an isolated construct, a shared indicator, an empty block', async () => {
    await refused(
      'MODEL_INVALID',
      'paths',
      ...plspm({
        constructs,
        paths: [
          { from: 'A', to: 'B' },
          { from: 'B', to: 'C' },
          { from: 'C', to: 'A' },
        ],
      }),
    )
    await refused(
      'MODEL_INVALID',
      'paths[1]',
      ...plspm({
        constructs: { A: constructs.A, B: constructs.B },
        paths: [
          { from: 'A', to: 'B' },
          { from: 'B', to: 'B' },
        ],
      }),
    )
    await refused(
      'MODEL_INVALID',
      'constructs.C',
      ...plspm({ constructs, paths: [{ from: 'A', to: 'B' }] }),
    )
    await refused(
      'MODEL_INVALID',
      'constructs.B',
      ...plspm({
        constructs: { A: ['a1', 'a2'], B: ['a2', 'b1'] },
        paths: [{ from: 'A', to: 'B' }],
      }),
    )
    await refused(
      'MODEL_INVALID',
      'constructs.B',
      ...plspm({ constructs: { A: ['a1', 'a2'], B: [] }, paths: [{ from: 'A', to: 'B' }] }),
    )
  })

  it('an unknown column is MODEL_INVALID, as documented', async () => {
    await refused(
      'MODEL_INVALID',
      'constructs.B',
      ...plspm({ constructs: { A: ['a1'], B: ['nope'] }, paths: [{ from: 'A', to: 'B' }] }),
    )
  })

  it('--bootstrap takes a whole number of resamples', async () => {
    const model = {
      constructs: { A: constructs.A, B: constructs.B },
      paths: [{ from: 'A', to: 'B' }],
    }
    for (const n of ['-5', '2.5'])
      await refused('OPTION_INVALID', '--bootstrap', ...plspm(model, '--bootstrap', n))
  })
})

describe('scales, options and labels', () => {
  const servqual = csv('E_Q1,P_Q1,E_Q5,P_Q5', '6,5,7,6', '5,5,6,4', '7,6,6,6')

  it('SERVQUAL weights: must sum to 100, name known dimensions (any case), be numbers ≥ 0', async () => {
    await refused(
      'OPTION_INVALID',
      '--weights',
      'servqual',
      '--input',
      servqual,
      '--weights',
      'tangibles=1,reliability=1,responsiveness=1,assurance=1,empathy=1',
    )
    await refused(
      'OPTION_INVALID',
      '--weights',
      'servqual',
      '--input',
      servqual,
      '--weights',
      'tangibles=abc,reliability=100',
    )
    await refused(
      'OPTION_INVALID',
      '--weights',
      'servqual',
      '--input',
      servqual,
      '--weights',
      'tangibles=-20,reliability=120',
    )
    await refused(
      'OPTION_INVALID',
      '--weights',
      'servqual',
      '--input',
      servqual,
      '--weights',
      'looks=50,reliability=50',
    )
    const result = await ok(
      'servqual',
      '--input',
      servqual,
      '--weights',
      'Tangibles=40,Reliability=60',
    )
    // Q1 is tangibles (gaps −1, 0, −1), Q5 reliability (gaps −1, −2, 0): 0.4·(−2/3) + 0.6·(−1).
    expect(result.weighted).toBeCloseTo(-13 / 15, 12)
  })

  it('SERVQUAL refuses an answer outside the scale', async () => {
    await refused(
      'VALUE_OUT_OF_RANGE',
      ':2:E_Q1',
      'servqual',
      '--input',
      csv('E_Q1,P_Q1', '9,5', '5,5'),
    )
  })

  it('CSAT --top-box within the scale', async () => {
    const input = csv('s', '4', '5', '3')
    for (const top of ['9', '0', '4.5'])
      await refused(
        'OPTION_INVALID',
        '--top-box',
        'csat',
        '--column',
        's',
        '--top-box',
        top,
        '--input',
        input,
      )
  })

  it('drivers: constant predictor, the outcome as a predictor, a repeated predictor', async () => {
    const input = csv('y,a,b,c', '1,2,5,3', '2,3,5,1', '3,3,5,4', '4,5,5,2', '5,4,5,5', '3,2,5,3')
    await refused(
      'NO_VARIANCE',
      'b',
      'drivers',
      '--outcome',
      'y',
      '--predictors',
      'a,b,c',
      '--input',
      input,
    )
    await refused(
      'OPTION_INVALID',
      '--predictors',
      'drivers',
      '--outcome',
      'y',
      '--predictors',
      'a,y,c',
      '--input',
      input,
    )
    await refused(
      'OPTION_INVALID',
      '--predictors',
      'drivers',
      '--outcome',
      'y',
      '--predictors',
      'a,c,a',
      '--input',
      input,
    )
  })

  it('Kano keeps a feature named "staff" whole', async () => {
    const input = csv('staff,staff_d', 'like,dislike', 'must_be,dislike')
    const result = await ok('kano', '--pairs', 'staff:staff_d', '--input', input)
    expect(result.features[0].feature).toBe('staff')
    const named = await ok(
      'kano',
      '--pairs',
      'wifi_f:wifi_d',
      '--input',
      csv('wifi_f,wifi_d', 'like,dislike'),
    )
    expect(named.features[0].feature).toBe('wifi')
  })

  it('CSM reads the common labels 较不满意, 比较满意, 非常满意, 非常不满意', async () => {
    const result = await ok(
      'csm',
      '--column',
      'c',
      '--input',
      csv('c', '较不满意', '比较满意', '非常满意', '非常不满意'),
    )
    expect(result.distribution).toEqual([1, 0, 1, 0, 1, 0, 1])
  })

  it('"0x5", "1e1" and " 5" spelled numbers are not answers', async () => {
    for (const cell of ['0x5', '0b101', '0o5'])
      await refused('NOT_A_NUMBER', ':3:s', 'nps', '--column', 's', '--input', csv('s', '5', cell))
  })

  it('alpha on a constant item is refused, not NaN', async () => {
    await refused(
      'NO_VARIANCE',
      'b',
      'alpha',
      '--items',
      'a,b,c',
      '--input',
      csv('a,b,c', '1,3,2', '2,3,3', '3,3,3', '4,3,5'),
    )
  })

  it('alpha names a negatively correlated item, reverse-scores it with --reversed, with a Feldt interval', async () => {
    // c is exactly 6 − a here, so a and c add up to 6 in every row: b's correlation with the
    // rest is 0/0 (it was NaN, printed as null, with exit 0), refused instead.
    const exact = csv('a,b,c', '1,2,5', '2,2,4', '3,4,3', '4,4,2', '5,5,1', '2,1,4', '4,5,2')
    const cancelled = await refused(
      'NO_VARIANCE',
      '--items',
      'alpha',
      '--items',
      'a,b,c',
      '--input',
      exact,
    )
    expect(cancelled.message).toContain('other than "b"')
    // One answer off the exact reverse: c correlates negatively and is named.
    const input = csv('a,b,c', '1,2,4', '2,2,4', '3,4,3', '4,4,2', '5,5,1', '2,1,4', '4,5,2')
    const plain = await ok('alpha', '--items', 'a,b,c', '--input', input)
    expect(plain.negativelyCorrelated).toEqual(['c'])
    const fixed = await ok('alpha', '--items', 'a,b,c', '--reversed', 'c', '--input', input)
    expect(fixed.negativelyCorrelated).toEqual([])
    expect(fixed.reversed).toEqual(['c'])
    expect(fixed.alpha).toBeGreaterThan(0.9)
    expect(fixed.ci95[0]).toBeLessThan(fixed.alpha)
    expect(fixed.ci95[1]).toBeGreaterThan(fixed.alpha)
    await refused(
      'OPTION_INVALID',
      '--reversed',
      'alpha',
      '--items',
      'a,b',
      '--reversed',
      'c',
      '--input',
      input,
    )
    await refused(
      'VALUE_OUT_OF_RANGE',
      ':6:a',
      'alpha',
      '--items',
      'a,b,c',
      '--reversed',
      'c',
      '--scale-max',
      '4',
      '--input',
      input,
    )
  })
})
