import type { Scope } from '../db/scope.js'
import { parseInput } from '../shared/validation.js'
import { listPreferenceRows, upsertPreferenceRow } from './user-preference.repository.js'
import {
  type UserPreferences,
  UserPreferencesBodySchema,
  UserPreferencesSchema,
} from './user-preference.schema.js'

export type { UserPreferences } from './user-preference.schema.js'

/**
 * The actor's preferences in this organisation. A kept value that no longer fits its schema (an
 * older release's, a preset since retired) is left out, so the page falls back to its default
 * instead of failing.
 */
export async function userPreferences(scope: Scope): Promise<UserPreferences> {
  const rows = await listPreferenceRows(scope.db, scope.orgId, scope.actor.id)
  const preferences: Record<string, unknown> = {}
  for (const { key, value } of rows) {
    const field = UserPreferencesSchema.shape[key as keyof UserPreferences]
    if (!field) continue
    try {
      const parsed = field.safeParse(JSON.parse(value))
      if (parsed.success) preferences[key] = parsed.data
    } catch {
      // unreadable JSON: as if never kept
    }
  }
  return preferences as UserPreferences
}

/** Keep the preferences given (every signed-in person may keep their own; no permission needed). */
export async function setUserPreferences(scope: Scope, input: unknown): Promise<UserPreferences> {
  const body = parseInput(UserPreferencesBodySchema, input, 'preferences')
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue
    await upsertPreferenceRow(scope.db, {
      orgId: scope.orgId,
      actorId: scope.actor.id,
      key,
      value: JSON.stringify(value),
      updatedAt: scope.now,
    })
  }
  return userPreferences(scope)
}
