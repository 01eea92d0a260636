import { readFileSync } from 'node:fs'
import type { SentimentModel } from './sentiment.js'

let model: SentimentModel | null = null

/** The trained Chinese model shipped in the repository (src/text/model/zh-sentiment.json), loaded once. */
export function chineseSentimentModel(): SentimentModel {
  model ??= JSON.parse(
    readFileSync(new URL('./model/zh-sentiment.json', import.meta.url), 'utf8'),
  ) as SentimentModel
  return model
}
