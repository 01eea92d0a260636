import type { Db } from '../db/database.js'
import type { Topic } from './topics.js'
import { findTextConfigJson } from './text.repository.js'
import { TextConfigSchema, type TextConfig } from './text-config.schema.js'

// The schema is browser-safe in text-config.schema.ts (the admin app's types come from it).
export { TextConfigSchema, type TextConfig }

const cache = new Map<string, { at: number; config: TextConfig }>()
const TTL_MS = 30_000

export async function loadTextConfig(db: Db, orgId: string, now: number): Promise<TextConfig> {
  const hit = cache.get(orgId)
  if (hit && now - hit.at < TTL_MS && now >= hit.at) return hit.config
  const config = TextConfigSchema.parse((await findTextConfigJson(db, orgId)) ?? {})
  cache.set(orgId, { at: now, config })
  return config
}

export function forgetTextConfig(orgId: string): void {
  cache.delete(orgId)
}

export function topicsOf(config: TextConfig): Topic[] {
  return config.topics
}
