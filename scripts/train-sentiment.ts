/**
 * Reproducible training of Manyi's Chinese sentiment model.
 *
 *   npm run train:sentiment [-- --data ../shared/datasets/zh-hotel-reviews/ChnSentiCorp_htl_all.csv]
 *
 * Reads ChnSentiCorp hotel reviews (label 1 positive / 0 negative), folds to
 * Simplified, segments with jieba, splits 80/10/10 (seed 20261123), trains
 * naive Bayes on the 80%, fits the NB/lexicon combination on 10%, reports the
 * last 10% (never seen), and writes src/text/model/zh-sentiment.json. Only the
 * model is kept in the repository, never the data.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { normalizeForAnalysis } from '../src/text/normalize-text.js'
import { segment } from '../src/text/segmenter.js'
import { NEUTRAL_BAND, scoreSentiment } from '../src/text/sentiment.js'
import {
  binaryMetrics,
  fitCombination,
  stratifiedSplit,
  trainNaiveBayes,
  type LabelledDoc,
} from '../src/text/train-sentiment-model.js'

const SEED = 20261123
const dataArg = process.argv.indexOf('--data')
const dataPath =
  dataArg > 0
    ? process.argv[dataArg + 1]!
    : '../shared/datasets/zh-hotel-reviews/ChnSentiCorp_htl_all.csv'
const raw = readFileSync(dataPath, 'utf8')
const rows = parse(raw, { columns: true, skip_empty_lines: true }) as Array<{
  label: string
  review: string
}>
const docs: LabelledDoc[] = rows
  .filter((r) => (r.label === '0' || r.label === '1') && r.review?.trim())
  .map((r) => {
    const text = normalizeForAnalysis(r.review).text
    return { label: Number(r.label) as 0 | 1, text, tokens: segment(text) }
  })
const split = stratifiedSplit(docs, SEED)
const nb = trainNaiveBayes(split.train)
const combine = fitCombination(split.dev, nb)
const model = { ...nb, combine }
const scores = split.test.map((d) => scoreSentiment(d.text, d.tokens, true, model).score)
const metrics = binaryMetrics(
  split.test.map((d) => d.label),
  scores,
  NEUTRAL_BAND,
)
const output = {
  provenance: {
    data: 'ChnSentiCorp_htl_all (Tan Songbo), via SophonPlus/ChineseNlpCorpus a0b781d72158bde242c0626c9e354d2b328865ff',
    rows: docs.length,
    split: {
      seed: SEED,
      train: split.train.length,
      dev: split.dev.length,
      test: split.test.length,
    },
    method:
      'binarised multinomial naive Bayes with negation marking, Laplace smoothing, min count 3; logistic combination with the Manyi lexicon fitted on the dev split',
    heldOutHotelTest: metrics,
  },
  prior: Math.round(model.prior * 1e4) / 1e4,
  combine,
  weights: model.weights,
}
writeFileSync(
  new URL('../src/text/model/zh-sentiment.json', import.meta.url),
  `${JSON.stringify(output)}\n`,
)
console.log(
  `trained on ${split.train.length}, combined on ${split.dev.length}, tested on ${split.test.length}: accuracy ${(100 * metrics.accuracy).toFixed(1)}%, macro-F1 ${(100 * metrics.macroF1).toFixed(1)}%; ${Object.keys(model.weights).length} features; combine ${JSON.stringify(combine)}`,
)
