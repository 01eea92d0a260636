import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import iconv from 'iconv-lite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runManyi } from '../test-cli.js'

const dir = mkdtempSync(join(tmpdir(), 'manyi-analyze-'))
const fixtures = 'src/analytics/__fixtures__'
// The whole command line in this process (src/cli/test-cli.ts); a non-zero exit code rejects with
// the run (code, stdout, stderr), as a failed child process would.
const manyi = async (...args: string[]) => {
  const run = await runManyi(['analyze', ...args])
  if (run.code !== 0) throw Object.assign(new Error(`manyi analyze exited ${run.code}`), run)
  return run
}
const failure = (...args: string[]) =>
  manyi(...args).then(
    () => {
      throw new Error('expected a failure')
    },
    (e: { code: number; stdout: string; stderr: string }) => e,
  )

afterAll(() => rmSync(dir, { recursive: true, force: true }))

// NPS::testdata counts by score (NPS 1.1, docs/methods.md#sources): NPS 10, adjusted-Wald [4.3897, 15.5505].
const counts = [74, 10, 22, 35, 40, 140, 41, 57, 119, 227, 235]
const scores = counts.flatMap((c, score) => Array<number>(c).fill(score))

beforeAll(async () => {
  const rows = scores.map((s, i) => `${i + 1},${s},${i % 2 === 0 ? '门店' : '线上'}`)
  writeFileSync(
    join(dir, 'nps-gbk.csv'),
    iconv.encode(['编号,推荐意愿,渠道', ...rows].join('\r\n'), 'gb18030'),
  )
  writeFileSync(
    join(dir, 'nps-bom.csv'),
    `\ufeff${['id,nps', ...scores.map((s, i) => `${i},${s}`)].join('\n')}`,
  )
  writeFileSync(join(dir, 'bad.csv'), 'id,nps\n1,9\n2,很好\n')
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('答卷')
  sheet.addRow(['功能_有', '功能_无'])
  for (const [f, d] of [
    ['我喜欢', '我不喜欢'],
    ['我喜欢', '无所谓'],
    ['理应如此', '我不喜欢'],
    ['1', '5'],
  ])
    sheet.addRow([f, d])
  await workbook.xlsx.writeFile(join(dir, 'kano.xlsx'))
  writeFileSync(
    join(dir, 'model.json'),
    JSON.stringify({
      constructs: {
        Quality: ['PERQ1', 'PERQ2', 'PERQ3'],
        Satisfaction: ['CUSA1', 'CUSA2', 'CUSA3'],
        Loyalty: ['CUSL1', 'CUSL3'],
      },
      paths: [
        { from: 'Quality', to: 'Satisfaction' },
        { from: 'Satisfaction', to: 'Loyalty' },
      ],
    }),
  )
  writeFileSync(
    join(dir, 'bad-model.json'),
    JSON.stringify({ constructs: { Q: ['PERQ1', 'NO_SUCH'] }, paths: [] }),
  )
})

describe('manyi analyze', () => {
  it('nps reads GBK and UTF-8-with-BOM files alike', async () => {
    for (const [file, column] of [
      ['nps-gbk.csv', '推荐意愿'],
      ['nps-bom.csv', 'nps'],
    ]) {
      const { stdout } = await manyi(
        'nps',
        '--input',
        join(dir, file!),
        '--column',
        column!,
        '--json',
      )
      const result = JSON.parse(stdout)
      expect(result).toMatchObject({ n: 1000, promoters: 462, passives: 176, detractors: 362 })
      expect(result.nps).toBeCloseTo(10, 10)
      expect(result.ci95[0]).toBeCloseTo(4.38966692503208, 9)
      expect(result.ci95[1]).toBeCloseTo(15.5505125365831, 9)
    }
  })

  it('kano classifies Chinese answers from an XLSX sheet', async () => {
    const { stdout } = await manyi(
      'kano',
      '--input',
      join(dir, 'kano.xlsx'),
      '--pairs',
      '功能_有:功能_无',
      '--json',
    )
    const [feature] = JSON.parse(stdout).features
    expect(feature.counts).toEqual({ A: 1, O: 2, M: 1, I: 0, R: 0, Q: 0 })
    expect(feature).toMatchObject({ category: 'O', better: 0.75, worse: -0.75 })
  })

  it('drivers prints the rwa weights for mtcars', async () => {
    const { stdout } = await manyi(
      'drivers',
      '--input',
      `${fixtures}/mtcars.csv`,
      '--outcome',
      'mpg',
      '--predictors',
      'cyl,disp,hp,gear',
      '--method',
      'relative-weights',
      '--json',
    )
    const result = JSON.parse(stdout)
    expect(
      result.drivers.map((d: { name: string; weight: number }) => [
        d.name,
        Number(d.weight.toFixed(7)),
      ]),
    ).toEqual([
      ['cyl', 0.2284797],
      ['disp', 0.2221469],
      ['hp', 0.2321744],
      ['gear', 0.0963886],
    ])
    expect(result.rSquared).toBeCloseTo(0.7791896, 7)
  })

  it('plspm estimates a model file on the ECSI data and reports paths, R² and indices', async () => {
    const { stdout } = await manyi(
      'plspm',
      '--input',
      `${fixtures}/ecsi_mobi.csv`,
      '--model',
      join(dir, 'model.json'),
      '--scheme',
      'centroid',
      '--json',
    )
    const result = JSON.parse(stdout)
    expect(result.paths.map((p: { from: string; to: string }) => `${p.from}->${p.to}`)).toEqual([
      'Quality->Satisfaction',
      'Satisfaction->Loyalty',
    ])
    expect(Object.keys(result.rSquared)).toEqual(['Satisfaction', 'Loyalty'])
    expect(result.rSquared.Satisfaction).toBeCloseTo(result.paths[0].coefficient ** 2, 12)
    expect(result.indices.Satisfaction).toBeGreaterThan(60)
    expect(result.loadings[0]).toMatchObject({ construct: 'Quality', indicator: 'PERQ1' })
  })

  it('csi scores a weighted index tree with given and driver-based weights', async () => {
    const tree = {
      name: '服务CSI',
      children: [
        { name: '性能', weight: 3, column: 'PERQ1' },
        { name: '保证', weight: 1, column: 'PERQ2' },
      ],
    }
    writeFileSync(join(dir, 'tree.json'), JSON.stringify(tree))
    const given = JSON.parse(
      (
        await manyi(
          'csi',
          '--input',
          `${fixtures}/ecsi_mobi.csv`,
          '--tree',
          join(dir, 'tree.json'),
          '--scale-max',
          '10',
          '--json',
        )
      ).stdout,
    )
    // PERQ1 mean 7.944, PERQ2 mean 7.192 on 1–10 → (m − 1)/9·100.
    expect(given.index.children.map((c: { score: number }) => Number(c.score.toFixed(6)))).toEqual([
      77.155556, 68.8,
    ])
    expect(given.index.score).toBeCloseTo(
      0.75 * ((7.944 - 1) / 9) * 100 + 0.25 * ((7.192 - 1) / 9) * 100,
      9,
    )
    const derived = JSON.parse(
      (
        await manyi(
          'csi',
          '--input',
          `${fixtures}/ecsi_mobi.csv`,
          '--tree',
          join(dir, 'tree.json'),
          '--scale-max',
          '10',
          '--weighting',
          'drivers',
          '--outcome',
          'CUSA1',
          '--json',
        )
      ).stdout,
    )
    expect(derived.index.children[0].weight).toBeGreaterThan(derived.index.children[1].weight)
  })

  it('ipa with stated importance crosses at the means of the importance ratings', async () => {
    writeFileSync(
      join(dir, 'ipa.csv'),
      'speed,price,imp_speed,imp_price\n9,5,5,2\n8,4,4,3\n7,6,5,2\n',
    )
    const result = JSON.parse(
      (
        await manyi(
          'ipa',
          '--input',
          join(dir, 'ipa.csv'),
          '--attributes',
          'speed,price',
          '--importance',
          'stated',
          '--importance-columns',
          'imp_speed,imp_price',
          '--json',
        )
      ).stdout,
    )
    expect(result.attributes).toEqual([
      { name: 'speed', importance: 14 / 3, performance: 8, quadrant: 'II_keep_up_the_good_work' },
      { name: 'price', importance: 7 / 3, performance: 5, quadrant: 'III_low_priority' },
    ])
    expect(result.crosshair).toEqual({ importance: 3.5, performance: 6.5, rule: 'data-centred' })
  })

  it('prints a readable table without --json', async () => {
    const { stdout } = await manyi(
      'alpha',
      '--input',
      `${fixtures}/ecsi_mobi.csv`,
      '--items',
      'CUSA1,CUSA2,CUSA3',
    )
    expect(stdout).toContain('alpha: 0.7701')
    expect(stdout).toMatch(/item\s+itemTotalCorrelation\s+alphaIfDeleted\s+isWeak/)
  })

  it('names the file, row and column of a non-number; exit code 2; nothing on stdout without --json', async () => {
    const e = await failure('nps', '--input', join(dir, 'bad.csv'), '--column', 'nps')
    expect(e.code).toBe(2)
    expect(e.stdout).toBe('')
    expect(e.stderr).toContain(
      'error NOT_A_NUMBER: bad.csv row 3, column "nps": "很好" is not a number.',
    )
  })

  it('names a missing column and a model column the data lacks', async () => {
    const missing = await failure(
      'nps',
      '--input',
      join(dir, 'nps-bom.csv'),
      '--column',
      'score',
      '--json',
    )
    expect(missing.code).toBe(2)
    expect(JSON.parse(missing.stdout).error).toMatchObject({
      code: 'COLUMN_NOT_FOUND',
      details: [{ path: 'nps-bom.csv:score', allowed: 'id, nps' }],
    })
    const model = await failure(
      'plspm',
      '--input',
      `${fixtures}/ecsi_mobi.csv`,
      '--model',
      join(dir, 'bad-model.json'),
      '--json',
    )
    // A model naming a column the data lacks is the model's fault (docs/errors.md).
    expect(JSON.parse(model.stdout).error).toMatchObject({
      code: 'MODEL_INVALID',
      details: [{ path: 'constructs.Q', reason: 'unknown column "NO_SUCH"' }],
    })
  })

  it('reports a singular predictor matrix as a clear error', async () => {
    writeFileSync(join(dir, 'collinear.csv'), 'y,a,b\n1,1,2\n2,2,4\n3,3,6\n5,4,8\n')
    const e = await failure(
      'drivers',
      '--input',
      join(dir, 'collinear.csv'),
      '--outcome',
      'y',
      '--predictors',
      'a,b',
      '--json',
    )
    expect(e.code).toBe(2)
    expect(JSON.parse(e.stdout).error.code).toBe('SINGULAR_MATRIX')
  })

  it('sentiment adds language, sentiment, sentiment_score and topics to every row of a GBK file', async () => {
    const rows = [
      '编号,评论',
      '1,服务态度很好，但是配送太慢了',
      '2,"=HYPERLINK(""http://x"")差评"',
      '3,',
      '4,The engineer was great 👍',
    ]
    writeFileSync(join(dir, 'comments.csv'), iconv.encode(rows.join('\r\n'), 'gb18030'))
    const { stdout } = await manyi(
      'sentiment',
      '--input',
      join(dir, 'comments.csv'),
      '--column',
      '评论',
      '--output',
      join(dir, 'scored.xlsx'),
      '--json',
    )
    expect(JSON.parse(stdout)).toEqual({
      rows: 4,
      // 服务态度很好，但是配送太慢了: the clause after 但是 carries the verdict (negative).
      sentiment: { positive: 1, neutral: 1, negative: 2 },
      languages: { zh: 2, none: 1, en: 1 },
      output: join(dir, 'scored.xlsx'),
    })
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.readFile(join(dir, 'scored.xlsx'))
    const sheet = workbook.getWorksheet('sentiment')!
    expect(sheet.getRow(1).values).toEqual([
      undefined,
      '编号',
      '评论',
      'language',
      'sentiment',
      'sentiment_score',
      'topics',
    ])
    expect(sheet.getRow(2).getCell(6).value).toBe('service_attitude;wait_time;delivery')
    expect(sheet.getRow(3).getCell(2).value).toBe(`'=HYPERLINK("http://x")差评`)
    expect(sheet.getRow(3).getCell(4).value).toBe('negative')
    expect(typeof sheet.getRow(3).getCell(5).value).toBe('number')
    const missing = await failure('sentiment', '--input', join(dir, 'comments.csv'), '--json')
    expect(missing.code).toBe(2)
    expect(JSON.parse(missing.stdout).error.details[0].path).toBe('--column')
  })
})
