import { readFileSync } from 'node:fs'
import { detectLanguage, normalizeForAnalysis } from '../src/text/normalize-text.js'
import { segment } from '../src/text/segmenter.js'
import { NEUTRAL_BAND, scoreSentiment } from '../src/text/sentiment.js'
import { sentimentModelFor } from '../src/text/sentiment-model.js'
import { analyzeText } from '../src/text/text-analysis.js'
import { binaryMetrics, type BinaryMetrics } from '../src/text/train-sentiment-model.js'

const FIXTURES = new URL('../src/text/__fixtures__/', import.meta.url)

function labelled(file: string): Array<{ label: 0 | 1; text: string }> {
  return readFileSync(new URL(file, FIXTURES), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [label, text] = line.split('\t') as [string, string]
      return { label: label === '1' ? 1 : 0, text }
    })
}

function evaluate(file: string): BinaryMetrics {
  const rows = labelled(file)
  const scores = rows.map(({ text }) => {
    const n = normalizeForAnalysis(text).text
    return scoreSentiment(n, segment(n), sentimentModelFor(detectLanguage(n))).score
  })
  return binaryMetrics(
    rows.map((r) => r.label),
    scores,
    NEUTRAL_BAND,
  )
}

export interface TextBenchResult {
  hotelHeldOut: BinaryMetrics
  sets: Array<{ name: string; metrics: BinaryMetrics }>
  comments: number
  analysisPerSecond: number
  segmentationPerSecond: number
  ratio: number
}

function timed(work: () => void): number {
  const start = performance.now()
  work()
  return (performance.now() - start) / 1000
}

/** Accuracy on the held-out sets, and single-core throughput of sentiment + topics against bare jieba segmentation. */
export function benchText(comments = 100_000): TextBenchResult {
  const sets = [
    ['Chinese service feedback, blind (zh-blind.tsv)', 'zh-blind.tsv'],
    ['Chinese service feedback, development (zh-service-reviews.tsv)', 'zh-service-reviews.tsv'],
    ['English service feedback, blind (en-blind.tsv)', 'en-blind.tsv'],
    ['English service feedback, development (en-service-reviews.tsv)', 'en-service-reviews.tsv'],
  ].map(([name, file]) => ({ name: name!, metrics: evaluate(file!) }))
  const provenance = JSON.parse(
    readFileSync(new URL('../src/text/model/zh-sentiment.json', import.meta.url), 'utf8'),
  ).provenance
  const texts = [
    'zh-blind.tsv',
    'zh-service-reviews.tsv',
    'en-blind.tsv',
    'en-service-reviews.tsv',
  ].flatMap((f) => labelled(f).map((r) => r.text))
  const corpus = Array.from({ length: comments }, (_, i) => texts[i % texts.length]!)
  analyzeText(corpus[0]!)
  // Best of three, each on the same comments.
  const segmentation = Math.min(
    ...[0, 1, 2].map(() => timed(() => corpus.forEach((t) => segment(t)))),
  )
  const analysis = Math.min(
    ...[0, 1, 2].map(() => timed(() => corpus.forEach((t) => analyzeText(t)))),
  )
  return {
    hotelHeldOut: provenance.heldOutHotelTest,
    sets,
    comments,
    analysisPerSecond: comments / analysis,
    segmentationPerSecond: comments / segmentation,
    ratio: segmentation / analysis,
  }
}
