import { performance } from 'node:perf_hooks'
import { analyzeKeyDrivers } from '../src/analytics/key-drivers.js'
import { correlationMatrix } from '../src/analytics/matrix.js'
import { estimatePlsModel, type PlsModel } from '../src/analytics/pls-path-model.js'
import { seededRandom } from '../src/analytics/seeded-random.js'

export interface TimedComparison {
  label: string
  seconds: number
  baselineSeconds: number
  ratio: number
}

function normalSampler(seed: number): () => number {
  const random = seededRandom(seed)
  return () =>
    Math.sqrt(-2 * Math.log(Math.max(random(), 1e-12))) * Math.cos(2 * Math.PI * random())
}

const toScale = (v: number) => Math.min(10, Math.max(1, Math.round(7 + 1.5 * v)))

/** ECSI-shaped synthetic answers: 7 constructs, 24 indicators on 1–10, the mobi paths. */
export function syntheticEcsi(rows: number): {
  model: PlsModel
  columns: Record<string, Float64Array>
} {
  const normal = normalSampler(11)
  const blocks: Record<string, number> = {
    Image: 5,
    Expectation: 3,
    Quality: 7,
    Value: 2,
    Satisfaction: 3,
    Complaints: 1,
    Loyalty: 3,
  }
  const constructs = Object.fromEntries(
    Object.entries(blocks).map(([name, k]) => [
      name,
      Array.from({ length: k }, (_, i) => `${name.slice(0, 4).toUpperCase()}${i + 1}`),
    ]),
  )
  const columns = Object.fromEntries(
    Object.values(constructs)
      .flat()
      .map((name) => [name, new Float64Array(rows)]),
  )
  for (let r = 0; r < rows; r++) {
    const image = normal()
    const expectation = 0.5 * image + 0.87 * normal()
    const quality = 0.55 * expectation + 0.83 * normal()
    const value = 0.05 * expectation + 0.55 * quality + 0.8 * normal()
    const satisfaction =
      0.18 * image + 0.06 * expectation + 0.5 * quality + 0.2 * value + 0.56 * normal()
    const complaints = 0.5 * satisfaction + 0.85 * normal()
    const loyalty = 0.2 * image + 0.5 * satisfaction + 0.07 * complaints + 0.73 * normal()
    const lv: Record<string, number> = {
      Image: image,
      Expectation: expectation,
      Quality: quality,
      Value: value,
      Satisfaction: satisfaction,
      Complaints: complaints,
      Loyalty: loyalty,
    }
    for (const [name, items] of Object.entries(constructs))
      for (const item of items) columns[item]![r] = toScale(0.8 * lv[name]! + 0.6 * normal())
  }
  const paths = [
    ['Image', 'Expectation'],
    ['Image', 'Satisfaction'],
    ['Image', 'Loyalty'],
    ['Expectation', 'Quality'],
    ['Expectation', 'Value'],
    ['Expectation', 'Satisfaction'],
    ['Quality', 'Value'],
    ['Quality', 'Satisfaction'],
    ['Value', 'Satisfaction'],
    ['Satisfaction', 'Complaints'],
    ['Satisfaction', 'Loyalty'],
    ['Complaints', 'Loyalty'],
  ].map(([from, to]) => ({ from: from!, to: to! }))
  return { model: { constructs, paths }, columns }
}

function best(runs: number, run: () => void): number {
  let fastest = Infinity
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    run()
    fastest = Math.min(fastest, performance.now() - t0)
  }
  return fastest / 1000
}

/**
 * Baseline for both: the correlation matrix of the same columns, the one pass
 * over the data that any estimator needs. The ratio is the method's own cost.
 */
export function benchAnalytics(rows: number): TimedComparison[] {
  const { model, columns } = syntheticEcsi(rows)
  const arrays = Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, Array.from(v)]))
  const indicators = Object.values(model.constructs).flat()
  const plsSeconds = best(3, () => estimatePlsModel(model, arrays, { scheme: 'path' }))
  const plsBaseline = best(3, () => correlationMatrix(indicators.map((i) => arrays[i]!)))

  const normal = normalSampler(5)
  const predictors = Object.fromEntries(
    Array.from({ length: 14 }, (_, j) => [`X${j + 1}`, new Array<number>(rows)]),
  )
  const outcome = new Array<number>(rows)
  for (let r = 0; r < rows; r++) {
    const common = normal()
    let y = 0
    Object.values(predictors).forEach((column, j) => {
      column[r] = toScale(0.6 * common + 0.8 * normal())
      y += (j + 1) * 0.02 * column[r]!
    })
    outcome[r] = y + normal()
  }
  const driversSeconds = best(3, () => analyzeKeyDrivers(outcome, predictors, 'shapley'))
  const driversBaseline = best(3, () => correlationMatrix([outcome, ...Object.values(predictors)]))
  return [
    {
      label: `PLS-PM, ${rows.toLocaleString('en')} × 24, path scheme`,
      seconds: plsSeconds,
      baselineSeconds: plsBaseline,
      ratio: plsSeconds / plsBaseline,
    },
    {
      label: `Shapley drivers, ${rows.toLocaleString('en')} × 14`,
      seconds: driversSeconds,
      baselineSeconds: driversBaseline,
      ratio: driversSeconds / driversBaseline,
    },
  ]
}
