import type { OrgScope } from '../db/scope.js'
import type { TtlCache } from '../shared/ttl-cache.js'
import { type OrgSentimentModel, parseOrgModel } from './org-sentiment.js'
import type { Topic } from './topics.js'
import { findTextModel } from './text-corrections.repository.js'
import { findTextConfigJson } from './text.repository.js'
import { TextConfigSchema, type TextConfig } from './text-config.schema.js'

// The schema is browser-safe in text-config.schema.ts (the admin app's types come from it).
export { TextConfigSchema, type TextConfig }

/**
 * The app's text settings by organisation (deps.caches.textConfigs, made in src/server/deps.ts):
 * other instances see a change within its time to live (30 s); this app at once, as the service
 * that saves settings deletes the organisation's entry.
 */
export type TextConfigCache = TtlCache<string, LoadedTextConfig>

/** The settings with the organisation's own sentiment model (learned from its corrections), if any. */
export type LoadedTextConfig = TextConfig & { orgModel?: OrgSentimentModel | null }

/** The organisation's text settings (defaults until saved); from `cache` when given and fresh, else read. */
export async function loadTextConfig(
  scope: OrgScope,
  cache?: TextConfigCache,
): Promise<LoadedTextConfig> {
  const hit = cache?.get(scope.orgId)
  if (hit) return hit
  const config: LoadedTextConfig = TextConfigSchema.parse(
    (await findTextConfigJson(scope.db, scope.orgId)) ?? {},
  )
  const model = await findTextModel(scope.db, scope.orgId)
  // Only set when there is one: the settings read back stay what was saved.
  const orgModel = model ? parseOrgModel(model.model) : null
  if (orgModel) config.orgModel = orgModel
  cache?.set(scope.orgId, config)
  return config
}

export function topicsOf(config: TextConfig): Topic[] {
  return config.topics
}
