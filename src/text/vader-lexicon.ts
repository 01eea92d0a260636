import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

/**
 * The VADER lexicon (Hutto & Gilbert 2014, "VADER: A Parsimonious Rule-based
 * Model for Sentiment Analysis of Social Media Text"; 7,500 English words,
 * emoticons and slang rated −4…+4 by ten raters), read from the npm package
 * vader-sentiment 1.1.3 (Apache-2.0) that ships it. Manyi's own English
 * lexicon is consulted first; VADER fills in the rest, its mean rating
 * halved to Manyi's scale (1 mild, 2 strong).
 */

/** Function words and politeness VADER rates that mislead in complaints ("please refund", "no reply", "pretty slow"). */
const SKIP = new Set(
  'no yes yeah ok okay please help kind like well want top lol sorry free pretty fine sure true wish hope care yay haha hah'.split(
    ' ',
  ),
)

let lexicon: Map<string, number> | null = null

export function vaderLexicon(): ReadonlyMap<string, number> {
  if (lexicon) return lexicon
  const file = createRequire(import.meta.url).resolve('vader-sentiment/vader_lexicon.txt')
  const map = new Map<string, number>()
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [word, mean] = line.split('\t')
    if (!word || mean === undefined || !/^[a-z][a-z'-]*$/.test(word) || SKIP.has(word)) continue
    const rating = Number(mean)
    // Ratings within ±0.5 are near neutral in VADER's own scale; they only add noise here.
    if (Number.isFinite(rating) && Math.abs(rating) >= 0.5)
      map.set(word, Math.round((rating / 2) * 100) / 100)
  }
  lexicon = map
  return map
}
