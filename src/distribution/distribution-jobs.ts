import type { Db } from '../db/database.js'
import { surveyLinkTexts } from '../surveys/survey.service.js'
import {
  claimSend,
  contactVerdict,
  deferForQuietHours,
  quietUntil,
  recordSkip,
  releaseSend,
  sendingRules,
  type SendingRules,
} from './contact-rules.service.js'
import {
  listActiveDistributions,
  setDistributionStatus,
  startDueDistributions,
} from './distribution.repository.js'
import type { DistributionSettings } from './distribution.schema.js'
import {
  DeliveryFailure,
  type InvitationChannels,
  type OutgoingInvitation,
} from './invitation-delivery.js'
import { invitationMessage } from './invitation-message.js'
import {
  claimInvitation,
  claimReminder,
  hasUnsentInvitations,
  listClaimableInvitations,
  listRemindersDue,
  loadInvitationToSend,
  recordInvitationOutcome,
} from './invitation-sending.repository.js'

/**
 * The background work of distributions: scheduled sends, sending, retries and
 * reminders. Every invitation is claimed with a conditional UPDATE before it
 * is sent, so several Manyi instances on one PostgreSQL database never send
 * the same message twice; a claim left by a crashed instance is retried after
 * CLAIM_TIMEOUT_MS of invitation-sending.repository.ts (at-least-once for that rare case).
 */

export const MAX_ATTEMPTS = 3
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
  /** Held back by the contact rules: capped or without consent (opt-outs count as unsubscribed). */
  skipped: number
  /** Distributions whose sending waits for the end of quiet hours. */
  deferred: number
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
  const report: JobReport = {
    sent: 0,
    failed: 0,
    retried: 0,
    reminded: 0,
    unsubscribed: 0,
    skipped: 0,
    deferred: 0,
  }
  await startDueDistributions(deps.db, now)
  const active = await activeDistributions(deps.db)
  // Each organisation's contact rules, read once a run.
  const rulesOf = new Map<string, Promise<SendingRules>>()
  const rules = (orgId: string) => {
    if (!rulesOf.has(orgId)) rulesOf.set(orgId, sendingRules(deps.db, orgId))
    return rulesOf.get(orgId)!
  }
  for (const distribution of active) {
    const orgRules = await rules(distribution.orgId)
    if (distribution.status === 'sending')
      await sendPending(deps, distribution, orgRules, now, report)
    if (distribution.settings.reminders.max > 0 && quietUntil(orgRules, now) === null)
      await sendReminders(deps, distribution, orgRules, now, report)
  }
  return report
}

/** Sending or sent distributions whose survey still exists, with what their messages name of it. */
async function activeDistributions(
  db: Db,
): Promise<Array<DistributionContext & { status: string }>> {
  const records = await listActiveDistributions(db)
  const surveys = await surveyLinkTexts(db, [...new Set(records.map((r) => r.surveyId))])
  return records.flatMap((r) => {
    const survey = surveys.get(r.surveyId)
    if (!survey) return []
    const { settings } = r
    return [
      {
        id: r.id,
        orgId: r.orgId,
        surveyId: r.surveyId,
        channel: r.channel,
        settings,
        status: r.status,
        slug: survey.slug,
        surveyTitle:
          (settings.locale === 'en-US' && survey.title['en-US']) || survey.title['zh-CN'],
      },
    ]
  })
}

async function sendPending(
  deps: DistributionJobDeps,
  distribution: DistributionContext,
  rules: SendingRules,
  now: number,
  report: JobReport,
): Promise<void> {
  if (await deferForQuietHours(deps.db, rules, distribution.id, now)) {
    report.deferred++
    return
  }
  for (;;) {
    const candidates = await listClaimableInvitations(deps.db, distribution.id, now, BATCH)
    if (candidates.length === 0) break
    // The rules are read and each send counted one invitation after another, so two invitations
    // to one person in the batch never both pass the cap; only the delivery runs in parallel.
    const cleared: Outgoing[] = []
    for (const id of candidates) {
      if (!(await claimInvitation(deps.db, id, now))) continue
      const outgoing = await clearedToSend(deps, distribution, rules, id, now, report)
      if (outgoing) cleared.push(outgoing)
    }
    for (let i = 0; i < cleared.length; i += PARALLEL) {
      await Promise.all(
        cleared
          .slice(i, i + PARALLEL)
          .map((outgoing) => deliverClaimed(deps, distribution, outgoing, now, report)),
      )
    }
    if (candidates.length < BATCH) break
  }
  if (!(await hasUnsentInvitations(deps.db, distribution.id)))
    await setDistributionStatus(deps.db, distribution.id, 'sent', 'sending')
}

async function loadOutgoing(
  db: Db,
  distribution: DistributionContext,
  invitationId: string,
  baseUrl: string,
  reminder: boolean,
) {
  const invitation = await loadInvitationToSend(db, invitationId)
  const { contact } = invitation
  const message = invitationMessage({
    settings: distribution.settings,
    baseUrl,
    surveySlug: distribution.slug,
    surveyTitle: distribution.surveyTitle,
    contactName: contact.name,
    token: invitation.token,
    reminder,
  })
  const outgoing: OutgoingInvitation = {
    invitationId: invitation.id,
    distributionId: distribution.id,
    surveyId: distribution.surveyId,
    contact,
    message,
    reminder,
  }
  return { outgoing, attempts: invitation.attempts }
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

type Outgoing = Awaited<ReturnType<typeof loadOutgoing>>

/** The claimed invitation's message when the contact rules let it go, its send counted; else null. */
async function clearedToSend(
  deps: DistributionJobDeps,
  distribution: DistributionContext,
  rules: SendingRules,
  invitationId: string,
  now: number,
  report: JobReport,
): Promise<Outgoing | null> {
  const loaded = await loadOutgoing(deps.db, distribution, invitationId, deps.baseUrl, false)
  const verdict = await claimSend(deps.db, rules, loaded.outgoing.contact, invitationId, now)
  if (!verdict.send) {
    await recordSkip(deps.db, invitationId, verdict)
    if (verdict.reason === 'opted_out') report.unsubscribed++
    else report.skipped++
    return null
  }
  return loaded
}

async function deliverClaimed(
  deps: DistributionJobDeps,
  distribution: DistributionContext,
  { outgoing, attempts }: Outgoing,
  now: number,
  report: JobReport,
): Promise<void> {
  const { invitationId } = outgoing
  try {
    await deliver(deps, distribution, outgoing)
    await recordInvitationOutcome(deps.db, invitationId, {
      status: 'sent',
      attempts: attempts + 1,
      now,
    })
    report.sent++
  } catch (error) {
    const failure =
      error instanceof DeliveryFailure
        ? error
        : new DeliveryFailure(String((error as Error).message ?? error), false)
    const final = failure.permanent || attempts + 1 >= MAX_ATTEMPTS
    // Not delivered: it does not count against the cap (a retry counts it again).
    await releaseSend(deps.db, invitationId)
    await recordInvitationOutcome(deps.db, invitationId, {
      status: final ? 'failed' : 'pending',
      attempts: attempts + 1,
      error: failure.message,
      claimedAt: final ? null : now,
    })
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
  rules: SendingRules,
  now: number,
  report: JobReport,
): Promise<void> {
  const { afterHours, max } = distribution.settings.reminders
  const due = await listRemindersDue(deps.db, distribution.id, max, now - afterHours * 3600_000)
  for (const invitation of due) {
    if (!(await claimReminder(deps.db, invitation, now))) continue
    const { outgoing } = await loadOutgoing(
      deps.db,
      distribution,
      invitation.id,
      deps.baseUrl,
      true,
    )
    // Opt-outs and withdrawn consent hold for reminders too; the cap does not (not a new request).
    const verdict = await contactVerdict(deps.db, rules, outgoing.contact, now, { reminder: true })
    if (!verdict.send) {
      await recordSkip(deps.db, invitation.id, verdict)
      report.unsubscribed++
      continue
    }
    try {
      await deliver(deps, distribution, outgoing)
      report.reminded++
    } catch (error) {
      await recordInvitationOutcome(deps.db, invitation.id, {
        status: 'reminder-failed',
        error: `reminder: ${(error as Error).message}`.slice(0, 500),
      })
    }
  }
}
