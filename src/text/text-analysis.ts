import { detectLanguage, normalizeForAnalysis } from './normalize-text.js'
import { segment } from './segmenter.js'
import {
  scoreSentiment,
  NEUTRAL_BAND,
  type SentimentLabel,
  type SentimentModel,
} from './sentiment.js'
import type { TextAnalysis } from './text.schema.js'
export type { TextAnalysis } from './text.schema.js'
import { sentimentModelFor } from './sentiment-model.js'
import { DEFAULT_TOPICS, matchTopics, type Topic } from './topics.js'
import { compileUserWords } from './user-words.js'
import { type OrgSentimentModel, withOrgModel } from './org-sentiment.js'
import { applyTopicExamples } from './org-topics.js'

const EMPTY: TextAnalysis = {
  language: 'none',
  sentiment: 'neutral',
  score: 0,
  topics: [],
  aspects: [],
  truncated: false,
}

/** Tokens back to text: Chinese runs joined directly, Latin words with spaces (so keywords match either way). */
function joinTokens(tokens: readonly string[]): string {
  let text = ''
  for (const token of tokens)
    text += text && /[A-Za-z0-9]$/.test(text) && /^[A-Za-z0-9]/.test(token) ? ` ${token}` : token
  return text
}

function labelOf(score: number): SentimentLabel {
  return Math.abs(score) < NEUTRAL_BAND ? 'neutral' : score > 0 ? 'positive' : 'negative'
}

const NO_WORDS: readonly string[] = []

/** Shipped model plus an organisation's, made once per loaded organisation model. */
const mergedModels = new WeakMap<OrgSentimentModel, Map<SentimentModel, SentimentModel>>()
function merged(shipped: SentimentModel, org: OrgSentimentModel): SentimentModel {
  let byShipped = mergedModels.get(org)
  if (!byShipped) {
    byShipped = new Map()
    mergedModels.set(org, byShipped)
  }
  let model = byShipped.get(shipped)
  if (!model) {
    model = withOrgModel(shipped, org)
    byShipped.set(shipped, model)
  }
  return model
}

/** An organisation's text settings, as analysis uses them (text-config.ts). */
export interface AnalysisSettings {
  topics?: readonly Topic[]
  /** Words kept whole in segmentation. */
  userWords?: readonly string[]
  /** The organisation's own sentiment model, learned from its corrections (org-sentiment.ts). */
  orgModel?: OrgSentimentModel | null
}

export function analyzeText(raw: string, settings: AnalysisSettings = {}): TextAnalysis {
  const topics = settings.topics ?? DEFAULT_TOPICS
  const { text, truncated } = normalizeForAnalysis(raw ?? '')
  if (!text) return EMPTY
  const language = detectLanguage(text)
  const tokens = segment(text, compileUserWords(settings.userWords ?? NO_WORDS))
  const shipped = sentimentModelFor(language)
  const model = shipped && settings.orgModel ? merged(shipped, settings.orgModel) : shipped
  const sentiment = scoreSentiment(text, tokens, model)
  // The keyword taxonomy, then what the organisation's topic corrections taught (org-topics.ts).
  const found = applyTopicExamples(
    matchTopics(text, topics),
    tokens,
    settings.orgModel?.topicExamples,
    topics.map((t) => t.key),
  )
  const aspects = new Map<string, number>()
  for (const clause of sentiment.clauses) {
    if (clause.hits === 0) continue
    const clauseText = joinTokens(clause.tokens)
    for (const topic of matchTopics(clauseText, topics))
      aspects.set(topic, (aspects.get(topic) ?? 0) + clause.score)
  }
  return {
    language,
    sentiment: sentiment.label,
    score: Math.round(sentiment.score * 1000) / 1000,
    topics: found,
    // A clause score of ±1 (one plain opinion word) reads as clearly positive or negative.
    aspects: [...aspects].map(([topic, s]) => {
      const score = Math.round(Math.tanh(s) * 1000) / 1000
      return { topic, sentiment: labelOf(score), score }
    }),
    truncated,
  }
}
