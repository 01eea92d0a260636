/**
 * An organisation's topic corrections, taught to the topic assignment: each corrected comment is
 * kept as an example (its content words, the topics the agent gave it and the ones the agent took
 * away), and a later comment that says nearly the same — cosine similarity of their content-word
 * sets at least EXAMPLE_SIMILARITY — gets the nearest example's topics added and its removed ones
 * taken away, on top of the keyword taxonomy. So "the rep kept me on hold, then the line dropped",
 * corrected once to "waiting", brings "waiting" to the next comment that says the same in other
 * order, while unrelated comments keep the taxonomy's answer. Pure and deterministic; the
 * background job (text-corrections.service.ts) stores the examples with the organisation's model.
 */

export interface TopicExample {
  /** Content words, sorted and unique. */
  words: string[]
  topics: string[]
  removed: string[]
}

export interface TopicCorrectionDoc {
  tokens: readonly string[]
  topics: readonly string[]
  /** What the analysis had said before the correction. */
  previousTopics: readonly string[]
}

/** How alike a comment must be to a corrected one to take its topics. */
export const EXAMPLE_SIMILARITY = 0.6
/** Examples kept, newest first (a correction repeated later replaces the older one). */
export const MAX_TOPIC_EXAMPLES = 2000

const STOP = new Set(
  'the and for you your our was were are but not with that this have has had they them then than just very really from what when will would could been their there about into out get got its one all any can too also more most some such only own same other who how why where which while well even much many like again once here both each few nor off over under until own 的 了 是 我 你 他 她 它 们 在 和 就 都 也 很 还 又 这 那 吗 吧 啊 呢 着 过 给 让 被 把 对 说 要 会 能 有 没 不'.split(
    ' ',
  ),
)

/** The words that carry content: Chinese of two characters or more, Latin of three letters or more. */
export function contentWords(tokens: readonly string[]): string[] {
  const words = new Set<string>()
  for (const raw of tokens) {
    const token = raw.toLowerCase()
    if (STOP.has(token)) continue
    if (/[\u3400-\u9fff]/.test(token) ? token.length >= 2 : /^[a-z][a-z'-]{2,}$/.test(token))
      words.add(token)
  }
  return [...words].sort()
}

/** The examples to keep from an organisation's topic corrections (newest first). */
export function trainTopicExamples(docs: readonly TopicCorrectionDoc[]): TopicExample[] {
  const examples: TopicExample[] = []
  const seen = new Set<string>()
  for (const doc of docs) {
    const words = contentWords(doc.tokens)
    if (words.length === 0) continue
    const key = words.join(' ')
    if (seen.has(key)) continue
    seen.add(key)
    const topics = [...new Set(doc.topics)]
    examples.push({
      words,
      topics,
      removed: [...new Set(doc.previousTopics)].filter((t) => !topics.includes(t)),
    })
    if (examples.length >= MAX_TOPIC_EXAMPLES) break
  }
  return examples
}

function similarity(a: readonly string[], b: readonly string[]): number {
  let i = 0
  let j = 0
  let shared = 0
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++
      i++
      j++
    } else if (a[i]! < b[j]!) i++
    else j++
  }
  return shared / Math.sqrt(a.length * b.length)
}

/**
 * The topics of a comment after the organisation's examples: the nearest example at least
 * EXAMPLE_SIMILARITY alike adds its topics and takes away the ones its agent removed; topics the
 * organisation no longer has are ignored. In the taxonomy's order.
 */
export function applyTopicExamples(
  found: readonly string[],
  tokens: readonly string[],
  examples: readonly TopicExample[] | undefined,
  order: readonly string[],
): string[] {
  if (!examples || examples.length === 0) return [...found]
  const words = contentWords(tokens)
  if (words.length === 0) return [...found]
  let best: TopicExample | null = null
  let bestScore = EXAMPLE_SIMILARITY
  for (const example of examples) {
    const score = similarity(words, example.words)
    if (score >= bestScore && (best === null || score > bestScore)) {
      best = example
      bestScore = score
    }
  }
  if (!best) return [...found]
  const topics = new Set(found)
  for (const t of best.removed) topics.delete(t)
  for (const t of best.topics) topics.add(t)
  return order.filter((key) => topics.has(key))
}
