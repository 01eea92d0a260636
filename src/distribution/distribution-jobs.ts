import type { Db } from '../db/database.js'
import { surveyLinkTexts } from '../surveys/survey.service.js'
import { isUnsubscribed } from './contact.repository.js'
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
  await startDueDistributions(deps.db, now)
  const active = await activeDistributions(deps.db)
  for (const distribution of active) {
    if (distribution.status === 'sending') await sendPending(deps, distribution, now, report)
    if (distribution.settings.reminders.max > 0)
      await sendReminders(deps, distribution, now, report)
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
  now: number,
  report: JobReport,
): Promise<void> {
  for (;;) {
    const candidates = await listClaimableInvitations(deps.db, distribution.id, now, BATCH)
    if (candidates.length === 0) break
    const claimed: string[] = []
    for (const id of candidates) if (await claimInvitation(deps.db, id, now)) claimed.push(id)
    for (let i = 0; i < claimed.length; i += PARALLEL) {
      await Promise.all(
        claimed
          .slice(i, i + PARALLEL)
          .map((id) => deliverClaimed(deps, distribution, id, now, report)),
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
  return { outgoing, attempts: invitation.attempts, address: contact.email ?? contact.phone ?? '' }
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
    await recordInvitationOutcome(deps.db, invitationId, {
      status: 'unsubscribed',
      releaseClaim: true,
    })
    report.unsubscribed++
    return
  }
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
  now: number,
  report: JobReport,
): Promise<void> {
  const { afterHours, max } = distribution.settings.reminders
  const due = await listRemindersDue(deps.db, distribution.id, max, now - afterHours * 3600_000)
  for (const invitation of due) {
    if (!(await claimReminder(deps.db, invitation, now))) continue
    const { outgoing, address } = await loadOutgoing(
      deps.db,
      distribution,
      invitation.id,
      deps.baseUrl,
      true,
    )
    if (await isUnsubscribed(deps.db, distribution.orgId, address)) {
      await recordInvitationOutcome(deps.db, invitation.id, {
        status: 'unsubscribed',
        releaseClaim: false,
      })
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
