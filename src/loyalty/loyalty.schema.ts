import { z } from 'zod'

/** Loyalty: the programme (tiers, earning, expiry), members' accounts and the points ledger. Browser-safe. */

const EpochMs = z.number().int().min(0)

export const LoyaltyTierSchema = z
  .object({
    code: z.string().regex(/^[a-z0-9_-]{1,30}$/),
    nameZh: z.string().trim().min(1).max(50),
    nameEn: z.string().trim().min(1).max(50),
    /** Points earned in all from which a member holds this tier. */
    minPoints: z.number().int().min(0),
  })
  .strict()

export const LoyaltyProgrammeSchema = z
  .object({
    /** Lowest first; the first starts at 0 points, each later one above the one before. */
    tiers: z
      .array(LoyaltyTierSchema)
      .min(1)
      .max(10)
      .refine((t) => t.length === 0 || t[0]!.minPoints === 0, {
        message: 'the first tier starts at 0 points',
      })
      .refine((t) => t.every((x, i) => i === 0 || x.minPoints > t[i - 1]!.minPoints), {
        message: 'each tier needs more points than the one before',
      })
      .refine((t) => new Set(t.map((x) => x.code)).size === t.length, {
        message: 'each tier has its own code',
      }),
    /** Points per yuan spent (rounded down per purchase; refunds earn none). */
    pointsPerYuan: z.number().min(0).max(1000),
    /** Points for each survey answered. */
    pointsPerFeedback: z.number().int().min(0).max(100_000),
    /** Earned points expire this many days after they were earned; null: never. */
    expiryDays: z.number().int().min(1).max(3650).nullable(),
    /** Purchases and answers from this time on earn points. */
    startsAt: EpochMs,
  })
  .strict()
export type LoyaltyProgramme = z.infer<typeof LoyaltyProgrammeSchema>

export const LOYALTY_ENTRY_KINDS = [
  'purchase',
  'feedback',
  'compensation',
  'adjustment',
  'redemption',
  'expiry',
  /** Points rewarding an adopted suggestion (src/cases), once per suggestion. */
  'reward',
] as const
export type LoyaltyEntryKind = (typeof LOYALTY_ENTRY_KINDS)[number]

export const LoyaltyEntrySchema = z.object({
  id: z.string(),
  kind: z.enum(LOYALTY_ENTRY_KINDS),
  /** Signed: earnings positive, redemptions and expiries negative. */
  points: z.number().int(),
  balanceAfter: z.number().int(),
  expiresAt: EpochMs.nullable(),
  sourceKind: z.string().nullable(),
  sourceId: z.string().nullable(),
  actorId: z.string(),
  note: z.string().nullable(),
  at: EpochMs,
})
export type LoyaltyEntry = z.infer<typeof LoyaltyEntrySchema>

export const LoyaltyAccountSchema = z.object({
  customerId: z.string(),
  balance: z.number().int(),
  /** Points earned in all: what the tier follows. */
  earned: z.number().int(),
  tier: z.string(),
  /** The sum of every ledger entry (always equal to the balance). */
  entriesTotal: z.number().int(),
  /** Newest first, up to 200. */
  entries: z.array(LoyaltyEntrySchema),
})
export type LoyaltyAccount = z.infer<typeof LoyaltyAccountSchema>

export const RedeemInputSchema = z
  .object({
    points: z.number().int().min(1).max(100_000_000),
    /** The caller's id for this redemption: the same id again redeems nothing more. */
    requestId: z.string().min(1).max(100).optional(),
    note: z.string().trim().max(500).optional(),
  })
  .strict()

export const AdjustInputSchema = z
  .object({
    points: z
      .number()
      .int()
      .min(-100_000_000)
      .max(100_000_000)
      .refine((p) => p !== 0, { message: 'not 0' }),
    note: z.string().trim().min(1).max(500),
  })
  .strict()

export const LoyaltyMembersQuerySchema = z
  .object({
    tier: z.string().min(1).max(30).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict()

export const LoyaltyMemberSchema = z.object({
  customerId: z.string(),
  unitId: z.string().nullable(),
  /** The customer's keys (masked unless the reader may see personal data). */
  keys: z.array(z.object({ kind: z.string(), value: z.string() })),
  tier: z.string(),
  balance: z.number().int(),
  earned: z.number().int(),
  updatedAt: EpochMs,
})
export type LoyaltyMember = z.infer<typeof LoyaltyMemberSchema>

export const LoyaltyMembersSchema = z.object({
  /** Highest balance first; only members within the reader's units. */
  members: z.array(LoyaltyMemberSchema),
  /** Accounts per tier code, of the customers within the reader's units. */
  perTier: z.record(z.string(), z.number().int()),
  /** Accounts matching the tier and the reader's units, every page together. */
  total: z.number().int(),
  /** Whether more matching accounts follow this page. */
  more: z.boolean(),
})
export type LoyaltyMembers = z.infer<typeof LoyaltyMembersSchema>

const Interval = z.tuple([z.number(), z.number()]).nullable()

export const TierSatisfactionRowSchema = z.object({
  /** The tier's code; null: customers with no loyalty account (the reference row). */
  tier: z.string().nullable(),
  nameZh: z.string().nullable(),
  nameEn: z.string().nullable(),
  /** Accounts holding the tier, within the reader's units; null for non-members (not counted). */
  members: z.number().int().nullable(),
  /** Of them, customers whose linked answers carry an NPS score (their latest one counts). */
  scored: z.number().int(),
  /** NPS in points of those latest answers, with its adjusted-Wald 95% interval (null below 5). */
  nps: z.number().nullable(),
  npsCi95: Interval,
  /** Mean 0–10 likelihood-to-recommend score with its t 95% interval (null below 5). */
  meanScore: z.number().nullable(),
  meanScoreCi95: Interval,
  /** Mean points per member earned (without hand adjustments) and redeemed; null for non-members. */
  earnedPerMember: z.number().nullable(),
  redeemedPerMember: z.number().nullable(),
})
export type TierSatisfactionRow = z.infer<typeof TierSatisfactionRowSchema>

export const TierSatisfactionSchema = z.object({
  /** The programme's tiers lowest first (then any tier no longer in it), then non-members. */
  rows: z.array(TierSatisfactionRowSchema),
})
export type TierSatisfaction = z.infer<typeof TierSatisfactionSchema>
