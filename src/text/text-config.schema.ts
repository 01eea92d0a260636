import { z } from 'zod'
import { DEFAULT_TOPICS, TopicSchema } from './topics.js'

/** Browser-safe: an organisation's text settings, its topic taxonomy and extra dictionary words. */
export const TextConfigSchema = z.object({
  topics: z.array(TopicSchema).min(1).max(100).default(DEFAULT_TOPICS),
  /** Words jieba should keep whole (product, store and place names). */
  userWords: z
    .array(z.string().trim().min(1).max(30).regex(/^\S+$/, 'one word, no spaces'))
    .max(5000)
    .default([]),
})
export type TextConfig = z.infer<typeof TextConfigSchema>
