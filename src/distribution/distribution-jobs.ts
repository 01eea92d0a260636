import type { ExpressionBuilder } from 'kysely'
import type { Database, Db } from '../db/database.js'
import type { LocalizedText } from '../surveys/survey.schema.js'
import type { DistributionSettings } from './distribution.schema.js'
import {
  DeliveryFailure,
  type InvitationChannels,
  type OutgoingInvitation,
} from './invitation-delivery.js'
import { invitationMessage } from './invitation-message.js'

/**
 * The background work of distributions: scheduled sends, sending, retries and
 * reminders. Every invitation is claimed with a conditional UPDATE before it
 * is sent, so several Manyi instances on one PostgreSQL database never send
 * the same message twice; a claim left by a crashed instance is retried after
 * CLAIM_TIMEOUT_MS (at-least-once for that rare case).
 */

export const CLAIM_TIMEOUT_MS = 10 * 60_000
export const MAX_ATTEMPTS = 3
/** A failed attempt waits this long before the next (the gateway or mail server may be back). */
export const RETRY_DELAY_MS = 5 * 60_000
const BATCH = 100
const PARALLEL = 8

export interface DistributionJobDeps {
  db: Db
  channels: InvitationChannels
  /** Base of the links in messages, e.g. https://survey.example.com */
  baseUrl: string
}

export interface JobReport {
  sent: number
  failed: number
  retried: number
  reminded: number
  unsubscribed: number
}

interface DistributionContext {
  id: string
  orgId: string
  surveyId: string
  channel: string
  settings: DistributionSettings
  slug: string
  surveyTitle: string
}

export async function runDistributionJobs(
  deps: DistributionJobDeps,
  now: number,
): Promise<JobReport> {
  const report: JobReport = { sent: 0, failed: 0, retried: 0, reminded: 0, unsubscribed: 0 }
  await deps.db
    .updateTable('distributions')
    .set({ status: 'sending' })
    .where('status', '=', 'scheduled')
    .where('send_at', '<=', now)
    .execute()
  const active = await activeDistributions(deps.db)
  for (const distribution of active) {
    if (distribution.status === 'sending') await sendPending(deps, distribution, now, report)
    if (distribution.settings.reminders.max > 0)
      await sendReminders(deps, distribution, now, report)
  }
  return report
}

async function activeDistributions(
  db: Db,
): Promise<Array<DistributionContext & { status: string }>> {
  const rows = await db
    .selectFrom('distributions as d')
    .innerJoin('surveys as s', 's.id', 'd.survey_id')
    .select([
      'd.id',
      'd.org_id',
      'd.survey_id',
      'd.channel',
      'd.settings',
      'd.status',
      's.slug',
      's.title',
    ])
    .where('d.status', 'in', ['sending', 'sent'])
    .execute()
  return rows.map((r) => {
    const settings = JSON.parse(r.settings) as DistributionSettings
    const title = JSON.parse(r.title) as LocalizedText
    return {
      id: r.id,
      orgId: r.org_id,
      surveyId: r.survey_id,
      channel: r.channel,
      settings,
      status: r.status,
      slug: r.slug,
      surveyTitle: (settings.locale === 'en-US' && title['en-US']) || title['zh-CN'],
    }
  })
}

async function sendPending(
  deps: DistributionJobDeps,
  distribution: DistributionContext,
  now: number,
  report: JobReport,
): Promise<void> {
  for (;;) {
    const candidates = await deps.db
      .selectFrom('invitations')
      .select('id')
      .where('distribution_id', '=', distribution.id)
      .where((eb) => claimable(eb, now))
      .limit(BATCH)
      .execute()
    if (candidates.length === 0) break
    const claimed: string[] = []
    for (const { id } of candidates) if (await claim(deps.db, id, now)) claimed.push(id)
    for (let i = 0; i < claimed.length; i += PARALLEL) {
      await Promise.all(
        claimed
          .slice(i, i + PARALLEL)
          .map((id) => deliverClaimed(deps, distribution, id, now, report)),
      )
    }
    if (candidates.length < BATCH) break
  }
  const open = await deps.db
    .selectFrom('invitations')
    .select('id')
    .where('distribution_id', '=', distribution.id)
    .where('status', 'in', ['pending', 'sending'])
    .limit(1)
    .execute()
  if (open.length === 0)
    await deps.db
      .updateTable('distributions')
      .set({ status: 'sent' })
      .where('id', '=', distribution.id)
      .where('status', '=', 'sending')
      .execute()
}

/** Pending (and past its retry delay), or claimed by an instance that has not finished within the timeout. */
function claimable(eb: ExpressionBuilder<Database, 'invitations'>, now: number) {
  return eb.or([
    eb.and([
      eb('status', '=', 'pending'),
      eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', now - RETRY_DELAY_MS)]),
    ]),
    eb.and([eb('status', '=', 'sending'), eb('claimed_at', '<', now - CLAIM_TIMEOUT_MS)]),
  ])
}

/** Take an invitation for sending; false when another instance has it. */
async function claim(db: Db, invitationId: string, now: number): Promise<boolean> {
  const result = await db
    .updateTable('invitations')
    .set({ status: 'sending', claimed_at: now })
    .where('id', '=', invitationId)
    .where((eb) => claimable(eb, now))
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}

async function loadOutgoing(
  db: Db,
  distribution: DistributionContext,
  invitationId: string,
  baseUrl: string,
  reminder: boolean,
) {
  const row = await db
    .selectFrom('invitations as i')
    .innerJoin('contacts as c', 'c.id', 'i.contact_id')
    .select(['i.id', 'i.token', 'i.attempts', 'c.name', 'c.email', 'c.phone', 'c.attributes'])
    .where('i.id', '=', invitationId)
    .executeTakeFirstOrThrow()
  const contact = {
    name: row.name,
    email: row.email,
    phone: row.phone,
    attributes: JSON.parse(row.attributes) as Record<string, string>,
  }
  const message = invitationMessage({
    settings: distribution.settings,
    baseUrl,
    surveySlug: distribution.slug,
    surveyTitle: distribution.surveyTitle,
    contactName: contact.name,
    token: row.token,
    reminder,
  })
  const outgoing: OutgoingInvitation = {
    invitationId: row.id,
    distributionId: distribution.id,
    surveyId: distribution.surveyId,
    contact,
    message,
    reminder,
  }
  return { outgoing, attempts: row.attempts, address: contact.email ?? contact.phone ?? '' }
}

async function isUnsubscribed(db: Db, orgId: string, address: string): Promise<boolean> {
  return (
    (await db
      .selectFrom('unsubscribes')
      .select('address')
      .where('org_id', '=', orgId)
      .where('address', '=', address.toLowerCase())
      .executeTakeFirst()) !== undefined
  )
}

function deliver(
  deps: DistributionJobDeps,
  distribution: DistributionContext,
  outgoing: OutgoingInvitation,
): Promise<void> {
  if (distribution.channel === 'webhook')
    return deps.channels.webhook(outgoing, distribution.settings.webhook!)
  return deps.channels.email(outgoing)
}

async function deliverClaimed(
  deps: DistributionJobDeps,
  distribution: DistributionContext,
  invitationId: string,
  now: number,
  report: JobReport,
): Promise<void> {
  const { outgoing, attempts, address } = await loadOutgoing(
    deps.db,
    distribution,
    invitationId,
    deps.baseUrl,
    false,
  )
  if (await isUnsubscribed(deps.db, distribution.orgId, address)) {
    await deps.db
      .updateTable('invitations')
      .set({ status: 'unsubscribed', claimed_at: null })
      .where('id', '=', invitationId)
      .execute()
    report.unsubscribed++
    return
  }
  try {
    await deliver(deps, distribution, outgoing)
    await deps.db
      .updateTable('invitations')
      .set({
        status: 'sent',
        sent_at: now,
        last_sent_at: now,
        attempts: attempts + 1,
        error: null,
        claimed_at: null,
      })
      .where('id', '=', invitationId)
      .execute()
    report.sent++
  } catch (error) {
    const failure =
      error instanceof DeliveryFailure
        ? error
        : new DeliveryFailure(String((error as Error).message ?? error), false)
    const final = failure.permanent || attempts + 1 >= MAX_ATTEMPTS
    await deps.db
      .updateTable('invitations')
      .set({
        status: final ? 'failed' : 'pending',
        attempts: attempts + 1,
        error: failure.message,
        claimed_at: final ? null : now,
      })
      .where('id', '=', invitationId)
      .execute()
    if (final) report.failed++
    else report.retried++
  }
}

/**
 * Remind those who were sent an invitation, have not answered, and heard
 * from us last `afterHours` ago. The reminder count is advanced by the same
 * conditional UPDATE that claims the reminder, so it is sent at most once.
 */
async function sendReminders(
  deps: DistributionJobDeps,
  distribution: DistributionContext,
  now: number,
  report: JobReport,
): Promise<void> {
  const { afterHours, max } = distribution.settings.reminders
  const due = await deps.db
    .selectFrom('invitations')
    .select(['id', 'reminders_sent'])
    .where('distribution_id', '=', distribution.id)
    .where('status', '=', 'sent')
    .where('completed_at', 'is', null)
    .where('reminders_sent', '<', max)
    .where('last_sent_at', '<=', now - afterHours * 3600_000)
    .limit(1000)
    .execute()
  for (const invitation of due) {
    const claimed = await deps.db
      .updateTable('invitations')
      .set({ reminders_sent: invitation.reminders_sent + 1, last_sent_at: now })
      .where('id', '=', invitation.id)
      .where('reminders_sent', '=', invitation.reminders_sent)
      .where('completed_at', 'is', null)
      .executeTakeFirst()
    if (Number(claimed.numUpdatedRows) !== 1) continue
    const { outgoing, address } = await loadOutgoing(
      deps.db,
      distribution,
      invitation.id,
      deps.baseUrl,
      true,
    )
    if (await isUnsubscribed(deps.db, distribution.orgId, address)) {
      await deps.db
        .updateTable('invitations')
        .set({ status: 'unsubscribed' })
        .where('id', '=', invitation.id)
        .execute()
      report.unsubscribed++
      continue
    }
    try {
      await deliver(deps, distribution, outgoing)
      report.reminded++
    } catch (error) {
      await deps.db
        .updateTable('invitations')
        .set({ error: `reminder: ${(error as Error).message}`.slice(0, 500) })
        .where('id', '=', invitation.id)
        .execute()
    }
  }
}
