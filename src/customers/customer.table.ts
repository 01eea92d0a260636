/** A customer of an organisation (migration 0034). */
export interface CustomerTable {
  id: string
  org_id: string
  /** The unit where the customer was first met; null = the whole organisation. */
  unit_id: string | null
  /** Where the record came from: answer, feedback, transaction, manual. */
  source: string
  /** Set once merged into another customer (whose id this is). */
  merged_into: string | null
  created_at: number
  updated_at: number
  /** When the customer's personal data was erased (migration 0040); null or absent: not erased. */
  erased_at?: number | null
}

/** An identity key of a customer: its value sealed, found by its blind index (migration 0034). */
export interface CustomerKeyTable {
  id: string
  org_id: string
  customer_id: string
  /** phone, email, member, account, external or openid. */
  kind: string
  /** The value's blind index under the current key; the normalised value in a store without keys. */
  lookup: string
  /** The normalised value sealed under the application key; null in a store without keys. */
  value_sealed: string | null
  source: string
  created_at: number
}

/** Something a customer did, by the record's id (migration 0034). */
export interface CustomerLinkTable {
  id: string
  org_id: string
  customer_id: string
  /** answer, feedback, case or invitation. */
  kind: string
  source_id: string
  unit_id: string | null
  occurred_at: number
  /** JSON: facts without personal values (nps, csat, sentiment, status, compensation …). */
  facts: string
}

/** A merge, unmerge or key conflict (migration 0034). */
export interface CustomerEventTable {
  id: string
  org_id: string
  /** The customer kept (merge) or restored (unmerge). */
  customer_id: string
  other_customer_id: string | null
  /** merged, unmerged or conflict. */
  type: string
  /** The rule that merged (null: by hand). */
  rule: string | null
  actor_id: string
  /** JSON: the ids that moved (keys, links, transactions). */
  detail: string
  undone_at: number | null
  created_at: number
}

/** A transaction (migration 0035). */
export interface CustomerTransactionTable {
  id: string
  org_id: string
  customer_id: string
  external_id: string
  occurred_at: number
  amount: number
  is_refund: number
  unit_id: string | null
  channel: string | null
  type: string
  created_at: number
}
