import { z } from 'zod'
import { seededRandom } from '../analytics/seeded-random.js'
import { naiveBayesFeatures, scoreSentiment, type SentimentModel } from './sentiment.js'
import type { TopicExample } from './org-topics.js'
import type { SentimentLabel } from './text.schema.js'

/**
 * An organisation's own sentiment model, learned from its agents' corrections:
 * binarised naive Bayes log ratios over the corrected comments' tokens (the
 * same features as the shipped model), added to the shipped model's weights,
 * so words the organisation's customers use ("改签", "on hold") gain the
 * polarity its agents gave them while everything else keeps the shipped
 * model's. Neutral corrections count in the accuracy figures but teach no
 * polarity. Pure and deterministic; the background job stores the result.
 */

export interface CorrectedDoc {
  text: string
  tokens: string[]
  label: SentimentLabel
}

export interface OrgSentimentModel {
  /** Token → log-ratio added to the shipped model's weight. */
  weights: Record<string, number>
  /** Added to the shipped model's bias: the organisation's share of positive against negative. */
  bias: number
  /** Topic-corrected comments, taught to the topic assignment (org-topics.ts). */
  topicExamples?: TopicExample[]
}

/** How strongly the organisation's evidence counts against the shipped model's. */
const ORG_WEIGHT = 2

export function trainOrgModel(docs: readonly CorrectedDoc[]): OrgSentimentModel {
  const counts = [new Map<string, number>(), new Map<string, number>()]
  const totals = [0, 0]
  const docCounts = [0, 0]
  for (const doc of docs) {
    if (doc.label === 'neutral') continue
    const c = doc.label === 'positive' ? 1 : 0
    docCounts[c]!++
    for (const f of new Set(naiveBayesFeatures(doc.tokens))) {
      counts[c]!.set(f, (counts[c]!.get(f) ?? 0) + 1)
      totals[c]!++
    }
  }
  const vocabulary = new Set([...counts[0]!.keys(), ...counts[1]!.keys()])
  const v = vocabulary.size
  const weights: Record<string, number> = {}
  for (const f of [...vocabulary].sort()) {
    const w =
      Math.log(((counts[1]!.get(f) ?? 0) + 1) / (totals[1]! + v)) -
      Math.log(((counts[0]!.get(f) ?? 0) + 1) / (totals[0]! + v))
    if (Math.abs(w) >= 0.05) weights[f] = Math.round(ORG_WEIGHT * w * 1000) / 1000
  }
  // Half the log prior odds, Laplace-smoothed: a lean, not a verdict.
  const bias = 0.5 * Math.log((docCounts[1]! + 1) / (docCounts[0]! + 1))
  return { weights, bias: Math.round(bias * 1e4) / 1e4 }
}

const OrgModelSchema = z.object({
  weights: z.record(z.string(), z.number()),
  bias: z.number(),
  topicExamples: z
    .array(
      z.object({
        words: z.array(z.string()),
        topics: z.array(z.string()),
        removed: z.array(z.string()),
      }),
    )
    .optional(),
})

/** A stored organisation model; null when the stored text is not one (never a half-read model). */
export function parseOrgModel(json: string): OrgSentimentModel | null {
  try {
    const parsed = OrgModelSchema.safeParse(JSON.parse(json))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}

/** The shipped model with an organisation's model added. */
export function withOrgModel(base: SentimentModel, org: OrgSentimentModel | null): SentimentModel {
  if (!org) return base
  const weights = { ...base.weights }
  for (const [f, w] of Object.entries(org.weights)) weights[f] = (weights[f] ?? 0) + w
  return { ...base, weights, combine: { ...base.combine, bias: base.combine.bias + org.bias } }
}

export interface CorrectionAccuracy {
  /** Corrected comments measured. */
  n: number
  /** Share of them the shipped model labelled as the agents did. */
  before: number
  /** Share labelled as the agents did by a model trained on the other folds (k-fold cross-validation). */
  after: number
  folds: number
}

/**
 * Before/after accuracy on an organisation's corrected comments: before, the shipped model;
 * after, k-fold cross-validated (each comment labelled by a model that never saw it).
 */
export function crossValidatedAccuracy(
  docs: readonly CorrectedDoc[],
  base: (doc: CorrectedDoc) => SentimentModel | null,
  folds = 5,
  seed = 20261126,
): CorrectionAccuracy {
  const n = docs.length
  if (n === 0) return { n: 0, before: 0, after: 0, folds: 0 }
  const k = Math.min(folds, n)
  const order = docs.map((_, i) => i)
  const random = seededRandom(seed)
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }
  const fold = new Array<number>(n)
  order.forEach((docIndex, position) => {
    fold[docIndex] = position % k
  })
  let before = 0
  let after = 0
  for (let f = 0; f < k; f++) {
    const org = trainOrgModel(docs.filter((_, i) => fold[i] !== f))
    docs.forEach((doc, i) => {
      if (fold[i] !== f) return
      const shipped = base(doc)
      if (scoreSentiment(doc.text, doc.tokens, shipped).label === doc.label) before++
      const own = shipped ? withOrgModel(shipped, org) : null
      if (scoreSentiment(doc.text, doc.tokens, own).label === doc.label) after++
    })
  }
  return { n, before: before / n, after: after / n, folds: k }
}
