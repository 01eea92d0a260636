import { z } from 'zod'
import { DateRangeSchema } from '../shared/date-range-preset.js'

/** Browser-safe: what a person keeps between visits, per organisation (migration 0025). */
export const UserPreferencesSchema = z.object({
  /** The period shared by the dashboard, complaints, text insights and home pages. */
  dateRange: DateRangeSchema.optional(),
})
export type UserPreferences = z.infer<typeof UserPreferencesSchema>

/** PUT /api/v1/me/preferences: the preferences given replace those kept; others stay. */
export const UserPreferencesBodySchema = UserPreferencesSchema.strict()
