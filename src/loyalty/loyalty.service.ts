import { requirePermission } from '../auth/permission.service.js'
import { recordAudit } from '../audit/audit.service.js'
import { paidPointsCompensations } from '../cases/case-recovery.service.js'
import {
  answerLinksSince,
  customersOfCases,
  customerUnit,
  transactionsCreatedSince,
} from '../customers/customer-activity.service.js'
import type { Db } from '../db/database.js'
import { isRecordWithinUnits, type Scope } from '../db/scope.js'
import { ConflictError, NotFoundError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseStoredJson } from '../shared/stored-json.js'
import { parseInput } from '../shared/validation.js'
import {
  accountsWithExpiredPoints,
  entriesOf,
  entriesTotal,
  existingSources,
  expiryPosition,
  findAccount,
  findProgramme,
  insertEntry,
  latestSourceTime,
  lockAccount,
  programmeOrgIds,
  saveProgramme,
  setAccount,
} from './loyalty.repository.js'
import {
  AdjustInputSchema,
  type LoyaltyAccount,
  type LoyaltyEntryKind,
  type LoyaltyProgramme,
  LoyaltyProgrammeSchema,
  RedeemInputSchema,
} from './loyalty.schema.js'

// Loyalty: member tiers and a points ledger. Every change of a balance is an entry (earned by a
// purchase, an answered survey or a case's points compensation; redeemed; expired; adjusted by
// hand), written in the same transaction as the balance it changes, after the account's lock —
// so the balance always equals the sum of the entries, however many write at once. Earnings are
// credited by the loyalty-points job from what arrived since its last credit (one entry per
// source record, so a repeated run credits nothing twice); spending takes the soonest-expiring
// points first, and the job expires what is left of points past their expiry.

const DAY_MS = 86_400_000
/** Records credited per source and run. */
const CREDIT_BATCH = 2_000
/** Answers are linked when the intake stores them, a little after they were given: looked back this far. */
const ANSWER_LOOKBACK_MS = DAY_MS
/** Pages of each source read per run (the rest waits for the next run). */
const MAX_PAGES = 50

export async function loyaltyProgramme(
  scope: Pick<Scope, 'db' | 'orgId'>,
): Promise<LoyaltyProgramme | null> {
  const row = await findProgramme(scope.db, scope.orgId)
  return row
    ? parseStoredJson(LoyaltyProgrammeSchema, row.config, 'loyalty_programmes.config')
    : null
}

export async function setLoyaltyProgramme(scope: Scope, input: unknown): Promise<LoyaltyProgramme> {
  requirePermission(scope.actor, 'cases:configure')
  const programme = parseInput(LoyaltyProgrammeSchema, input, 'programme')
  await saveProgramme(scope.db, scope.orgId, JSON.stringify(programme), scope.now)
  await recordAudit(scope.db, scope, {
    action: 'loyalty.programme',
    entity: 'loyalty_programme',
    entityId: scope.orgId,
    detail: { tiers: programme.tiers.length, expiryDays: programme.expiryDays },
  })
  return programme
}

async function requireProgramme(db: Db, orgId: string): Promise<LoyaltyProgramme> {
  const programme = await loyaltyProgramme({ db, orgId })
  if (!programme)
    throw new ConflictError(
      'LOYALTY_PROGRAMME_MISSING',
      'The loyalty programme is not set up yet.',
      [{ path: 'programme', reason: 'not set up' }],
    )
  return programme
}

/** The tier for points earned in all: the highest whose threshold they reach. */
export function tierFor(programme: LoyaltyProgramme, earned: number): string {
  let tier = programme.tiers[0]!.code
  for (const t of programme.tiers) if (earned >= t.minPoints) tier = t.code
  return tier
}

interface Posting {
  kind: LoyaltyEntryKind
  /** Signed points, or a function of the locked account's state (expiry). */
  points: number | ((trx: Db) => Promise<number>)
  expiresAt: number | null
  sourceKind: string | null
  sourceId: string | null
  actorId: string
  note: string | null
  at: number
}

type PostResult =
  | { status: 'posted'; balance: number; points: number }
  | { status: 'duplicate' | 'nothing'; balance: number }
  | { status: 'insufficient'; balance: number; requested: number }

/** One ledger write: lock the account, add the entry, set the balance, in one transaction. */
async function post(
  db: Db,
  orgId: string,
  customerId: string,
  programme: LoyaltyProgramme,
  p: Posting,
  now: number,
): Promise<PostResult> {
  return db.transaction().execute(async (trx) => {
    const account = await lockAccount(trx, orgId, customerId, programme.tiers[0]!.code, now)
    const points = typeof p.points === 'number' ? p.points : await p.points(trx)
    if (points === 0) return { status: 'nothing', balance: account.balance }
    if (account.balance + points < 0)
      return { status: 'insufficient', balance: account.balance, requested: -points }
    const balance = account.balance + points
    const inserted = await insertEntry(trx, {
      id: newId(now),
      org_id: orgId,
      customer_id: customerId,
      kind: p.kind,
      points,
      balance_after: balance,
      expires_at: p.expiresAt,
      source_kind: p.sourceKind,
      source_id: p.sourceId,
      actor_id: p.actorId,
      note: p.note,
      created_at: p.at,
    })
    if (!inserted) return { status: 'duplicate', balance: account.balance }
    const earned = points > 0 && p.kind !== 'adjustment' ? account.earned + points : account.earned
    await setAccount(trx, orgId, customerId, {
      balance,
      earned,
      tier: tierFor(programme, earned),
      updated_at: now,
    })
    return { status: 'posted', balance, points }
  })
}

async function requireCustomer(scope: Scope, customerId: string): Promise<void> {
  const found = await customerUnit(scope.db, scope.orgId, customerId)
  if (!found || !isRecordWithinUnits(scope, found.unitId))
    throw new NotFoundError('CUSTOMER_NOT_FOUND', `No customer ${customerId}.`, [
      { path: 'customerId', reason: 'unknown customer' },
    ])
}

/** A member's account: balance, tier, the sum of the ledger, and the newest entries. */
export async function loyaltyAccount(scope: Scope, customerId: string): Promise<LoyaltyAccount> {
  await requireCustomer(scope, customerId)
  const programme = await loyaltyProgramme(scope)
  const account = await findAccount(scope.db, scope.orgId, customerId)
  const entries = await entriesOf(scope.db, scope.orgId, customerId, 200)
  return {
    customerId,
    balance: account?.balance ?? 0,
    earned: account?.earned ?? 0,
    tier: account?.tier ?? programme?.tiers[0]?.code ?? '',
    entriesTotal: await entriesTotal(scope.db, scope.orgId, customerId),
    entries: entries.map((e) => ({
      id: e.id,
      kind: e.kind as LoyaltyEntryKind,
      points: e.points,
      balanceAfter: e.balance_after,
      expiresAt: e.expires_at,
      sourceKind: e.source_kind,
      sourceId: e.source_id,
      actorId: e.actor_id,
      note: e.note,
      at: e.created_at,
    })),
  }
}

/** Redeems points (never below 0: LOYALTY_POINTS_INSUFFICIENT, nothing written); a repeated requestId redeems once. */
export async function redeemPoints(
  scope: Scope,
  customerId: string,
  input: unknown,
): Promise<LoyaltyAccount> {
  const body = parseInput(RedeemInputSchema, input, 'redemption')
  await requireCustomer(scope, customerId)
  const programme = await requireProgramme(scope.db, scope.orgId)
  const result = await post(
    scope.db,
    scope.orgId,
    customerId,
    programme,
    {
      kind: 'redemption',
      points: -body.points,
      expiresAt: null,
      sourceKind: body.requestId ? 'request' : null,
      sourceId: body.requestId ?? null,
      actorId: scope.actor.id,
      note: body.note ?? null,
      at: scope.now,
    },
    scope.now,
  )
  if (result.status === 'insufficient')
    throw new ConflictError(
      'LOYALTY_POINTS_INSUFFICIENT',
      `The balance is ${result.balance} points; ${result.requested} cannot be redeemed.`,
      [{ path: 'points', reason: `more than the balance ${result.balance}` }],
      { balance: result.balance, requested: result.requested },
    )
  if (result.status === 'posted')
    await recordAudit(scope.db, scope, {
      action: 'loyalty.redeem',
      entity: 'customer',
      entityId: customerId,
      detail: { points: body.points },
    })
  return loyaltyAccount(scope, customerId)
}

/** A correction by hand, with its reason; never below 0. */
export async function adjustPoints(
  scope: Scope,
  customerId: string,
  input: unknown,
): Promise<LoyaltyAccount> {
  const body = parseInput(AdjustInputSchema, input, 'adjustment')
  await requireCustomer(scope, customerId)
  const programme = await requireProgramme(scope.db, scope.orgId)
  const result = await post(
    scope.db,
    scope.orgId,
    customerId,
    programme,
    {
      kind: 'adjustment',
      points: body.points,
      expiresAt: null,
      sourceKind: null,
      sourceId: null,
      actorId: scope.actor.id,
      note: body.note,
      at: scope.now,
    },
    scope.now,
  )
  if (result.status === 'insufficient')
    throw new ConflictError(
      'LOYALTY_POINTS_INSUFFICIENT',
      `The balance is ${result.balance} points; ${result.requested} cannot be taken off.`,
      [{ path: 'points', reason: `more than the balance ${result.balance}` }],
      { balance: result.balance, requested: result.requested },
    )
  await recordAudit(scope.db, scope, {
    action: 'loyalty.adjust',
    entity: 'customer',
    entityId: customerId,
    detail: { points: body.points },
  })
  return loyaltyAccount(scope, customerId)
}

/**
 * Points rewarding a customer for something of theirs (an adopted suggestion), once per source:
 * the ledger keeps one entry per kind and source, so a repeated or concurrent reward posts
 * nothing more. Earned points (they count toward the tier). Whether this call posted them.
 * The caller has checked its own permission; the customer must exist within the caller's units.
 */
export async function rewardCustomer(
  scope: Scope,
  customerId: string,
  reward: { points: number; sourceKind: string; sourceId: string; note: string | null },
): Promise<boolean> {
  await requireCustomer(scope, customerId)
  const programme = await requireProgramme(scope.db, scope.orgId)
  const result = await post(
    scope.db,
    scope.orgId,
    customerId,
    programme,
    {
      kind: 'reward',
      points: reward.points,
      // Earned like a purchase's points: they expire as the programme says.
      expiresAt: programme.expiryDays === null ? null : scope.now + programme.expiryDays * DAY_MS,
      sourceKind: reward.sourceKind,
      sourceId: reward.sourceId,
      actorId: scope.actor.id,
      note: reward.note,
      at: scope.now,
    },
    scope.now,
  )
  if (result.status !== 'posted') return false
  await recordAudit(scope.db, scope, {
    action: 'loyalty.reward',
    entity: 'customer',
    entityId: customerId,
    detail: { points: reward.points, sourceKind: reward.sourceKind, sourceId: reward.sourceId },
  })
  return true
}

/** What one run of the loyalty-points job credited for an organisation. */
export interface LoyaltyRun {
  purchases: number
  feedback: number
  compensation: number
}

/** Credits what arrived since the last credit of each source (purchases, answers, points compensation). */
export async function runLoyaltyForOrganisation(
  db: Db,
  orgId: string,
  now: number,
): Promise<LoyaltyRun> {
  const programme = await requireProgramme(db, orgId)
  const run: LoyaltyRun = { purchases: 0, feedback: 0, compensation: 0 }
  const expiry = (from: number) =>
    programme.expiryDays === null ? null : from + programme.expiryDays * DAY_MS
  const system = 'loyalty-points'

  const purchasesFrom = Math.max(
    programme.startsAt,
    (await latestSourceTime(db, orgId, 'transaction')) ?? 0,
  )
  let afterPurchase = { at: purchasesFrom, id: '' }
  for (let page = 0; page < MAX_PAGES; page++) {
    const rows = await transactionsCreatedSince(db, orgId, afterPurchase, CREDIT_BATCH)
    const done = await existingSources(
      db,
      orgId,
      'purchase',
      'transaction',
      rows.map((t) => t.id),
    )
    for (const t of rows) {
      const points = Math.floor(t.amount * programme.pointsPerYuan)
      if (done.has(t.id) || t.isRefund || points <= 0 || t.occurredAt < programme.startsAt) continue
      const r = await post(
        db,
        orgId,
        t.customerId,
        programme,
        {
          kind: 'purchase',
          points,
          expiresAt: expiry(t.occurredAt),
          sourceKind: 'transaction',
          sourceId: t.id,
          actorId: system,
          note: null,
          at: t.createdAt,
        },
        now,
      )
      if (r.status === 'posted') run.purchases++
    }
    if (rows.length < CREDIT_BATCH) break
    afterPurchase = { at: rows.at(-1)!.createdAt, id: rows.at(-1)!.id }
  }

  if (programme.pointsPerFeedback > 0) {
    const last = await latestSourceTime(db, orgId, 'answer')
    let afterAnswer = {
      at: Math.max(programme.startsAt, last === null ? 0 : last - ANSWER_LOOKBACK_MS),
      id: '',
    }
    for (let page = 0; page < MAX_PAGES; page++) {
      const rows = await answerLinksSince(db, orgId, afterAnswer, CREDIT_BATCH)
      const done = await existingSources(
        db,
        orgId,
        'feedback',
        'answer',
        rows.map((a) => a.answerId),
      )
      for (const a of rows) {
        if (done.has(a.answerId)) continue
        const r = await post(
          db,
          orgId,
          a.customerId,
          programme,
          {
            kind: 'feedback',
            points: programme.pointsPerFeedback,
            expiresAt: expiry(a.at),
            sourceKind: 'answer',
            sourceId: a.answerId,
            actorId: system,
            note: null,
            at: a.at,
          },
          now,
        )
        if (r.status === 'posted') run.feedback++
      }
      if (rows.length < CREDIT_BATCH) break
      afterAnswer = { at: rows.at(-1)!.at, id: rows.at(-1)!.answerId }
    }
  }

  const paidFrom = (await latestSourceTime(db, orgId, 'compensation')) ?? 0
  const paid = await paidPointsCompensations(db, orgId, paidFrom, CREDIT_BATCH)
  const customerOf = await customersOfCases(
    db,
    orgId,
    paid.map((c) => c.caseId),
  )
  const paidDone = await existingSources(
    db,
    orgId,
    'compensation',
    'compensation',
    paid.map((c) => c.id),
  )
  for (const c of paid) {
    const customerId = customerOf.get(c.caseId)
    if (!customerId || c.points <= 0 || paidDone.has(c.id)) continue
    const r = await post(
      db,
      orgId,
      customerId,
      programme,
      {
        kind: 'compensation',
        points: c.points,
        expiresAt: expiry(c.paidAt),
        sourceKind: 'compensation',
        sourceId: c.id,
        actorId: system,
        note: null,
        at: c.paidAt,
      },
      now,
    )
    if (r.status === 'posted') run.compensation++
  }

  return run
}

/** The background job: every organisation with a programme. */
export async function runLoyaltyPoints(db: Db, now: number): Promise<LoyaltyRun> {
  const total: LoyaltyRun = { purchases: 0, feedback: 0, compensation: 0 }
  for (const orgId of await programmeOrgIds(db)) {
    const run = await runLoyaltyForOrganisation(db, orgId, now)
    total.purchases += run.purchases
    total.feedback += run.feedback
    total.compensation += run.compensation
  }
  return total
}

/** Takes off each account what is left of points past their expiry (one expiry entry per account and run). */
export async function expireLoyaltyPoints(db: Db, orgId: string, now: number): Promise<number> {
  const programme = await requireProgramme(db, orgId)
  const system = 'loyalty-expiry'
  let expired = 0
  for (const customerId of await accountsWithExpiredPoints(db, orgId, now)) {
    const r = await post(
      db,
      orgId,
      customerId,
      programme,
      {
        kind: 'expiry',
        points: async (trx) => {
          const p = await expiryPosition(trx, orgId, customerId, now)
          return -Math.max(0, p.expiredEarned - p.spent)
        },
        expiresAt: null,
        sourceKind: 'expiry',
        sourceId: `${customerId}:${now}`,
        actorId: system,
        note: null,
        at: now,
      },
      now,
    )
    if (r.status === 'posted') expired++
  }
  return expired
}

/** The background job of expiries: every organisation with a programme. */
export async function runLoyaltyExpiry(db: Db, now: number): Promise<{ expired: number }> {
  let expired = 0
  for (const orgId of await programmeOrgIds(db))
    expired += await expireLoyaltyPoints(db, orgId, now)
  return { expired }
}
