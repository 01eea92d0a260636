import { z } from 'zod'

const DateOrDateTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/,
    'must be a date (YYYY-MM-DD) or an ISO 8601 date-time with offset',
  )
  .refine((s) => !Number.isNaN(Date.parse(s)), 'is not a real date')

export const SummaryQuerySchema = z.object({
  from: DateOrDateTime.optional(),
  to: DateOrDateTime.optional(),
  interval: z.enum(['day', 'week', 'month']).default('week'),
  channel: z
    .string()
    .regex(/^[a-z][a-z0-9_-]{0,31}$/)
    .optional(),
  /** A segment field and value, e.g. `region:华东`. */
  segment: z
    .string()
    .regex(/^\p{L}[\p{L}\p{N}_-]{0,39}:.{1,200}$/u, 'must be FIELD:VALUE, e.g. region:华东')
    .transform((s) => ({ field: s.slice(0, s.indexOf(':')), value: s.slice(s.indexOf(':') + 1) }))
    .optional(),
  /** Analysis only: leave out pilot answers (default), analyse only them, or include them. */
  pilot: z.enum(['exclude', 'only', 'include']).default('exclude'),
})
export type SummaryQuery = z.infer<typeof SummaryQuerySchema>
