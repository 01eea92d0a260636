import { z } from 'zod'

// Consent per purpose (issue 18): the one definition for the API, its OpenAPI document and the
// admin app's customer page.

export const CONSENT_PURPOSES = ['survey_invitation', 'service', 'marketing'] as const
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number]

export const ConsentInputSchema = z.object({
  granted: z.boolean(),
  /** Where the customer said so: manual, hotline, unsubscribe page … */
  source: z.string().trim().min(1, 'must not be empty').max(64).default('manual'),
})

export const ConsentSchema = z.object({
  purpose: z.enum(CONSENT_PURPOSES),
  granted: z.boolean(),
  source: z.string(),
  recordedAt: z.string(),
})
export type Consent = z.infer<typeof ConsentSchema>
export const ConsentListSchema = z.object({ consents: z.array(ConsentSchema) })
