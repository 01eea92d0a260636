import type { Selectable } from 'kysely'
import { requirePermission } from '../auth/roles.js'
import { recordAudit } from '../audit/audit.service.js'
import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import { getSurvey } from '../surveys/survey.service.js'
import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js'
import { newId, newSecret } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import { assertContactListExists } from './contact-list.service.js'
import {
  DistributionInputSchema,
  type Distribution,
  type DistributionSettings,
  type DistributionStatus,
  type Funnel,
  type InvitationView,
} from './distribution.schema.js'
import type { DistributionTable } from './distribution.table.js'
import { webhookHostProblem, type OutboundPolicy } from './outbound-address.js'

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
  const row: Selectable<DistributionTable> = {
    id: newId(),
    org_id: scope.orgId,
    survey_id: surveyId,
    list_id: parsed.listId,
    name: parsed.name,
    channel: parsed.channel,
    settings: JSON.stringify(settings),
    status: 'draft',
    send_at: parsed.sendAt ? Date.parse(parsed.sendAt) : null,
    created_at: scope.now,
  }
  await scope.db.transaction().execute(async (trx) => {
    await trx.insertInto('distributions').values(row).execute()
    await recordAudit(trx, scope, {
      action: 'distribution.create',
      entity: 'distribution',
      entityId: row.id,
      detail: { surveyId, channel: row.channel, listId: row.list_id },
    })
  })
  return toDistribution(row, emptyFunnel())
}

function emptyFunnel(): Funnel {
  return { invited: 0, sent: 0, failed: 0, unsubscribed: 0, opened: 0, started: 0, completed: 0 }
}

function toDistribution(row: Selectable<DistributionTable>, funnel: Funnel): Distribution {
  const settings = JSON.parse(row.settings) as DistributionSettings
  return {
    id: row.id,
    surveyId: row.survey_id,
    listId: row.list_id,
    name: row.name,
    channel: row.channel as Distribution['channel'],
    status: row.status as DistributionStatus,
    locale: settings.locale,
    ...(settings.email ? { email: settings.email } : {}),
    ...(settings.webhook
      ? { webhook: { url: settings.webhook.url, channelName: settings.webhook.channelName } }
      : {}),
    reminders: settings.reminders,
    sendAt: row.send_at === null ? null : new Date(Number(row.send_at)).toISOString(),
    createdAt: new Date(Number(row.created_at)).toISOString(),
    funnel,
  }
}

/**
 * Sent, opened, started, completed: each step counts invitations that reached
 * it (a completed answer counts as opened and started too).
 */
export async function distributionFunnels(
  db: Db,
  orgId: string,
  distributionIds: readonly string[],
): Promise<Map<string, Funnel>> {
  const funnels = new Map<string, Funnel>(distributionIds.map((id) => [id, emptyFunnel()]))
  if (distributionIds.length === 0) return funnels
  const rows = await db
    .selectFrom('invitations')
    .select((eb) => [
      'distribution_id',
      'status',
      eb.fn.countAll<number>().as('n'),
      eb.fn.count<number>('sent_at').as('sent'),
      eb.fn.count<number>('opened_at').as('opened'),
      eb.fn.count<number>('started_at').as('started'),
      eb.fn.count<number>('completed_at').as('completed'),
    ])
    .where('org_id', '=', orgId)
    .where('distribution_id', 'in', distributionIds)
    .groupBy(['distribution_id', 'status'])
    .execute()
  for (const r of rows) {
    const f = funnels.get(r.distribution_id)!
    f.invited += Number(r.n)
    f.sent += Number(r.sent)
    f.opened += Number(r.opened)
    f.started += Number(r.started)
    f.completed += Number(r.completed)
    if (r.status === 'failed') f.failed += Number(r.n)
    if (r.status === 'unsubscribed') f.unsubscribed += Number(r.n)
  }
  return funnels
}

async function distributionRow(
  scope: Scope,
  distributionId: string,
): Promise<Selectable<DistributionTable>> {
  const row = await scope.db
    .selectFrom('distributions')
    .selectAll()
    .where('org_id', '=', scope.orgId)
    .where('id', '=', distributionId)
    .executeTakeFirst()
  if (!row)
    throw new NotFoundError('DISTRIBUTION_NOT_FOUND', `No distribution ${distributionId}.`, [
      { path: 'id', reason: 'unknown distribution' },
    ])
  return row
}

export async function getDistribution(scope: Scope, distributionId: string): Promise<Distribution> {
  requirePermission(scope.actor, 'distributions:read')
  const row = await distributionRow(scope, distributionId)
  const funnels = await distributionFunnels(scope.db, scope.orgId, [row.id])
  return toDistribution(row, funnels.get(row.id)!)
}

export async function listDistributions(scope: Scope, surveyId: string): Promise<Distribution[]> {
  requirePermission(scope.actor, 'distributions:read')
  await getSurvey(scope, surveyId)
  const rows = await scope.db
    .selectFrom('distributions')
    .selectAll()
    .where('org_id', '=', scope.orgId)
    .where('survey_id', '=', surveyId)
    .orderBy('created_at', 'desc')
    .execute()
  const funnels = await distributionFunnels(
    scope.db,
    scope.orgId,
    rows.map((r) => r.id),
  )
  return rows.map((r) => toDistribution(r, funnels.get(r.id)!))
}

/**
 * Queue the distribution: one invitation with its own token per contact in
 * the list (idempotent — asking twice creates none twice). The background job
 * sends them now, or at `sendAt`.
 */
export async function startDistribution(
  scope: Scope,
  distributionId: string,
): Promise<Distribution> {
  requirePermission(scope.actor, 'distributions:write')
  const row = await distributionRow(scope, distributionId)
  const survey = await getSurvey(scope, row.survey_id)
  if (survey.status !== 'published') {
    throw new ConflictError(
      'SURVEY_NOT_PUBLISHED',
      'Publish the survey before sending invitations to it.',
      [{ path: 'surveyId', reason: `the survey is ${survey.status}` }],
      { status: survey.status },
    )
  }
  if (row.status !== 'draft') {
    throw new ConflictError(
      'DISTRIBUTION_ALREADY_STARTED',
      `This distribution is already ${row.status}.`,
      [{ path: 'status', reason: `is ${row.status}` }],
      { status: row.status, allowedNext: [] },
    )
  }
  const status: DistributionStatus =
    row.send_at !== null && Number(row.send_at) > scope.now ? 'scheduled' : 'sending'
  await scope.db.transaction().execute(async (trx) => {
    const contacts = await trx
      .selectFrom('contacts')
      .select('id')
      .where('org_id', '=', scope.orgId)
      .where('list_id', '=', row.list_id)
      .execute()
    for (let i = 0; i < contacts.length; i += 500) {
      const invitations = contacts.slice(i, i + 500).map((c) => ({
        id: newId(),
        org_id: scope.orgId,
        distribution_id: row.id,
        contact_id: c.id,
        token: newSecret(18),
        status: 'pending',
        error: null,
        attempts: 0,
        reminders_sent: 0,
        claimed_at: null,
        sent_at: null,
        last_sent_at: null,
        opened_at: null,
        started_at: null,
        completed_at: null,
        response_id: null,
      }))
      await trx
        .insertInto('invitations')
        .values(invitations)
        .onConflict((oc) => oc.columns(['distribution_id', 'contact_id']).doNothing())
        .execute()
    }
    // Only the first caller moves it out of draft; a concurrent second start changes nothing.
    const moved = await trx
      .updateTable('distributions')
      .set({ status })
      .where('id', '=', row.id)
      .where('status', '=', 'draft')
      .executeTakeFirst()
    if (Number(moved.numUpdatedRows) === 0)
      throw new ConflictError(
        'DISTRIBUTION_ALREADY_STARTED',
        'This distribution was started meanwhile.',
        [{ path: 'status', reason: 'already started' }],
      )
    await recordAudit(trx, scope, {
      action: 'distribution.start',
      entity: 'distribution',
      entityId: row.id,
      detail: { contacts: contacts.length, status },
    })
  })
  return getDistribution(scope, distributionId)
}

const iso = (v: number | string | null) => (v === null ? null : new Date(Number(v)).toISOString())

export async function listInvitations(
  scope: Scope,
  distributionId: string,
  options: { status?: string; limit?: number; offset?: number } = {},
): Promise<{ total: number; items: InvitationView[] }> {
  requirePermission(scope.actor, 'distributions:read')
  await distributionRow(scope, distributionId)
  let query = scope.db
    .selectFrom('invitations as i')
    .innerJoin('contacts as c', 'c.id', 'i.contact_id')
    .where('i.org_id', '=', scope.orgId)
    .where('i.distribution_id', '=', distributionId)
  if (options.status) query = query.where('i.status', '=', options.status)
  const total = await query
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const rows = await query
    .select([
      'i.id',
      'c.name',
      'c.email',
      'c.phone',
      'i.status',
      'i.error',
      'i.reminders_sent',
      'i.sent_at',
      'i.opened_at',
      'i.started_at',
      'i.completed_at',
    ])
    .orderBy('i.id')
    .limit(Math.min(options.limit ?? 100, 1000))
    .offset(options.offset ?? 0)
    .execute()
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      id: r.id,
      contactName: r.name,
      address: r.email ?? r.phone ?? '',
      status: r.status,
      error: r.error,
      remindersSent: r.reminders_sent,
      sentAt: iso(r.sent_at),
      openedAt: iso(r.opened_at),
      startedAt: iso(r.started_at),
      completedAt: iso(r.completed_at),
    })),
  }
}
