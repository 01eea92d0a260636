import {
  EMOJI_POLARITY,
  EN_CONTRAST,
  EN_DEGREE,
  EN_EXPECTED_ACTIONS,
  EN_IDIOMS,
  EN_NEGATIVE,
  EN_NEGATORS,
  EN_POSITIVE,
  EN_COMPLAINTS,
  EN_SARCASM,
  ZH_CONTRAST,
  ZH_DEGREE,
  ZH_EXPECTED_ACTIONS,
  ZH_IDIOMS,
  ZH_NEGATIVE,
  ZH_NEGATORS,
  ZH_POSITIVE,
  ZH_COMPLAINTS,
} from './sentiment-lexicon.js'
import { segment } from './segmenter.js'
import { vaderLexicon } from './vader-lexicon.js'

/**
 * Sentiment of customer comments: a lexicon with negation, degree adverbs,
 * contrast and emoji, clause by clause (Taboada et al. 2011), combined for
 * Chinese with a naive Bayes model trained on labelled reviews (see
 * scripts/train-sentiment.ts). Pure: tokens and a model in, scores out.
 */

import type { SentimentLabel } from './text.schema.js'
export type { SentimentLabel } from './text.schema.js'

export interface SentimentModel {
  /** Token → log P(token | positive) − log P(token | negative), Laplace-smoothed. */
  weights: Record<string, number>
  /** log P(positive) − log P(negative) on the training data. */
  prior: number
  /** Logistic combination: P(positive) = σ(bias + nb·NB + lexicon·L). */
  combine: { bias: number; nb: number; lexicon: number }
}

/** "Although X": X is conceded, not the verdict. */
const CONCESSIVE = new Set(['虽然', '虽', '尽管', '虽说', 'although', 'though'])

const CLAUSE_END = new Set([
  '，',
  '。',
  '！',
  '？',
  '；',
  ',',
  '.',
  '!',
  '?',
  ';',
  '…',
  '~',
  '～',
  '、',
  ':',
  '：',
])
const WINDOW = 3

export interface Clause {
  tokens: string[]
  /** Lexicon score of the clause, contrast weighting applied. */
  score: number
  /** How many sentiment-bearing words or emoji it has. */
  hits: number
  /** The part of the score from courtesy words (thanks, 谢谢). */
  polite: number
}

/** Split tokens into clauses at punctuation and before contrast words (which start a new clause). */
export function splitClauses(tokens: readonly string[]): string[][] {
  const clauses: string[][] = [[]]
  for (const token of tokens) {
    if (CLAUSE_END.has(token)) {
      if (clauses.at(-1)!.length > 0) clauses.push([])
      continue
    }
    if (
      (ZH_CONTRAST.has(token) || EN_CONTRAST.has(token) || CONCESSIVE.has(token)) &&
      clauses.at(-1)!.length > 0
    )
      clauses.push([])
    clauses.at(-1)!.push(token)
  }
  return clauses.filter((c) => c.length > 0)
}

function lookup(token: string): number | null {
  const zh =
    ZH_POSITIVE.get(token) ?? (ZH_NEGATIVE.has(token) ? -ZH_NEGATIVE.get(token)! : undefined)
  if (zh !== undefined) return zh
  const en =
    EN_POSITIVE.get(token) ?? (EN_NEGATIVE.has(token) ? -EN_NEGATIVE.get(token)! : undefined)
  if (en !== undefined) return en
  const emoji = EMOJI_POLARITY.get(token)
  if (emoji !== undefined) return emoji
  if (!/^[a-z]/.test(token) || EN_NEGATORS.has(token) || EN_DEGREE.has(token)) return null
  return vaderLexicon().get(token) ?? null
}

/** Courtesy that closes a complaint as often as it praises ("Thanks, still no refund"). */
const POLITENESS = new Set([
  'thanks',
  'thank',
  'appreciate',
  'appreciated',
  'grateful',
  '谢谢',
  '感谢',
])

/** A possessive between a negator and a word ends the negator's reach: "NOT your terrible service". */
const NEGATION_BLOCKERS = new Set(['your', 'their', 'his', 'her', 'our'])

/**
 * A token jieba kept whole though it is a modifier plus a sentiment word
 * (太慢, 不好, 很差): split into the modifier's effect and the word's polarity.
 */
function compound(token: string): { polarity: number; degree: number; negated: boolean } | null {
  for (let cut = 1; cut <= 2 && cut < token.length; cut++) {
    const head = token.slice(0, cut)
    const rest = lookup(token.slice(cut))
    if (rest === null) continue
    if (ZH_NEGATORS.has(head)) return { polarity: rest, degree: 1, negated: true }
    const degree = ZH_DEGREE.get(head)
    if (degree !== undefined) return { polarity: rest, degree, negated: false }
  }
  return null
}

const AMOUNT = /^[一二两三四五六七八九十半几\d]/

/** An expected service action under a negator ("没到", "never came"): a failure, scored as a mild negative. */
function failedAction(
  tokens: readonly string[],
  i: number,
): { polarity: number; degree: number; negated: boolean } | null {
  const token = tokens[i]!
  const expected =
    ZH_EXPECTED_ACTIONS.has(token) ||
    EN_EXPECTED_ACTIONS.has(token) ||
    (token.length >= 2 && ZH_NEGATORS.has(token[0]!) && ZH_EXPECTED_ACTIONS.has(token.slice(1)))
  // 到 before an amount is "reaching" it, not an arrival: "没到十分钟就修好了" praises.
  if (!expected || (token.endsWith('到') && AMOUNT.test(tokens[i + 1] ?? ''))) return null
  const inlineNegation = !ZH_EXPECTED_ACTIONS.has(token) && !EN_EXPECTED_ACTIONS.has(token)
  return inlineNegation || negatedBefore(tokens, i)
    ? { polarity: -1, degree: 1, negated: false }
    : null
}

/**
 * A negator within WINDOW tokens before position i, with no opinion word between: the negator of
 * "一点也不后悔来这里" belongs to 后悔, not to 来.
 */
function negatedBefore(tokens: readonly string[], i: number): boolean {
  for (let j = i - 1; j >= Math.max(0, i - WINDOW); j--) {
    const before = tokens[j]!
    if (isNegator(before)) return true
    if (lookup(before) !== null) return false
  }
  return false
}

/**
 * The opinion word a negator at position i scopes over: the first lexicon word within WINDOW
 * tokens in the same clause, past degree words and fillers ("没有让人失望", "没那么好",
 * "not very satisfied"); none if the clause ends, a possessive or another negator comes first.
 */
export function negatedOpinion(tokens: readonly string[], i: number): number | null {
  for (let k = i + 1; k <= Math.min(tokens.length - 1, i + WINDOW); k++) {
    const token = tokens[k]!
    if (CLAUSE_END.has(token) || NEGATION_BLOCKERS.has(token) || isNegator(token)) return null
    if (token === '好' && k + 1 < tokens.length && lookup(tokens[k + 1]!) !== null) continue
    if (lookup(token) !== null) return k
  }
  return null
}

function degreeOf(token: string): number | undefined {
  return ZH_DEGREE.get(token) ?? EN_DEGREE.get(token)
}

function isNegator(token: string): boolean {
  return ZH_NEGATORS.has(token) || EN_NEGATORS.has(token) || token.endsWith("n't")
}

/** Score one clause: each sentiment word times the degree adverbs and negators just before it. */
function scoreClause(tokens: readonly string[]): { score: number; hits: number; polite: number } {
  let score = 0
  let hits = 0
  let polite = 0
  tokens.forEach((token, i) => {
    let polarity = lookup(token)
    let degree = 1
    let negated = false
    if (polarity === null) {
      const failure = compound(token) ? null : failedAction(tokens, i)
      if (failure) {
        score += failure.polarity
        hits++
        return
      }
      const parts = compound(token)
      if (!parts) return
      ;({ polarity, degree, negated } = parts)
    }
    // 好 before a sentiment word is a degree adverb (好快), not praise.
    if (token === '好' && i + 1 < tokens.length && lookup(tokens[i + 1]!) !== null) return
    for (let j = i - 1; j >= Math.max(0, i - WINDOW); j--) {
      const before = tokens[j]!
      if (NEGATION_BLOCKERS.has(before)) break
      if (lookup(before) !== null && before !== '好') break
      const d = degreeOf(before)
      if (d !== undefined) degree *= d
      else if (isNegator(before)) negated = !negated
    }
    // "Not very good" is mildly negative, not strongly: negation dampens as it flips (Taboada et al. 2011, shift negation).
    const value = negated ? -polarity * 0.8 * Math.min(degree, 1.5) : polarity * degree
    if (POLITENESS.has(token) && !negated) polite += value
    score += value
    hits++
  })
  return { score, hits, polite }
}

/** Clause scores with contrast: before "但是 / but" counts half, after it one and a half. */
export function scoreClauses(tokens: readonly string[]): Clause[] {
  const split = splitClauses(tokens)
  const weights = contrastWeights(split)
  return split.map((c, i) => {
    const { score, hits, polite } = scoreClause(c)
    return { tokens: c, score: score * weights[i]!, hits, polite: polite * weights[i]! }
  })
}

const PATTERNS = [...EN_IDIOMS, ...EN_SARCASM, ...EN_COMPLAINTS, ...ZH_IDIOMS, ...ZH_COMPLAINTS]

function idiomScore(text: string): number {
  let score = 0
  for (const [pattern, value] of PATTERNS) if (pattern.test(text)) score += value
  return score
}

/** Laughter and filler repeated carry no complaint ("哈哈哈", "lol lol"). */
const NOT_INSISTENCE = /^(?:[哈呵嘿嘻啊哦嗯噢额.·…!！?？~～\s]+|(?:ha|he|lol|hi)+\s*)$/i

/**
 * The same words three times in a row ("退钱！退钱！退钱！", "refund refund refund"): insistence,
 * which doubles what the words say, and on words with no opinion of their own is a demand, i.e.
 * a complaint. Returns the unit repeated, or null.
 */
export function repeatedUnit(text: string): string | null {
  const m = /(\S.{0,14}?)[\s，,。.!！?？~～、]*\1[\s，,。.!！?？~～、]*\1/u.exec(text)
  if (!m) return null
  const unit = m[1]!.trim()
  if (unit.length < 2 && !/[\u3400-\u9fff]/.test(unit)) return null
  if (NOT_INSISTENCE.test(unit) || /^(.)\1*$/u.test(unit.replace(/\s/g, ''))) {
    // A single repeated character counts only when it is itself an opinion (差差差, 赞赞赞).
    return lookup(unit[0]!) !== null ? unit : null
  }
  return unit
}

const REPEAT_DEMAND = -1.5

/** The lexicon's verdict on a whole text. */
export function lexiconScore(
  text: string,
  tokens: readonly string[],
): { score: number; hits: number; clauses: Clause[] } {
  const clauses = scoreClauses(tokens)
  const idioms = idiomScore(text)
  let score = clauses.reduce((s, c) => s + c.score, 0) + idioms
  let hits = clauses.reduce((s, c) => s + c.hits, 0) + (idioms !== 0 ? 1 : 0)
  // Courtesy in a text that also complains is not praise.
  const polite = clauses.reduce((s, c) => s + c.polite, 0)
  const complains = idioms < 0 || clauses.some((c) => c.score - c.polite < 0)
  if (complains && polite > 0) score -= polite
  const unit = repeatedUnit(text)
  if (unit) {
    const own = scoreClauses(segment(unit)).reduce((s, c) => s + c.score, 0)
    score += own !== 0 ? own : REPEAT_DEMAND
    hits++
  }
  return { score, hits, clauses }
}

/**
 * Naive Bayes features: tokens, with those in a negator's scope marked ("NOT_好"), punctuation
 * dropped; the next two tokens are marked (Das & Chen 2001). A Chinese negator that reaches an
 * opinion word (negatedOpinion) marks that word alone and drops the function words jieba cut
 * between them: "没有让人失望" is NOT_失望, not the NOT_人 of "没有人理" (a complaint). English keeps
 * the two-token mark: after "don't" or "can't" the next words ("see", "bother", "believe") are
 * what is negated, and VADER's broad word list would end the scope on them (marked like Chinese,
 * IMDb lost 1.0 point; bench/RESULTS.md, 2026-11-28 "negated opinion words").
 */
export function naiveBayesFeatures(tokens: readonly string[]): string[] {
  const features: string[] = []
  let scope = 0
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!
    if (CLAUSE_END.has(token)) {
      scope = 0
      continue
    }
    // The negator itself is not a feature: in hotel reviews "不太" mostly says "not too far", which would leak.
    if (isNegator(token)) {
      const opinion = negatedOpinion(tokens, i)
      if (opinion !== null && ZH_NEGATORS.has(token)) {
        features.push(`NOT_${tokens[opinion]}`)
        i = opinion
        scope = 0
      } else scope = 2
      continue
    }
    features.push(scope > 0 ? `NOT_${token}` : token)
    if (scope > 0) scope--
  }
  return features
}

/** Clause weights of the contrast rule: before "但是 / but" ×0.5, the clause it opens ×1.5, else 1. */
export function contrastWeights(clauses: ReadonlyArray<readonly string[]>): number[] {
  const weights = clauses.map(() => 1)
  clauses.forEach((clause, i) => {
    const first = clause[0]!
    if (ZH_CONTRAST.has(first) || (EN_CONTRAST.has(first) && !CONCESSIVE.has(first))) {
      weights[i]! *= 1.5
      for (let j = 0; j < i; j++) weights[j]! *= 0.5
    }
    if (CONCESSIVE.has(first)) weights[i]! *= 0.5
  })
  return weights
}

/** The naive Bayes log-odds, clause by clause with the same contrast weights as the lexicon. */
export function naiveBayesScore(
  tokens: readonly string[],
  model: Pick<SentimentModel, 'weights'>,
): { score: number; known: number } {
  const clauses = splitClauses(tokens)
  const weights = contrastWeights(clauses)
  let score = 0
  let known = 0
  clauses.forEach((clause, i) => {
    for (const feature of new Set(naiveBayesFeatures(clause))) {
      const w = model.weights[feature]
      if (w !== undefined) {
        score += w * weights[i]!
        known++
      }
    }
  })
  return { score, known }
}

export interface SentimentResult {
  label: SentimentLabel
  /** −1 (negative) … +1 (positive): 2·P(positive) − 1. */
  score: number
  clauses: Clause[]
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x))
/**
 * A text with an opinion word, idiom or complaint pattern is labelled by the sign of its score;
 * only a text with none of them is neutral, unless the trained model alone is at least this sure
 * (|2p − 1|): a customer's words the lexicon does not know can still carry a verdict.
 */
export const NEUTRAL_BAND = 0.15
export const MODEL_ONLY_BAND = 0.25
const QUESTION = /[?？]\s*$|[吗呢]\s*$|^\s*(请问|问一下|想问|咨询)/

/** No trained model for the language: the lexicon alone, with this slope. */
const LEXICON_SLOPE = 1.5

export function scoreSentiment(
  text: string,
  tokens: readonly string[],
  model: SentimentModel | null,
): SentimentResult {
  const lexicon = lexiconScore(text, tokens)
  let p: number
  let known = 0
  if (model) {
    const nb = naiveBayesScore(tokens, model)
    known = nb.known
    p = sigmoid(
      model.combine.bias + model.combine.nb * nb.score + model.combine.lexicon * lexicon.score,
    )
  } else {
    p = sigmoid(LEXICON_SLOPE * lexicon.score)
  }
  // A question with no opinion word asks; the model's lean on its words is no verdict.
  const asks = lexicon.hits === 0 && QUESTION.test(text)
  const score = lexicon.hits + known === 0 || asks ? 0 : 2 * p - 1
  return { label: labelFor(score, lexicon.hits, lexicon.score), score, clauses: lexicon.clauses }
}

/** Neutral only when the text carries no evaluation (see NEUTRAL_BAND). */
export function labelFor(score: number, lexiconHits: number, lexiconScore: number): SentimentLabel {
  if (lexiconHits > 0) {
    const sign = score !== 0 ? Math.sign(score) : Math.sign(lexiconScore)
    return sign > 0 ? 'positive' : sign < 0 ? 'negative' : 'neutral'
  }
  return Math.abs(score) < MODEL_ONLY_BAND ? 'neutral' : score > 0 ? 'positive' : 'negative'
}
