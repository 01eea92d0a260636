import { recordAudit } from '../audit/audit.service.js'
import type { Db } from '../db/database.js'
import { isRecordWithinUnits, type Scope } from '../db/scope.js'
import { mergeLoyaltyAccounts, unmergeLoyaltyAccounts } from '../loyalty/loyalty-merge.service.js'
import { maskPersonal, seesPersonalData } from '../personal-data/personal-view.service.js'
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseStoredJson } from '../shared/stored-json.js'
import { parseInput } from '../shared/validation.js'
import {
  keyLookups,
  type NormalKey,
  normaliseKey,
  normaliseKeys,
  openKey,
  sealedKey,
} from './customer-keys.js'
import {
  type CustomerEventRow,
  type CustomerKeyRow,
  type CustomerRow,
  customersByIds,
  findCustomerAnyOrg,
  findEvent,
  insertCustomer,
  insertCustomers,
  insertEvent,
  insertKey,
  insertKeys,
  keysByLookup,
  keysOfCustomers,
  markEventUndone,
  moveOwned,
  ownedIds,
  setMergedInto,
} from './customer.repository.js'
import { keepingCohortCells } from './cohort-cells.service.js'
import { retryOnLockConflict } from '../db/lock-conflict.js'
import { keysByLookups } from './customer-lookup.repository.js'
import {
  CUSTOMER_KEY_KINDS,
  type CustomerEvent,
  CustomerInputSchema,
  CustomerKeyInputSchema,
  type CustomerKeyKind,
  type CustomerRecord,
  CustomerSearchQuerySchema,
  MergeInputSchema,
  UnmergeInputSchema,
} from './customer.schema.js'
import { z } from 'zod'

// The customer master: customers found by their identity keys, created on first sight, merged by
// rule or by hand (and unmerged), every merge kept in customer_events and the audit log.

/** Who acts for the intake (answers, feedback, imports matched on arrival). */
export const CUSTOMER_SYSTEM_ACTOR = {
  type: 'system',
  id: 'customer-matching',
  role: 'admin',
} as const

/** Kinds in the order they decide which customer a record belongs to when keys disagree. */
const KIND_PRIORITY: readonly CustomerKeyKind[] = [
  'account',
  'member',
  'external',
  'openid',
  'phone',
  'email',
]

/** The context of matching: the store (or transaction), organisation, actor and time. */
export type MatchScope = Pick<Scope, 'db' | 'orgId' | 'actor' | 'now'>

export interface MatchResult {
  customerId: string
  created: boolean
  /** Customers merged into this one by the same-arrival rule. */
  merged: string[]
  /** Keys left off because another customer holds them and a merge was refused (conflict). */
  conflict: boolean
}

/** The customers holding each of these keys (key index → customer id), in one query. */
async function holders(
  db: Db,
  orgId: string,
  keys: readonly NormalKey[],
): Promise<Array<CustomerKeyRow | undefined>> {
  const wanted = keys.map((key) => ({ kind: key.kind, lookups: keyLookups(db, key) }))
  const rows = await keysByLookups(db, orgId, wanted)
  return wanted.map((w) => rows.find((r) => r.kind === w.kind && w.lookups.includes(r.lookup)))
}

async function addKeys(
  db: Db,
  orgId: string,
  customerId: string,
  keys: readonly NormalKey[],
  source: string,
  now: number,
): Promise<void> {
  for (const key of keys) {
    await insertKey(db, {
      id: newId(now),
      org_id: orgId,
      customer_id: customerId,
      kind: key.kind,
      ...sealedKey(db, key),
      source,
      created_at: now,
    })
  }
}

/**
 * The holder of each key, asked per kind with one `lookup in (…)` on the unique index: the OR of
 * a few hundred (kind, lookups) pairs that holders() asks for is read by SQLite as a scan of every
 * key, which grew with each round of new customers: 20,000 new customers took 46.6 s, 5.9 s
 * asked per kind (self-made keys, a busy shared machine).
 */
async function holdersByKind(
  db: Db,
  orgId: string,
  keys: readonly NormalKey[],
): Promise<Array<CustomerKeyRow | undefined>> {
  const lookupsOf = keys.map((key) => keyLookups(db, key))
  const byKind = new Map<string, string[]>()
  keys.forEach((key, i) =>
    byKind.set(key.kind, [...(byKind.get(key.kind) ?? []), ...lookupsOf[i]!]),
  )
  const held = new Map<string, CustomerKeyRow>()
  for (const [kind, lookups] of byKind)
    for (const row of await keysByLookup(db, orgId, kind, lookups))
      held.set(`${kind}\u0000${row.lookup}`, row)
  return keys.map((key, i) =>
    lookupsOf[i]!.map((lookup) => held.get(`${key.kind}\u0000${lookup}`)).find((row) => row),
  )
}

/** Keys looked up and customers created per round in matchOrCreateEach. */
const EACH_BATCH = 250

/**
 * The customer of each key, created when no customer holds it: matchOrCreate for many single keys
 * at once (a transaction file's new customers, moved in by one transaction), a lookup and two
 * multi-row inserts per EACH_BATCH keys instead of several statements per customer. The keys are
 * distinct; one key never names two customers, so no merge can arise. Run inside the caller's
 * transaction.
 */
export async function matchOrCreateEach(
  scope: MatchScope,
  items: readonly { key: NormalKey; unitId: string | null }[],
  source: string,
): Promise<Array<{ customerId: string; created: boolean }>> {
  const { db, orgId, now } = scope
  const result: Array<{ customerId: string; created: boolean }> = []
  for (let i = 0; i < items.length; i += EACH_BATCH) {
    const batch = items.slice(i, i + EACH_BATCH)
    const held = await holdersByKind(
      db,
      orgId,
      batch.map((b) => b.key),
    )
    const customers: CustomerRow[] = []
    const keys: CustomerKeyRow[] = []
    for (const [j, { key, unitId }] of batch.entries()) {
      const holder = held[j]
      if (holder) {
        result.push({ customerId: holder.customer_id, created: false })
        continue
      }
      const id = newId(now)
      customers.push({
        id,
        org_id: orgId,
        unit_id: unitId,
        source,
        merged_into: null,
        created_at: now,
        updated_at: now,
      })
      keys.push({
        id: newId(now),
        org_id: orgId,
        customer_id: id,
        kind: key.kind,
        ...sealedKey(db, key),
        source,
        created_at: now,
      })
      result.push({ customerId: id, created: true })
    }
    await insertCustomers(db, customers)
    await insertKeys(db, keys)
  }
  return result
}

/** Whether two customers hold different values of a kind a customer has one of (account, member, openid). */
function conflictingKinds(a: readonly CustomerKeyRow[], b: readonly CustomerKeyRow[]): boolean {
  for (const kind of ['account', 'member', 'openid'] as const) {
    const left = a.filter((k) => k.kind === kind)
    const right = b.filter((k) => k.kind === kind)
    if (left.length > 0 && right.length > 0) return true
  }
  return false
}

/**
 * Find the customer these keys name, or create one; keys it lacks are added. Run inside the
 * caller's transaction. When the keys name two or more customers (a phone known on one, an
 * account on another, now arriving together), the same-arrival rule merges them into the oldest —
 * unless both hold an account, member number or openid (two different ones: two people sharing a
 * phone), which is a conflict: recorded as a customer event, the record goes to the customer of
 * the highest-priority key (account, member, external, openid, phone, e-mail) and no key moves.
 */
export async function matchOrCreate(
  scope: MatchScope,
  keys: readonly NormalKey[],
  options: { unitId: string | null; source: string; create?: boolean },
): Promise<MatchResult | null> {
  if (keys.length === 0) return null
  const { db, orgId, now } = scope
  const held = await holders(db, orgId, keys)
  const ids = [...new Set(held.flatMap((k) => (k ? [k.customer_id] : [])))]
  if (ids.length === 0) {
    if (options.create === false) return null
    const id = newId(now)
    await insertCustomer(db, {
      id,
      org_id: orgId,
      unit_id: options.unitId,
      source: options.source,
      merged_into: null,
      created_at: now,
      updated_at: now,
    })
    await addKeys(db, orgId, id, keys, options.source, now)
    return { customerId: id, created: true, merged: [], conflict: false }
  }
  const missing = keys.filter((_, i) => held[i] === undefined)
  if (ids.length === 1) {
    await addKeys(db, orgId, ids[0]!, missing, options.source, now)
    return { customerId: ids[0]!, created: false, merged: [], conflict: false }
  }
  const customers = (await customersByIds(db, orgId, ids)).sort(
    (a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : 1),
  )
  const target = customers[0]!
  const allKeys = await keysOfCustomers(db, orgId, ids)
  const keysOf = (id: string) => allKeys.filter((k) => k.customer_id === id)
  const conflict = customers.slice(1).some((c) => conflictingKinds(keysOf(target.id), keysOf(c.id)))
  if (conflict) {
    const ranked = KIND_PRIORITY.flatMap((kind) =>
      held.flatMap((k, i) => (k && keys[i]!.kind === kind ? [k.customer_id] : [])),
    )
    const chosen = ranked[0]!
    await insertEvent(db, {
      id: newId(now),
      org_id: orgId,
      customer_id: chosen,
      other_customer_id: ids.find((id) => id !== chosen) ?? null,
      type: 'conflict',
      rule: 'same-arrival',
      actor_id: scope.actor.id,
      detail: JSON.stringify({ customers: ids, kinds: keys.map((k) => k.kind) }),
      undone_at: null,
      created_at: now,
    })
    return { customerId: chosen, created: false, merged: [], conflict: true }
  }
  for (const source of customers.slice(1)) await mergeRows(scope, target, source, 'same-arrival')
  await addKeys(db, orgId, target.id, missing, options.source, now)
  return {
    customerId: target.id,
    created: false,
    merged: customers.slice(1).map((c) => c.id),
    conflict: false,
  }
}

const MergeDetailSchema = z.object({
  keys: z.array(z.string()),
  links: z.array(z.string()),
  transactions: z.array(z.string()),
  /** Points ledger entries moved with the merge (merges before loyalty accounts moved have none). */
  loyaltyEntries: z.array(z.string()).default([]),
})

/** Moves everything of `source` to `target`, marks `source` merged; the event keeps what moved. */
async function mergeRows(
  scope: MatchScope,
  target: CustomerRow,
  source: CustomerRow,
  rule: string | null,
): Promise<CustomerEventRow> {
  const { db, orgId, now } = scope
  const detail = {
    keys: await ownedIds(db, 'customer_keys', orgId, source.id),
    links: await ownedIds(db, 'customer_links', orgId, source.id),
    transactions: await ownedIds(db, 'customer_transactions', orgId, source.id),
  }
  await moveOwned(db, 'customer_keys', orgId, detail.keys, source.id, target.id)
  await moveOwned(db, 'customer_links', orgId, detail.links, source.id, target.id)
  // The merged customer's purchases join the kept one's history; the merged one stops counting.
  const loyaltyEntries = await keepingCohortCells(
    db,
    orgId,
    now,
    [source.id, target.id],
    async () => {
      await moveOwned(db, 'customer_transactions', orgId, detail.transactions, source.id, target.id)
      const entries = await mergeLoyaltyAccounts(db, orgId, source.id, target.id, now)
      await setMergedInto(db, orgId, source.id, target.id, now)
      return entries
    },
  )
  const event: CustomerEventRow = {
    id: newId(now),
    org_id: orgId,
    customer_id: target.id,
    other_customer_id: source.id,
    type: 'merged',
    rule,
    actor_id: scope.actor.id,
    detail: JSON.stringify({ ...detail, loyaltyEntries }),
    undone_at: null,
    created_at: now,
  }
  await insertEvent(db, event)
  await recordAudit(db, scope, {
    action: 'customer.merge',
    entity: 'customer',
    entityId: target.id,
    detail: {
      sourceId: source.id,
      rule,
      keys: detail.keys.length,
      links: detail.links.length,
      transactions: detail.transactions.length,
      loyaltyEntries: loyaltyEntries.length,
    },
  })
  return event
}

function notFound(id: string): NotFoundError {
  return new NotFoundError('CUSTOMER_NOT_FOUND', `No customer ${id}.`, [
    { path: 'id', reason: 'unknown customer' },
  ])
}

/** A customer of the scope's organisation within its units, or 404. */
async function loadCustomer(scope: Scope, db: Db, id: string): Promise<CustomerRow> {
  const [row] = await customersByIds(db, scope.orgId, [id])
  if (!row || !isRecordWithinUnits(scope, row.unit_id)) throw notFound(id)
  return row
}

function eventOf(row: CustomerEventRow): CustomerEvent {
  return {
    id: row.id,
    type: row.type as CustomerEvent['type'],
    customerId: row.customer_id,
    otherCustomerId: row.other_customer_id,
    rule: row.rule,
    actorId: row.actor_id,
    undone: row.undone_at !== null,
    createdAt: row.created_at,
  }
}

/** Customers with their keys (in full with personal-data:read, else masked). */
export async function customerRecords(
  scope: Scope,
  db: Db,
  rows: readonly CustomerRow[],
): Promise<CustomerRecord[]> {
  const keys = await keysOfCustomers(
    db,
    scope.orgId,
    rows.map((r) => r.id),
  )
  const full = seesPersonalData(scope.actor)
  return rows.map((row) => ({
    id: row.id,
    unitId: row.unit_id,
    source: row.source,
    mergedInto: row.merged_into,
    createdAt: row.created_at,
    keys: keys
      .filter((k) => k.customer_id === row.id)
      .map((k) => {
        const value = openKey(db, k)
        return {
          id: k.id,
          kind: k.kind as CustomerKeyKind,
          value: full ? value : maskKey(k.kind as CustomerKeyKind, value),
          source: k.source,
          createdAt: k.created_at,
        }
      }),
  }))
}

/** Phones and e-mails masked as elsewhere; other keys keep their last four characters. */
export function maskKey(kind: CustomerKeyKind, value: string): string {
  if (kind === 'phone') return maskPersonal('phone', value) ?? '****'
  if (kind === 'email') return maskPersonal('email', value) ?? '****'
  return value.length > 4
    ? `${'*'.repeat(Math.min(value.length - 4, 8))}${value.slice(-4)}`
    : '****'
}

/** Create a customer by hand; a key another customer holds is refused (CUSTOMER_KEY_CONFLICT). */
export async function createCustomer(scope: Scope, input: unknown): Promise<CustomerRecord> {
  const body = parseInput(CustomerInputSchema, input)
  const keys = normaliseKeys(body.keys)
  const unitId = body.unitId ?? scope.units?.[0] ?? null
  if (!isRecordWithinUnits(scope, unitId))
    throw new ValidationError('CUSTOMER_UNIT_OUTSIDE', 'The unit is outside your units.', [
      { path: 'unitId', reason: 'outside the caller’s units' },
    ])
  return scope.db.transaction().execute(async (trx) => {
    const held = await holders(trx, scope.orgId, keys)
    const taken = held.findIndex((k) => k !== undefined)
    if (taken >= 0) throw keyConflict(`keys.${taken}`, held[taken]!.customer_id)
    const result = await matchOrCreate({ ...scope, db: trx }, keys, { unitId, source: 'manual' })
    const rows = await customersByIds(trx, scope.orgId, [result!.customerId])
    await recordAudit(trx, scope, {
      action: 'customer.create',
      entity: 'customer',
      entityId: result!.customerId,
    })
    return (await customerRecords(scope, trx, rows))[0]!
  })
}

function keyConflict(path: string, holder: string): ConflictError {
  return new ConflictError(
    'CUSTOMER_KEY_CONFLICT',
    'Another customer holds this key: merge the two customers instead.',
    [{ path, reason: 'held by another customer' }],
    { customerId: holder },
  )
}

/** Add a key to a customer by hand: refused when another customer holds it. */
export async function addCustomerKey(
  scope: Scope,
  customerId: string,
  input: unknown,
): Promise<CustomerRecord> {
  const body = parseInput(CustomerKeyInputSchema, input)
  const [key] = normaliseKeys([body], 'key')
  return scope.db.transaction().execute(async (trx) => {
    const customer = await loadCustomer(scope, trx, customerId)
    if (customer.merged_into !== null) throw mergedAlready(customer.id)
    const [holder] = await holders(trx, scope.orgId, [key!])
    if (holder && holder.customer_id !== customer.id) throw keyConflict('value', holder.customer_id)
    if (!holder) await addKeys(trx, scope.orgId, customer.id, [key!], 'manual', scope.now)
    await recordAudit(trx, scope, {
      action: 'customer.key.add',
      entity: 'customer',
      entityId: customer.id,
      detail: { kind: key!.kind },
    })
    return (await customerRecords(scope, trx, [customer]))[0]!
  })
}

function mergedAlready(id: string): ConflictError {
  return new ConflictError('CUSTOMER_MERGE_INVALID', 'This customer was merged into another.', [
    { path: 'id', reason: `customer ${id} is merged` },
  ])
}

/**
 * Merge `sourceId` into `targetId` by hand: the source's keys, linked records, transactions and
 * points ledger (balance, points earned and tier recomputed from the entries) move to the target, the source is kept (merged_into) so the merge can be undone. A customer of
 * another organisation is refused (CUSTOMER_MERGE_ACROSS_ORGANISATIONS), as are a customer with
 * itself and one merged already (CUSTOMER_MERGE_INVALID).
 */
export async function mergeCustomers(
  scope: Scope,
  targetId: string,
  input: unknown,
): Promise<{ event: CustomerEvent; customer: CustomerRecord }> {
  const { sourceId } = parseInput(MergeInputSchema, input)
  return retryOnLockConflict(() =>
    scope.db.transaction().execute(async (trx) => {
      for (const id of [targetId, sourceId]) {
        const any = await findCustomerAnyOrg(trx, id)
        if (any && any.org_id !== scope.orgId)
          throw new ValidationError(
            'CUSTOMER_MERGE_ACROSS_ORGANISATIONS',
            'Customers of different organisations are never merged.',
            [{ path: id === sourceId ? 'sourceId' : 'id', reason: 'another organisation' }],
          )
      }
      if (targetId === sourceId)
        throw new ConflictError(
          'CUSTOMER_MERGE_INVALID',
          'A customer cannot be merged with itself.',
          [{ path: 'sourceId', reason: 'same customer' }],
        )
      const target = await loadCustomer(scope, trx, targetId)
      const source = await loadCustomer(scope, trx, sourceId)
      if (target.merged_into !== null) throw mergedAlready(target.id)
      if (source.merged_into !== null) throw mergedAlready(source.id)
      const event = await mergeRows({ ...scope, db: trx }, target, source, null)
      return { event: eventOf(event), customer: (await customerRecords(scope, trx, [target]))[0]! }
    }),
  )
}

/**
 * Undo a merge: the keys, records, transactions and points ledger entries that moved go back
 * (those still on the kept customer; keys added since stay), the merged customer is active again.
 * A merge undone already, whose kept customer has since been merged itself (undo that first), or
 * whose kept customer has since spent the other's points (its balance would fall below 0), is
 * refused.
 */
export async function unmergeCustomer(
  scope: Scope,
  customerId: string,
  input: unknown,
): Promise<{ event: CustomerEvent; customer: CustomerRecord }> {
  const { eventId } = parseInput(UnmergeInputSchema, input)
  return retryOnLockConflict(() =>
    scope.db.transaction().execute(async (trx) => {
      const target = await loadCustomer(scope, trx, customerId)
      const event = await findEvent(trx, scope.orgId, eventId)
      const invalid = (reason: string) =>
        new ConflictError('CUSTOMER_UNMERGE_INVALID', `This merge cannot be undone: ${reason}.`, [
          { path: 'eventId', reason },
        ])
      if (event?.type !== 'merged' || event.customer_id !== target.id)
        throw invalid('no such merge of this customer')
      if (event.undone_at !== null) throw invalid('undone already')
      if (target.merged_into !== null) throw invalid('the kept customer was merged since')
      const sourceId = event.other_customer_id!
      const moved = parseStoredJson(MergeDetailSchema, event.detail, 'customer_events.detail')
      await moveOwned(trx, 'customer_keys', scope.orgId, moved.keys, target.id, sourceId)
      await moveOwned(trx, 'customer_links', scope.orgId, moved.links, target.id, sourceId)
      // The histories split again, and the merged customer counts again in the cohort cells.
      await keepingCohortCells(trx, scope.orgId, scope.now, [target.id, sourceId], async () => {
        await moveOwned(
          trx,
          'customer_transactions',
          scope.orgId,
          moved.transactions,
          target.id,
          sourceId,
        )
        const points = await unmergeLoyaltyAccounts(
          trx,
          scope.orgId,
          moved.loyaltyEntries,
          target.id,
          sourceId,
          scope.now,
        )
        if (points === 'overdrawn') throw invalid('points of the merged customer were spent since')
        await setMergedInto(trx, scope.orgId, sourceId, null, scope.now)
      })
      if (!(await markEventUndone(trx, scope.orgId, event.id, scope.now)))
        throw invalid('undone already')
      const undo: CustomerEventRow = {
        id: newId(scope.now),
        org_id: scope.orgId,
        customer_id: sourceId,
        other_customer_id: target.id,
        type: 'unmerged',
        rule: null,
        actor_id: scope.actor.id,
        detail: JSON.stringify({ mergeEventId: event.id }),
        undone_at: null,
        created_at: scope.now,
      }
      await insertEvent(trx, undo)
      await recordAudit(trx, scope, {
        action: 'customer.unmerge',
        entity: 'customer',
        entityId: sourceId,
        detail: { fromId: target.id, mergeEventId: event.id },
      })
      const [restored] = await customersByIds(trx, scope.orgId, [sourceId])
      return {
        event: eventOf(undo),
        customer: (await customerRecords(scope, trx, [restored!]))[0]!,
      }
    }),
  )
}

/**
 * Customers found by any key's value: each kind the value can be (or the kind asked) is looked up
 * by its blind index. Merged customers lead to the customer they were merged into.
 */
export async function searchCustomers(
  scope: Scope,
  query: unknown,
): Promise<{ customers: CustomerRecord[] }> {
  const { q, kind } = parseInput(CustomerSearchQuerySchema, query, 'query')
  const keys: NormalKey[] = []
  for (const k of kind ? [kind] : CUSTOMER_KEY_KINDS) {
    const value = normaliseKey(k, q)
    if (value !== null) keys.push({ kind: k, value })
  }
  const held = await holders(scope.db, scope.orgId, keys)
  const ids = [...new Set(held.flatMap((k) => (k ? [k.customer_id] : [])))]
  const rows = (await customersByIds(scope.db, scope.orgId, ids)).filter((r) =>
    isRecordWithinUnits(scope, r.unit_id),
  )
  return { customers: await customerRecords(scope, scope.db, rows) }
}

export { eventOf as customerEventOf, loadCustomer }
