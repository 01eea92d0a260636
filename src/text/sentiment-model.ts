import { readFileSync } from 'node:fs'
import { z } from 'zod'
import type { SentimentModel } from './sentiment.js'
import type { Language } from './text.schema.js'

/** What a shipped model file must hold (its provenance and scores may say more). */
export const SentimentModelSchema = z.looseObject({
  weights: z.record(z.string(), z.number()),
  prior: z.number(),
  combine: z.object({ bias: z.number(), nb: z.number(), lexicon: z.number() }),
})

const models = new Map<string, SentimentModel>()

function load(file: string): SentimentModel {
  let model = models.get(file)
  if (!model) {
    model = SentimentModelSchema.parse(
      JSON.parse(readFileSync(new URL(`./model/${file}`, import.meta.url), 'utf8')),
    )
    models.set(file, model)
  }
  return model
}

/** The trained Chinese model shipped in the repository (src/text/model/zh-sentiment.json), loaded once. */
export function chineseSentimentModel(): SentimentModel {
  return load('zh-sentiment.json')
}

/** The trained English model shipped in the repository (src/text/model/en-sentiment.json), loaded once. */
export function englishSentimentModel(): SentimentModel {
  return load('en-sentiment.json')
}

/** The shipped model for a text's language; none for text without words. */
export function sentimentModelFor(language: Language): SentimentModel | null {
  if (language === 'zh' || language === 'mixed') return chineseSentimentModel()
  if (language === 'en') return englishSentimentModel()
  return null
}
