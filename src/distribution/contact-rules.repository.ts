import type { Db } from '../db/database.js'
import { newId } from '../shared/ids.js'
import type { SkipCounts, SkipReason } from './contact-rules.schema.js'

/**
 * The `contact_rules` and `contact_touches` tables, and what the rules write on `invitations`
 * (skip reason, deferral): the only code that queries them for the contact rules.
 */

export interface StoredContactRules {
  capDays: number | null
  quietFrom: number | null
  quietTo: number | null
}

export async function findContactRules(db: Db, orgId: string): Promise<StoredContactRules> {
  const row = await db
    .selectFrom('contact_rules')
    .selectAll()
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  const num = (v: number | string | null | undefined) =>
    v === null || v === undefined ? null : Number(v)
  return {
    capDays: num(row?.cap_days),
    quietFrom: num(row?.quiet_from),
    quietTo: num(row?.quiet_to),
  }
}

export async function saveContactRules(
  db: Db,
  orgId: string,
  rules: StoredContactRules,
  now: number,
): Promise<void> {
  const values = {
    cap_days: rules.capDays,
    quiet_from: rules.quietFrom,
    quiet_to: rules.quietTo,
    updated_at: now,
  }
  await db
    .insertInto('contact_rules')
    .values({ org_id: orgId, ...values })
    .onConflict((oc) => oc.column('org_id').doUpdateSet(values))
    .execute()
}

/**
 * The first statement of a capped send's check-and-count: it writes the organisation's rules row
 * (unchanged), so PostgreSQL holds that row's lock until the transaction ends and SQLite, one
 * writer at a time, runs the transaction alone. Two instances deciding sends of one organisation
 * at the same moment therefore queue, and the second reads the first one's touches.
 */
export async function lockContactRules(trx: Db, orgId: string): Promise<void> {
  await trx
    .updateTable('contact_rules')
    .set((eb) => ({ updated_at: eb.ref('updated_at') }))
    .where('org_id', '=', orgId)
    .execute()
}

/** The latest send to any of these identities after `since`, or null. */
export async function lastTouchSince(
  db: Db,
  orgId: string,
  identityLookups: readonly string[],
  since: number,
): Promise<number | null> {
  if (identityLookups.length === 0) return null
  const row = await db
    .selectFrom('contact_touches')
    .select((eb) => eb.fn.max('sent_at').as('last'))
    .where('org_id', '=', orgId)
    .where('identity', 'in', [...identityLookups])
    .where('sent_at', '>', since)
    .executeTakeFirst()
  return row?.last === null || row?.last === undefined ? null : Number(row.last)
}

export async function insertTouches(
  db: Db,
  orgId: string,
  invitationId: string,
  identities: readonly string[],
  at: number,
): Promise<void> {
  if (identities.length === 0) return
  await db
    .insertInto('contact_touches')
    .values(
      [...new Set(identities)].map((identity) => ({
        id: newId(at),
        org_id: orgId,
        identity,
        invitation_id: invitationId,
        sent_at: at,
      })),
    )
    .execute()
}

/** A send that never went out does not count against the cap. */
export async function deleteTouches(db: Db, invitationId: string): Promise<void> {
  await db.deleteFrom('contact_touches').where('invitation_id', '=', invitationId).execute()
}

/** Held back for good (the claim released), with why and, for the cap, when last asked. */
export async function markInvitationSkipped(
  db: Db,
  invitationId: string,
  reason: Exclude<SkipReason, 'quiet_hours'>,
  detail: string | null,
): Promise<void> {
  await db
    .updateTable('invitations')
    .set({
      status: reason === 'opted_out' ? 'unsubscribed' : 'skipped',
      skip_reason: reason,
      skip_detail: detail,
      claimed_at: null,
    })
    .where('id', '=', invitationId)
    .execute()
}

/** Every pending invitation of the distribution waits until `until` (quiet hours), marked as such. */
export async function deferPendingInvitations(
  db: Db,
  distributionId: string,
  until: number,
): Promise<number> {
  const result = await db
    .updateTable('invitations')
    .set({
      not_before: until,
      skip_reason: 'quiet_hours',
      skip_detail: new Date(until).toISOString(),
    })
    .where('distribution_id', '=', distributionId)
    .where('status', '=', 'pending')
    .where((eb) => eb.or([eb('not_before', 'is', null), eb('not_before', '<', until)]))
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/** Invitations held back, by reason, per distribution. */
export async function skipCounts(
  db: Db,
  orgId: string,
  distributionIds: readonly string[],
): Promise<Map<string, SkipCounts>> {
  const out = new Map<string, SkipCounts>(
    distributionIds.map((id) => [
      id,
      { capped: 0, optedOut: 0, noConsent: 0, noAddress: 0, deferred: 0 },
    ]),
  )
  if (distributionIds.length === 0) return out
  const rows = await db
    .selectFrom('invitations')
    .select((eb) => ['distribution_id', 'skip_reason', 'status', eb.fn.countAll<number>().as('n')])
    .where('org_id', '=', orgId)
    .where('distribution_id', 'in', [...distributionIds])
    // Skipped before reasons were recorded (migration 0050): a contact without an e-mail address.
    .where((eb) => eb.or([eb('skip_reason', 'is not', null), eb('status', '=', 'skipped')]))
    .groupBy(['distribution_id', 'skip_reason', 'status'])
    .execute()
  for (const r of rows) {
    const counts = out.get(r.distribution_id)!
    const n = Number(r.n)
    if (r.skip_reason === 'capped') counts.capped += n
    else if (r.skip_reason === 'opted_out') counts.optedOut += n
    else if (r.skip_reason === 'no_consent') counts.noConsent += n
    else if (r.skip_reason === 'no_address' || r.skip_reason === null) counts.noAddress += n
    else if (r.skip_reason === 'quiet_hours' && r.status === 'pending') counts.deferred += n
  }
  return out
}

/**
 * Erasure and retention of contacts: the sends recorded for the cap go with them (an address's
 * blind index, or the address itself in a store without keys, is personal data).
 */
export async function deleteTouchesOfContacts(
  db: Db,
  orgId: string,
  contactIds: readonly string[],
): Promise<void> {
  for (let i = 0; i < contactIds.length; i += 500) {
    const slice = contactIds.slice(i, i + 500)
    await db
      .deleteFrom('contact_touches')
      .where('org_id', '=', orgId)
      .where('invitation_id', 'in', (eb) =>
        eb.selectFrom('invitations').select('id').where('contact_id', 'in', slice),
      )
      .execute()
  }
}
