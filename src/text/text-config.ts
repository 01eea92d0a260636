import { z } from 'zod'
import type { Db } from '../db/database.js'
import { DEFAULT_TOPICS, TopicSchema, type Topic } from './topics.js'

/** An organisation's text settings: its topic taxonomy and extra dictionary words. */
export const TextConfigSchema = z.object({
  topics: z.array(TopicSchema).min(1).max(100).default(DEFAULT_TOPICS),
  /** Words jieba should keep whole (product, store and place names). */
  userWords: z
    .array(z.string().trim().min(1).max(30).regex(/^\S+$/, 'one word, no spaces'))
    .max(5000)
    .default([]),
})
export type TextConfig = z.infer<typeof TextConfigSchema>

const cache = new Map<string, { at: number; config: TextConfig }>()
const TTL_MS = 30_000

export async function loadTextConfig(db: Db, orgId: string, now: number): Promise<TextConfig> {
  const hit = cache.get(orgId)
  if (hit && now - hit.at < TTL_MS && now >= hit.at) return hit.config
  const row = await db
    .selectFrom('text_configs')
    .select('config')
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  const config = TextConfigSchema.parse(row ? JSON.parse(row.config) : {})
  cache.set(orgId, { at: now, config })
  return config
}

export function forgetTextConfig(orgId: string): void {
  cache.delete(orgId)
}

export function topicsOf(config: TextConfig): Topic[] {
  return config.topics
}
