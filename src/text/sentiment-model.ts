import { readFileSync } from 'node:fs'
import { z } from 'zod'
import type { SentimentModel } from './sentiment.js'

/** What the shipped model file must hold (its provenance and scores may say more). */
const SentimentModelSchema = z.looseObject({
  weights: z.record(z.string(), z.number()),
  prior: z.number(),
  combine: z.object({ bias: z.number(), nb: z.number(), lexicon: z.number() }),
})

let model: SentimentModel | null = null

/** The trained Chinese model shipped in the repository (src/text/model/zh-sentiment.json), loaded once. */
export function chineseSentimentModel(): SentimentModel {
  model ??= SentimentModelSchema.parse(
    JSON.parse(readFileSync(new URL('./model/zh-sentiment.json', import.meta.url), 'utf8')),
  )
  return model
}
