/** An organisation's loyalty programme: tiers and earning, redemption and expiry rules (migration 0039). */
export interface LoyaltyProgrammeTable {
  org_id: string
  /** JSON: LoyaltyProgramme (loyalty.schema.ts). */
  config: string
  updated_at: number
}

/** A member's points account (migration 0039); balance = the sum of its ledger entries. */
export interface LoyaltyAccountTable {
  org_id: string
  customer_id: string
  balance: number
  /** Points earned in all (never lowered by redemption or expiry): what the tier follows. */
  earned: number
  tier: string
  /** Bumped by every ledger write: the first statement of each write, so writes to one account queue. */
  version: number
  updated_at: number
}

/** One entry of the points ledger (migration 0039). */
export interface LoyaltyEntryTable {
  id: string
  org_id: string
  customer_id: string
  /** purchase, feedback, compensation, adjustment, redemption or expiry. */
  kind: string
  /** Signed: earnings positive, redemptions and expiries negative. */
  points: number
  balance_after: number
  /** When earned points expire (earnings only). */
  expires_at: number | null
  /** The record that earned or spent them: transaction, feedback, compensation, redemption … */
  source_kind: string | null
  source_id: string | null
  actor_id: string
  note: string | null
  created_at: number
}
