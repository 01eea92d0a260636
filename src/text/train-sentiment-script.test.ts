import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stringify } from 'csv-stringify/sync'
import { afterAll, describe, expect, it } from 'vitest'

/**
 * `npm run train:sentiment` must be reproducible as a whole run: two separate
 * processes on the same data write byte-identical model files and print the same
 * figures, and a run on ../shared/datasets rewrites exactly the committed models.
 */

const root = new URL('../../', import.meta.url).pathname
const fixtures = new URL('./__fixtures__/', import.meta.url).pathname
const shared = join(root, '../shared/datasets')
const work = mkdtempSync(join(tmpdir(), 'train-sentiment-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const readTsv = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [label, text] = line.split('\t')
      return { label: label!, text: text! }
    })

/** A small data directory laid out as ../shared/datasets, from committed fixtures. */
function smallDataDir(): { dir: string; zhRows: number } {
  const dir = join(work, 'data')
  mkdirSync(join(dir, 'zh-hotel-reviews'), { recursive: true })
  mkdirSync(join(dir, 'en-labelled-sentences'), { recursive: true })
  const zh = readTsv(join(fixtures, 'zh-service-reviews.tsv'))
  writeFileSync(
    join(dir, 'zh-hotel-reviews/ChnSentiCorp_htl_all.csv'),
    stringify(
      zh.map((r) => [r.label, r.text]),
      { header: true, columns: ['label', 'review'] },
    ),
  )
  const en = readTsv(join(fixtures, 'public/imdb-sample.tsv'))
  const files = ['amazon_cells_labelled.txt', 'yelp_labelled.txt', 'imdb_labelled.txt']
  files.forEach((file, k) => {
    const part = en.filter((_, i) => i % 3 === k)
    writeFileSync(
      join(dir, 'en-labelled-sentences', file),
      part.map((r) => `${r.text}\t${r.label}\n`).join(''),
    )
  })
  return { dir, zhRows: zh.filter((r) => r.label === '0' || r.label === '1').length }
}

function run(data: string, out: string): { stdout: string; zh: Buffer; en: Buffer } {
  mkdirSync(out, { recursive: true })
  const stdout = execFileSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/train-sentiment.ts', '--data', data, '--out', out],
    { cwd: root, encoding: 'utf8' },
  )
  return {
    stdout,
    zh: readFileSync(join(out, 'zh-sentiment.json')),
    en: readFileSync(join(out, 'en-sentiment.json')),
  }
}

describe('train:sentiment reproducibility', () => {
  it('two runs in separate processes write byte-identical models and print the same figures', () => {
    const data = smallDataDir()
    const first = run(data.dir, join(work, 'out1'))
    const second = run(data.dir, join(work, 'out2'))
    expect(first.zh.equals(second.zh)).toBe(true)
    expect(first.en.equals(second.en)).toBe(true)
    expect(second.stdout).toBe(first.stdout)
    // The run really trained on the small set (not a copy of the shipped model).
    expect(JSON.parse(first.zh.toString()).provenance.rows).toBe(data.zhRows)
    expect(first.stdout).toMatch(/rotation: trained on yelp\+imdb, amazon/)
    expect(first.stdout).toMatch(/corrections 200, base imdb only, 2-fold CV/)
  }, 120_000)

  it.runIf(existsSync(shared))(
    'a run on ../shared/datasets rewrites exactly the committed models',
    () => {
      const full = run(shared, join(work, 'full'))
      const committed = (file: string) => readFileSync(join(root, 'src/text/model', file))
      expect(full.zh.equals(committed('zh-sentiment.json'))).toBe(true)
      expect(full.en.equals(committed('en-sentiment.json'))).toBe(true)
      expect(full.stdout).toContain(
        'zh  ChnSentiCorp held-out 10%: n 776, accuracy 86.7%, macro-F1 86.2%, neutral 1.6%',
      )
    },
    180_000,
  )
})
