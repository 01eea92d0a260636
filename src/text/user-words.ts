import { normalizeForAnalysis } from './normalize-text.js'

/**
 * An organisation's own dictionary words (product, store and place names),
 * kept whole when its comments are segmented. Applied per call instead of
 * being loaded into the process's shared jieba dictionary, so one
 * organisation's words never change another's segmentation, and every
 * instance applies them from the stored configuration, also after a restart.
 */
export interface UserWords {
  /** Lower-cased first character → the lower-cased words starting with it, longest first. */
  readonly byFirst: ReadonlyMap<string, readonly string[]>
}

export const NO_USER_WORDS: UserWords = { byFirst: new Map() }

const compiled = new WeakMap<readonly string[], UserWords>()

/** Pure (memoised per list): the matcher for a word list, normalised as comments are (traditional → simplified …). */
export function compileUserWords(words: readonly string[]): UserWords {
  const hit = compiled.get(words)
  if (hit) return hit
  const byFirst = new Map<string, string[]>()
  for (const word of new Set(
    words.map((w) => normalizeForAnalysis(w).text.trim().toLowerCase()).filter((w) => w !== ''),
  )) {
    const list = byFirst.get(word[0]!) ?? []
    list.push(word)
    byFirst.set(word[0]!, list)
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.length - a.length)
  const result = { byFirst }
  compiled.set(words, result)
  return result
}

export interface TextPiece {
  text: string
  /** A user word, to be kept as one token. */
  word: boolean
}

const LATIN = /[a-z0-9]/i

/**
 * Split text at the user words it contains, longest match first, left to
 * right; matching ignores case. A word that starts or ends with a Latin letter
 * or digit must not continue a Latin word ("ETC" is not found in "fetch").
 */
export function splitOnUserWords(text: string, userWords: UserWords): TextPiece[] {
  if (userWords.byFirst.size === 0) return [{ text, word: false }]
  const lower = text.toLowerCase()
  const pieces: TextPiece[] = []
  let plainStart = 0
  let i = 0
  while (i < text.length) {
    const length = matchAt(lower, i, userWords)
    if (length === 0) {
      i++
      continue
    }
    if (i > plainStart) pieces.push({ text: text.slice(plainStart, i), word: false })
    pieces.push({ text: text.slice(i, i + length), word: true })
    i += length
    plainStart = i
  }
  if (plainStart < text.length) pieces.push({ text: text.slice(plainStart), word: false })
  return pieces
}

function matchAt(lower: string, at: number, userWords: UserWords): number {
  for (const word of userWords.byFirst.get(lower[at]!) ?? []) {
    if (!lower.startsWith(word, at)) continue
    const end = at + word.length
    if (LATIN.test(word[0]!) && at > 0 && LATIN.test(lower[at - 1]!)) continue
    if (LATIN.test(word[word.length - 1]!) && end < lower.length && LATIN.test(lower[end]!))
      continue
    return word.length
  }
  return 0
}
