/**
 * Reproducible training and evaluation of Manyi's sentiment models.
 *
 *   npm run train:sentiment [-- --data ../shared/datasets]
 *
 * Chinese: ChnSentiCorp hotel reviews (label 1 positive / 0 negative), folded
 * to Simplified, segmented with jieba, split 80/10/10 (seed 20261123): naive
 * Bayes on the 80%, the NB/lexicon combination on 10%, the last 10% reported.
 * English: the UCI "Sentiment Labelled Sentences" (Kotzias et al. 2015, CC BY
 * 4.0): trained on Amazon and Yelp (80/10/10 the same way), reported on IMDb,
 * which it never sees. Then the effect of an organisation's corrections on a
 * domain the base model never saw: a base trained on Amazon alone, and 0, 200
 * or 1,000 corrected sentences drawn from Yelp and IMDb, measured on a fixed
 * 1,000 other Yelp/IMDb sentences. Writes src/text/model/{zh,en}-sentiment.json
 * (the models and their measured scores) and prints the figures
 * bench/RESULTS.md reports. Only the models are kept in the repository, never
 * the data. Deterministic: the same data gives byte-identical files.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { seededRandom } from '../src/analytics/seeded-random.js'
import { normalizeForAnalysis } from '../src/text/normalize-text.js'
import { trainOrgModel, withOrgModel } from '../src/text/org-sentiment.js'
import { segment } from '../src/text/segmenter.js'
import { type SentimentModel, scoreSentiment } from '../src/text/sentiment.js'
import {
  fitCombination,
  type LabelledDoc,
  strictMetrics,
  stratifiedSplit,
  trainNaiveBayes,
} from '../src/text/train-sentiment-model.js'

const SEED = 20261123
const option = (name: string) => {
  const at = process.argv.indexOf(name)
  return at > 0 ? process.argv[at + 1] : undefined
}
const dataDir = option('--data') ?? '../shared/datasets'
const outDir = option('--out') ?? new URL('../src/text/model/', import.meta.url).pathname
const zhEvalFile = option('--zh-eval')
const ZH_FILE = `${dataDir}/zh-hotel-reviews/ChnSentiCorp_htl_all.csv`
const EN_DIR = `${dataDir}/en-labelled-sentences`

const toDoc = (label: 0 | 1, raw: string): LabelledDoc => {
  const text = normalizeForAnalysis(raw).text
  return { label, text, tokens: segment(text) }
}

type Verdict = 'positive' | 'neutral' | 'negative'

function metrics(gold: ReadonlyArray<0 | 1>, labels: readonly Verdict[]) {
  const m = strictMetrics(gold, labels)
  const r = (x: number) => Math.round(x * 1e4) / 1e4
  return { n: m.n, accuracy: r(m.accuracy), macroF1: r(m.macroF1), neutral: r(m.neutral) }
}

const verdicts = (docs: readonly LabelledDoc[], model: SentimentModel | null) =>
  docs.map((d) => scoreSentiment(d.text, d.tokens, model).label)

const evaluate = (docs: readonly LabelledDoc[], model: SentimentModel | null) =>
  metrics(
    docs.map((d) => d.label),
    verdicts(docs, model),
  )

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed)
  const order = [...items]
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }
  return order
}

/**
 * Accuracy of a base model plus `n` corrections on texts of a new domain, 2-fold
 * cross-validated: the pool is shuffled and halved; each half is scored by the base
 * plus the first `n` texts of the other half, learned as the product learns an
 * organisation's corrections (org-sentiment.ts). Every text is scored once, never by
 * a model that learned it.
 */
function correctionEffect(base: SentimentModel, pool: readonly LabelledDoc[], n: number) {
  const order = shuffled(pool, SEED)
  const folds = [order.filter((_, i) => i % 2 === 0), order.filter((_, i) => i % 2 === 1)]
  const gold: Array<0 | 1> = []
  const labels: Verdict[] = []
  folds.forEach((testFold, f) => {
    const corrections = folds[1 - f]!.slice(0, n).map((d) => ({
      text: d.text,
      tokens: d.tokens,
      label: d.label === 1 ? ('positive' as const) : ('negative' as const),
    }))
    const model = n === 0 ? base : withOrgModel(base, trainOrgModel(corrections))
    gold.push(...testFold.map((d) => d.label))
    labels.push(...verdicts(testFold, model))
  })
  return metrics(gold, labels)
}

function train(docs: readonly LabelledDoc[]) {
  const split = stratifiedSplit(docs, SEED)
  const nb = trainNaiveBayes(split.train)
  const combine = fitCombination(split.dev, nb)
  return { split, model: { ...nb, combine } as SentimentModel }
}

function save(file: string, provenance: Record<string, unknown>, model: SentimentModel) {
  const output = {
    provenance,
    prior: Math.round(model.prior * 1e4) / 1e4,
    combine: model.combine,
    weights: model.weights,
  }
  writeFileSync(join(outDir, file), `${JSON.stringify(output)}\n`)
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`
const line = (name: string, m: ReturnType<typeof evaluate>) =>
  console.log(
    `${name}: n ${m.n}, accuracy ${pct(m.accuracy)}, macro-F1 ${pct(m.macroF1)}, neutral ${pct(m.neutral)}`,
  )

// Chinese
const readZh = (file: string) =>
  (
    parse(readFileSync(file, 'utf8'), {
      columns: true,
      skip_empty_lines: true,
    }) as Array<{ label: string; review: string }>
  )
    .filter((r) => (r.label === '0' || r.label === '1') && r.review?.trim())
    .map((r) => toDoc(Number(r.label) as 0 | 1, r.review))
const zhDocs = readZh(ZH_FILE)
const zh = train(zhDocs)
const zhTest = evaluate(zh.split.test, zh.model)
save(
  'zh-sentiment.json',
  {
    data: 'ChnSentiCorp_htl_all (Tan Songbo), via SophonPlus/ChineseNlpCorpus a0b781d72158bde242c0626c9e354d2b328865ff',
    rows: zhDocs.length,
    split: {
      seed: SEED,
      train: zh.split.train.length,
      dev: zh.split.dev.length,
      test: zh.split.test.length,
    },
    method:
      'binarised multinomial naive Bayes with negation marking, Laplace smoothing, min count 3; logistic combination with the Manyi lexicon fitted on the dev split',
    heldOutHotelTest: zhTest,
  },
  zh.model,
)
line('zh  ChnSentiCorp held-out 10%', zhTest)
if (zhEvalFile) {
  const other = readZh(zhEvalFile)
  line(`zh  ${zhEvalFile} (never trained on), model`, evaluate(other, zh.model))
  line(`zh  ${zhEvalFile}, lexicon alone`, evaluate(other, null))
  // Corrections from the same new domain: as many as half the file allows.
  for (const n of [0, 200, 1000].filter((k) => k <= other.length / 2))
    line(
      `zh  corrections ${n}, base hotels, 2-fold CV on ${zhEvalFile}`,
      correctionEffect(zh.model, other, n),
    )
}

// English
const readEn = (file: string) =>
  readFileSync(`${EN_DIR}/${file}`, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /\t[01]$/.test(l))
    .map((l) => toDoc(l.endsWith('1') ? 1 : 0, l.slice(0, -2)))
const amazon = readEn('amazon_cells_labelled.txt')
const yelp = readEn('yelp_labelled.txt')
const imdb = readEn('imdb_labelled.txt')
const en = train([...amazon, ...yelp])
const enTest = evaluate(en.split.test, en.model)
const enImdb = evaluate(imdb, en.model)
const enLexiconImdb = evaluate(imdb, null)
save(
  'en-sentiment.json',
  {
    data: 'UCI Sentiment Labelled Sentences (Kotzias, Denil, de Freitas, Smyth, KDD 2015; CC BY 4.0): amazon_cells_labelled + yelp_labelled',
    rows: amazon.length + yelp.length,
    split: {
      seed: SEED,
      train: en.split.train.length,
      dev: en.split.dev.length,
      test: en.split.test.length,
    },
    method:
      'binarised multinomial naive Bayes with negation marking, Laplace smoothing, min count 3; logistic combination with the Manyi lexicon (own words, then VADER) fitted on the dev split',
    heldOutTest: enTest,
    unseenImdb: enImdb,
  },
  en.model,
)
line('en  Amazon+Yelp held-out 10%', enTest)
line('en  IMDb (never trained on), model', enImdb)
line('en  IMDb, lexicon alone', enLexiconImdb)

// Every rotation: train on two sources, report on the third.
const sources = { amazon, yelp, imdb }
for (const [heldOut, docs] of Object.entries(sources)) {
  const trainedOn = Object.keys(sources).filter((k) => k !== heldOut)
  const model = train(trainedOn.flatMap((k) => sources[k as keyof typeof sources])).model
  line(
    `en  rotation: trained on ${trainedOn.join('+')}, ${heldOut} (never trained on)`,
    evaluate(docs, model),
  )
}

// Corrections on a new domain: a base trained on one source; the organisation
// corrects sentences of the other two. 2-fold cross-validation over those
// 2,000 sentences: each fold is scored by the base plus corrections drawn only
// from the other fold, so every sentence is scored once and never by a model
// that learned it.
for (const [baseName, baseDocs] of Object.entries(sources)) {
  const pool = Object.entries(sources)
    .filter(([k]) => k !== baseName)
    .flatMap(([, d]) => d)
  for (const n of [0, 200, 1000])
    line(
      `en  corrections ${n}, base ${baseName} only, 2-fold CV on the other two`,
      correctionEffect(train(baseDocs).model, pool, n),
    )
}
