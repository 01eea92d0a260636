import { z } from 'zod'

// Contact rules on the wire (browser-safe: the admin app's types come from here).

/** Why an invitation was not sent; `quiet_hours` waits, the others are final. */
export const SKIP_REASONS = [
  'capped',
  'opted_out',
  'no_consent',
  'no_address',
  'quiet_hours',
] as const
export type SkipReason = (typeof SKIP_REASONS)[number]

export const ContactRulesSchema = z.object({
  /** No contact or customer asked again within this many days; null = no cap. */
  capDays: z.number().int().nullable(),
  /** HH:MM in the organisation's time zone; both null = no quiet hours. */
  quietFrom: z.string().nullable(),
  quietTo: z.string().nullable(),
  timeZone: z.string(),
})
export type ContactRules = z.infer<typeof ContactRulesSchema>

/** Loose on purpose: the service answers each wrong value with its own code (CONTACT_CAP_INVALID …). */
export const ContactRulesInputSchema = z.object({
  capDays: z.number().nullable(),
  quietFrom: z.string().nullable(),
  quietTo: z.string().nullable(),
})

/** How many invitations of a send were held back, by reason. */
export const SkipCountsSchema = z.object({
  capped: z.number(),
  optedOut: z.number(),
  noConsent: z.number(),
  noAddress: z.number(),
  /** Waiting for the quiet hours to end (sent then). */
  deferred: z.number(),
})
export type SkipCounts = z.infer<typeof SkipCountsSchema>
