import { readFileSync } from 'node:fs'
import { Jieba } from '@node-rs/jieba'
import { dict } from '@node-rs/jieba/dict.js'

/**
 * Chinese segmentation with @node-rs/jieba: its default dictionary plus
 * Manyi's customer-service dictionary (domain-dict.txt), and words an
 * organisation adds. One instance per process; loading takes ~150 ms.
 */

let jieba: Jieba | null = null

function instance(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict)
    jieba.loadDict(readFileSync(new URL('./domain-dict.txt', import.meta.url)))
  }
  return jieba
}

/** Add words (e.g. product names, store names) so they are kept whole; "word freq" per line is also accepted. */
export function addUserWords(words: readonly string[]): void {
  const lines = words.map((w) => w.trim()).filter((w) => w && !/\s/.test(w)).map((w) => `${w} 100000`)
  if (lines.length > 0) instance().loadDict(Buffer.from(lines.join('\n')))
}

export function segmentChinese(text: string): string[] {
  return instance().cut(text, true)
}

/** English (and other Latin-script) words, lower-cased, with "n't" kept on its verb. */
export function segmentLatin(text: string): string[] {
  return text.toLowerCase().match(/[a-z]+(?:'[a-z]+)?|[0-9]+/g) ?? []
}

/** Segment mixed text: runs of Han characters through jieba, the rest as Latin words, emoji kept as tokens. */
export function segment(text: string): string[] {
  const tokens: string[] = []
  for (const part of text.match(/[\u3400-\u9fff]+|[A-Za-z0-9']+|\p{Extended_Pictographic}\uFE0F?|[，。！？；、,.!?;:：…~～]/gu) ?? []) {
    if (/[\u3400-\u9fff]/.test(part)) tokens.push(...segmentChinese(part))
    else if (/[A-Za-z0-9]/.test(part)) tokens.push(...segmentLatin(part))
    else tokens.push(part)
  }
  return tokens
}
