import { z } from 'zod'

/** Saved customer segments on the wire (browser-safe). */

export const CustomerSegmentInputSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    /** Customers first met in this unit or the units below it; null: any unit. */
    unitId: z.string().min(1).nullable(),
    /** Loyalty tier codes: members hold one of them; []: any tier. */
    tiers: z
      .array(z.string().regex(/^[a-z0-9_-]{1,30}$/))
      .max(10)
      .default([]),
  })
  .strict()
  .refine((s) => s.unitId !== null || s.tiers.length > 0, {
    message: 'a segment names a unit, a loyalty tier or both',
    path: ['unitId'],
  })
export type CustomerSegmentInput = z.input<typeof CustomerSegmentInputSchema>

export const CustomerSegmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  unitId: z.string().nullable(),
  tiers: z.array(z.string()),
  /** Members reachable by phone or e-mail now. */
  members: z.number().int(),
  createdAt: z.number().int(),
})
export type CustomerSegment = z.infer<typeof CustomerSegmentSchema>
export const CustomerSegmentListSchema = z.object({ segments: z.array(CustomerSegmentSchema) })
