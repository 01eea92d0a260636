import { requirePermission } from '../auth/permission.service.js'
import { personalViewFor } from '../personal-data/personal-view.service.js'
import { recordAudit } from '../audit/audit.service.js'
import type { Scope } from '../db/scope.js'
import { getSurvey } from '../surveys/survey.service.js'
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import type { WakeJobs } from '../shared/wake-jobs.js'
import { assertContactListExists } from './contact-list.service.js'
import { listContactAddresses } from './contact.repository.js'
import {
  findDistribution,
  insertDistribution,
  listSurveyDistributions,
  setDistributionStatus,
  type DistributionRecord,
} from './distribution.repository.js'
import {
  DistributionInputSchema,
  type Distribution,
  type DistributionSettings,
  type DistributionStatus,
  type Funnel,
  type InvitationView,
} from './distribution.schema.js'
import {
  emptyFunnel,
  insertPendingInvitations,
  invitationFunnels,
  listDistributionInvitations,
} from './invitation.repository.js'
import { webhookHostProblem, type OutboundPolicy } from './outbound-address.js'
import { skipCounts } from './contact-rules.repository.js'
import type { SkipCounts, SkipReason } from './contact-rules.schema.js'

const noSkips = (): SkipCounts => ({
  capped: 0,
  optedOut: 0,
  noConsent: 0,
  noAddress: 0,
  deferred: 0,
})

/** `outbound`: the addresses webhooks may reach (MANYI_WEBHOOK_ALLOWED_HOSTS), checked when the URL is saved. */
export async function createDistribution(
  scope: Scope,
  surveyId: string,
  input: unknown,
  outbound: OutboundPolicy,
): Promise<Distribution> {
  requirePermission(scope.actor, 'distributions:write')
  const parsed = parseInput(DistributionInputSchema, input, 'distribution')
  await getSurvey(scope, surveyId)
  await assertContactListExists(scope, parsed.listId)
  const problem = parsed.webhook ? webhookHostProblem(parsed.webhook.url, outbound) : null
  if (problem) {
    throw new ValidationError(
      'WEBHOOK_ADDRESS_NOT_ALLOWED',
      `Webhooks go to public addresses only: ${problem}.`,
      [
        {
          path: 'webhook.url',
          reason: problem,
          allowed: 'a public address, or a host the operator lists in MANYI_WEBHOOK_ALLOWED_HOSTS',
        },
      ],
    )
  }
  const settings: DistributionSettings = {
    locale: parsed.locale,
    reminders: parsed.reminders,
    ...(parsed.email ? { email: parsed.email } : {}),
    ...(parsed.webhook ? { webhook: parsed.webhook } : {}),
  }
  const record: DistributionRecord = {
    id: newId(),
    orgId: scope.orgId,
    surveyId,
    listId: parsed.listId,
    name: parsed.name,
    channel: parsed.channel,
    settings,
    status: 'draft',
    sendAt: parsed.sendAt ? Date.parse(parsed.sendAt) : null,
    createdAt: scope.now,
  }
  await scope.db.transaction().execute(async (trx) => {
    await insertDistribution(trx, record)
    await recordAudit(trx, scope, {
      action: 'distribution.create',
      entity: 'distribution',
      entityId: record.id,
      detail: { surveyId, channel: record.channel, listId: record.listId },
    })
  })
  return toDistribution(record, emptyFunnel())
}

function toDistribution(
  record: DistributionRecord,
  funnel: Funnel,
  skips: SkipCounts = noSkips(),
): Distribution {
  const { settings } = record
  return {
    id: record.id,
    surveyId: record.surveyId,
    listId: record.listId,
    name: record.name,
    channel: record.channel,
    status: record.status,
    locale: settings.locale,
    ...(settings.email ? { email: settings.email } : {}),
    ...(settings.webhook
      ? { webhook: { url: settings.webhook.url, channelName: settings.webhook.channelName } }
      : {}),
    reminders: settings.reminders,
    sendAt: record.sendAt === null ? null : new Date(record.sendAt).toISOString(),
    createdAt: new Date(record.createdAt).toISOString(),
    funnel,
    skips,
  }
}

async function distributionRecord(
  scope: Scope,
  distributionId: string,
): Promise<DistributionRecord> {
  const record = await findDistribution(scope.db, scope.orgId, distributionId)
  if (!record)
    throw new NotFoundError('DISTRIBUTION_NOT_FOUND', `No distribution ${distributionId}.`, [
      { path: 'id', reason: 'unknown distribution' },
    ])
  return record
}

export async function getDistribution(scope: Scope, distributionId: string): Promise<Distribution> {
  requirePermission(scope.actor, 'distributions:read')
  const record = await distributionRecord(scope, distributionId)
  const funnels = await invitationFunnels(scope.db, scope.orgId, [record.id])
  const skips = await skipCounts(scope.db, scope.orgId, [record.id])
  return toDistribution(record, funnels.get(record.id)!, skips.get(record.id)!)
}

export async function listDistributions(scope: Scope, surveyId: string): Promise<Distribution[]> {
  requirePermission(scope.actor, 'distributions:read')
  await getSurvey(scope, surveyId)
  const records = await listSurveyDistributions(scope.db, scope.orgId, surveyId)
  const ids = records.map((r) => r.id)
  const funnels = await invitationFunnels(scope.db, scope.orgId, ids)
  const skips = await skipCounts(scope.db, scope.orgId, ids)
  return records.map((r) => toDistribution(r, funnels.get(r.id)!, skips.get(r.id)!))
}

/** Which outgoing channels this server can use (an e-mail distribution needs a mail server). */
export interface OutboundChannels {
  emailConfigured: boolean
}

/** Why a contact of an e-mail distribution is skipped: it has no e-mail address (a phone number only). */
export const SKIPPED_NO_EMAIL = 'the contact has no e-mail address'

/**
 * Queue the distribution: one invitation with its own token per contact in
 * the list (idempotent — asking twice creates none twice). The background job
 * sends them now (woken by `wakeJobs`), or at `sendAt`. An e-mail distribution is
 * refused while no mail server is configured (nothing would ever arrive), and its
 * contacts without an e-mail address are stored as skipped, with the reason.
 */
export async function startDistribution(
  scope: Scope,
  distributionId: string,
  wakeJobs: WakeJobs,
  outbound: OutboundChannels,
): Promise<Distribution> {
  requirePermission(scope.actor, 'distributions:write')
  const record = await distributionRecord(scope, distributionId)
  if (record.channel === 'email' && !outbound.emailConfigured) {
    throw new ConflictError(
      'MAIL_NOT_CONFIGURED',
      'No mail server is configured (MANYI_SMTP_URL): e-mail invitations cannot be sent.',
      [{ path: 'channel', reason: 'e-mail needs a mail server (MANYI_SMTP_URL)' }],
    )
  }
  const survey = await getSurvey(scope, record.surveyId)
  if (survey.status !== 'published') {
    throw new ConflictError(
      'SURVEY_NOT_PUBLISHED',
      'Publish the survey before sending invitations to it.',
      [{ path: 'surveyId', reason: `the survey is ${survey.status}` }],
      { status: survey.status },
    )
  }
  if (record.status !== 'draft') {
    throw new ConflictError(
      'DISTRIBUTION_ALREADY_STARTED',
      `This distribution is already ${record.status}.`,
      [{ path: 'status', reason: `is ${record.status}` }],
      { status: record.status, allowedNext: [] },
    )
  }
  const status: DistributionStatus =
    record.sendAt !== null && record.sendAt > scope.now ? 'scheduled' : 'sending'
  await scope.db.transaction().execute(async (trx) => {
    const contacts = await listContactAddresses(trx, scope.orgId, record.listId)
    const unreachable = (c: (typeof contacts)[number]) => record.channel === 'email' && !c.email
    const contactIds = contacts.filter((c) => !unreachable(c)).map((c) => c.id)
    const skipped = contacts
      .filter(unreachable)
      .map((c) => ({ contactId: c.id, reason: SKIPPED_NO_EMAIL }))
    await insertPendingInvitations(trx, scope.orgId, record.id, contactIds, skipped)
    // Only the first caller moves it out of draft; a concurrent second start changes nothing.
    if (!(await setDistributionStatus(trx, record.id, status, 'draft')))
      throw new ConflictError(
        'DISTRIBUTION_ALREADY_STARTED',
        'This distribution was started meanwhile.',
        [{ path: 'status', reason: 'already started' }],
      )
    await recordAudit(trx, scope, {
      action: 'distribution.start',
      entity: 'distribution',
      entityId: record.id,
      detail: { contacts: contactIds.length, skipped: skipped.length, status },
    })
  })
  wakeJobs()
  return getDistribution(scope, distributionId)
}

const iso = (v: number | null) => (v === null ? null : new Date(v).toISOString())

export async function listInvitations(
  scope: Scope,
  distributionId: string,
  options: { status?: string; limit?: number; offset?: number } = {},
): Promise<{ total: number; items: InvitationView[] }> {
  requirePermission(scope.actor, 'distributions:read')
  await distributionRecord(scope, distributionId)
  const page = await listDistributionInvitations(scope.db, scope.orgId, distributionId, {
    ...(options.status ? { status: options.status } : {}),
    limit: Math.min(options.limit ?? 100, 1000),
    offset: options.offset ?? 0,
  })
  // Contacts' names and addresses masked for readers without personal-data:read.
  const show = personalViewFor(scope.actor)
  return {
    total: page.total,
    items: page.items.map((r) => ({
      id: r.id,
      contactName: show('name', r.contactName) ?? '',
      address: (r.email ? show('email', r.email) : show('phone', r.phone)) ?? '',
      status: r.status,
      error: r.error,
      skipReason: r.skipReason as SkipReason | null,
      skipDetail: r.skipDetail,
      remindersSent: r.remindersSent,
      sentAt: iso(r.sentAt),
      openedAt: iso(r.openedAt),
      startedAt: iso(r.startedAt),
      completedAt: iso(r.completedAt),
    })),
  }
}

// The distribution domain's public face beyond its own operations: how an answer finds and
// marks the invitation it came from (src/responses, src/feedback), the mail failure type the
// cases' replies share, and the sending job that src/jobs runs.
export { DeliveryFailure, type OutgoingMail } from './invitation-delivery.js'
export { runDistributionJobs } from './distribution-jobs.js'
export {
  findInvitationForSurvey,
  invitationResponseKey,
  invitedContacts,
  markInvitationCompleted,
  markInvitationOpened,
  markInvitationStarted,
  type InvitedContact,
  type OpenedInvitation,
} from './invitation-tracking.js'
