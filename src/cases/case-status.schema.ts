import { z } from 'zod'

/**
 * The public case status lookup's inputs and the staff's view of a case's key. Browser-safe: the
 * routes, the API docs and the admin app read these.
 */

/** The number as printed (C-000042) or its digits; the key as given to the customer. */
export const CaseStatusQuerySchema = z.object({
  number: z
    .string()
    .trim()
    .regex(/^(C-?)?\d{1,9}$/i, 'a case number such as C-000042'),
  key: z.string().trim().min(1).max(40),
})

export const CaseStatusKeySchema = z.object({
  number: z.string(),
  key: z.string(),
  /** The public lookup page of the organisation. */
  url: z.string(),
})
export type CaseStatusKeyWire = z.infer<typeof CaseStatusKeySchema>
