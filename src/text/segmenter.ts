import { readFileSync } from 'node:fs'
import { Jieba } from '@node-rs/jieba'
import { dict } from '@node-rs/jieba/dict.js'
import { NO_USER_WORDS, splitOnUserWords, type UserWords } from './user-words.js'

/**
 * Chinese segmentation with @node-rs/jieba: its default dictionary plus
 * Manyi's customer-service dictionary (domain-dict.txt). One instance per
 * process; loading takes ~150 ms. An organisation's own words are applied
 * per call (user-words.ts), never loaded into this shared dictionary.
 */

let jieba: Jieba | null = null

function instance(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict)
    jieba.loadDict(readFileSync(new URL('./domain-dict.txt', import.meta.url)))
  }
  return jieba
}

export function segmentChinese(text: string): string[] {
  return instance().cut(text, true)
}

/** English (and other Latin-script) words, lower-cased, with "n't" kept on its verb. */
export function segmentLatin(text: string): string[] {
  return text.toLowerCase().match(/[a-z]+(?:'[a-z]+)?|[0-9]+/g) ?? []
}

/**
 * Segment mixed text: the organisation's own words kept whole, runs of Han
 * characters through jieba, the rest as Latin words, emoji kept as tokens.
 */
export function segment(text: string, userWords: UserWords = NO_USER_WORDS): string[] {
  const tokens: string[] = []
  for (const piece of splitOnUserWords(text, userWords)) {
    if (piece.word) tokens.push(piece.text.toLowerCase())
    else segmentPlain(piece.text, tokens)
  }
  return tokens
}

function segmentPlain(text: string, tokens: string[]): void {
  for (const part of text.match(
    /[\u3400-\u9fff]+|[A-Za-z0-9']+|\p{Extended_Pictographic}\uFE0F?|[，。！？；、,.!?;:：…~～]/gu,
  ) ?? []) {
    if (/[\u3400-\u9fff]/.test(part)) tokens.push(...segmentChinese(part))
    else if (/[A-Za-z0-9]/.test(part)) tokens.push(...segmentLatin(part))
    else tokens.push(part)
  }
}
