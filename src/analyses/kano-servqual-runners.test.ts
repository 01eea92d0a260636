import { describe, expect, it } from 'vitest'
import { readJsonFixture, readNumericCsv } from '../analytics/__fixtures__/read-fixture.js'
import type { Table } from '../tabular/tabular.service.js'
import type { AnalyzeOptions } from './analysis-options.js'
import { kano } from './kano-runner.js'
import { expandPartCells } from './part-cells.js'
import { servqual } from './scale-runners.js'

// The Kano method on aggregated counts and the SERVQUAL method on Manyi's own two-part cells and
// per segment, checked against the reference numbers of src/analytics (kano_reference.json,
// servqual_reference.json).

const options = (o: Partial<AnalyzeOptions>) => ({ input: 'test', ...o }) as AnalyzeOptions
const kanoRef = readJsonFixture('kano_reference.json')
const servqualRef = readJsonFixture('servqual_reference.json')

type Feature = Record<string, unknown> & { feature: string; continuous?: unknown }
const run = (table: Table, o: Partial<AnalyzeOptions>) =>
  kano(table, options(o), {}) as { features: Feature[] }

describe('Kano on aggregated counts', () => {
  it('gives the stp25kano worked example’s published figures from a counts table (Chinese headings)', () => {
    const names = Object.keys(kanoRef.stp25kano_example)
    const table: Table = {
      file: 'kano-counts.csv',
      headers: ['属性', '魅力', '期望', '必备', '无差异', '反向', '可疑'],
      rows: names.map((name) => {
        const p = kanoRef.stp25kano_example[name].published
        return [name, p.A, p.O, p.M, p.I, p.R, p.Q].map(String)
      }),
    }
    const { features } = run(table, {})
    expect(features.map((f) => f.feature)).toEqual(names)
    features.forEach((f, i) => {
      const { published, computed } = kanoRef.stp25kano_example[names[i]!]
      expect(f.n).toBe(computed.N)
      expect(f.better).toBeCloseTo(computed.better, 12)
      expect(f.worse).toBeCloseTo(computed.worse, 12)
      expect(f.chiSquare).toBeCloseTo(computed.chi2_MOAI_uniform, 10)
      expect(f.modalCategory).toBe(published.pub_max_category)
      expect(f.category).toBe(published.pub_MOAI_rule)
    })
  })

  it('gives the same result as the raw answer pairs they count (but for the DuMouchel point)', () => {
    const example = kanoRef.synthetic_pairs_example
    const pairs: Table = {
      file: 'pairs.csv',
      headers: ['wifi_f', 'wifi_d'],
      rows: example.pairs.map((p: { f: string; d: string }) => [p.f, p.d]),
    }
    const fromPairs = run(pairs, { pairs: 'wifi_f:wifi_d' }).features[0]!
    const c = example.category_counts
    const counts: Table = {
      file: 'counts.csv',
      headers: ['attribute', 'A', 'O', 'M', 'I', 'R', 'Q'],
      rows: [['wifi', c.A, c.O, c.M, c.I, c.R, c.Q].map(String)],
    }
    const fromCounts = run(counts, { counts: 'attribute' }).features[0]!
    const { continuous, ...withoutPoint } = fromPairs
    expect(continuous).toBeDefined()
    expect(fromCounts).toEqual(withoutPoint)
    expect(fromCounts.counts).toEqual(example.category_counts)
  })

  it('refuses a count that is not a whole number, and a table without the four core categories', () => {
    const bad: Table = {
      file: 'c.csv',
      headers: ['attribute', 'A', 'O', 'M', 'I'],
      rows: [['wifi', '3', '2.5', '1', '0']],
    }
    expect(() => run(bad, {})).toThrow(expect.objectContaining({ code: 'VALUE_OUT_OF_RANGE' }))
    const partial: Table = { file: 'c.csv', headers: ['attribute', 'A', 'O'], rows: [] }
    expect(() => run(partial, { counts: 'attribute' })).toThrow(
      expect.objectContaining({ code: 'COLUMN_NOT_FOUND' }),
    )
  })
})

describe('SERVQUAL on two-part cells and per segment', () => {
  const e = readNumericCsv('servqual_synthetic_expectations.csv')
  const p = readNumericCsv('servqual_synthetic_perceptions.csv')
  const items = Array.from({ length: 22 }, (_, i) => `Q${i + 1}`)
  const stores = ['南京路', '南京路', '南京路', '西湖', '西湖', '西湖']
  // Manyi's export: one cell per SERVQUAL question, "expectation=7; perception=5".
  const exported: Table = expandPartCells({
    file: 'survey-servqual-responses.csv',
    headers: ['门店', ...items.map((q) => `服务项目 ${q} [${q}]`)],
    rows: stores.map((store, r) => [
      store,
      ...items.map((q) => `expectation=${e[q]![r]}; perception=${p[q]![r]}`),
    ]),
  })
  type Gaps = {
    n: number
    unweighted: number
    dimensions: Array<{ dimension: string; gap: number }>
    items: Array<{ item: string; dimension: string }>
  }

  it('reads the split cells as items, each in its 22-item dimension, with the reference gaps', () => {
    const result = servqual(exported, options({}), {}) as Gaps
    expect(result.n).toBe(6)
    expect(result.items[0]).toMatchObject({ item: '服务项目 Q1 [Q1]', dimension: 'tangibles' })
    expect(result.unweighted).toBeCloseTo(servqualRef.unweighted_servqual, 12)
    for (const d of result.dimensions)
      expect(d.gap).toBeCloseTo(servqualRef.dimension_gap[d.dimension], 12)
  })

  it('gives each store the gaps of its own rows (--by)', () => {
    const result = servqual(exported, options({ by: '门店' }), {}) as Gaps & {
      segments: Array<Gaps & { segment: string }>
    }
    expect(result).toMatchObject({ n: 6, segmentColumn: '门店' })
    expect(result.segments.map((s) => [s.segment, s.n])).toEqual([
      ['南京路', 3],
      ['西湖', 3],
    ])
    // The same gaps as the prefix layout (E_Q1, P_Q1) of that store's rows alone.
    stores.forEach((store, first) => {
      if (stores.indexOf(store) !== first) return
      const rows = stores.flatMap((s, r) => (s === store ? [r] : []))
      const prefixed: Table = {
        file: 'prefixed.csv',
        headers: [...items.map((q) => `E_${q}`), ...items.map((q) => `P_${q}`)],
        rows: rows.map((r) => [
          ...items.map((q) => String(e[q]![r])),
          ...items.map((q) => String(p[q]![r])),
        ]),
      }
      const alone = servqual(prefixed, options({}), {}) as Gaps
      const segment = result.segments.find((s) => s.segment === store)!
      expect(segment.unweighted).toBeCloseTo(alone.unweighted, 12)
      expect(segment.dimensions.map((d) => d.gap)).toEqual(alone.dimensions.map((d) => d.gap))
    })
  })
})
