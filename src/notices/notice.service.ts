import { noticeCompliance, pooledCompliance } from '../analytics/notice-compliance.js'
import { satisfactionByLead } from '../analytics/notice-lead-satisfaction.js'
import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import {
  customerAnswerScores,
  customerContactsInUnits,
} from '../customers/customer-contacts.service.js'
import type { Scope } from '../db/scope.js'
import { maskPersonal } from '../personal-data/personal-view.service.js'
import { sealSecret } from '../personal-data/sealed-secret.service.js'
import { ForbiddenError, NotFoundError, ValidationError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import type { Locale } from '../shared/locale.js'
import { parseInput } from '../shared/validation.js'
import { listUnits, unitSubtreeIds } from '../units/unit.service.js'
import {
  type Notice,
  type NoticeCompliance,
  NoticeComplianceQuerySchema,
  type NoticeDetail,
  NoticeInputSchema,
  type NoticeKind,
  type NoticeSatisfaction,
  type NoticeSettings,
  NoticeSettingsInputSchema,
  type NoticeStateCounts,
} from './notice.schema.js'
import {
  findNotice,
  findNoticeSettings,
  insertNotice,
  insertNoticeMessages,
  messageStateCounts,
  messagesOfNotice,
  messageTimings,
  type NoticeMessageRow,
  type NoticeRow,
  noticesStartingBetween,
  saveNoticeSettings,
} from './notice.repository.js'

/** Without settings: no gateway, and the seven days of 供电营业规则 (1996) art. 67. */
const DEFAULT_LEAD_DAYS = 7
const DAY_MS = 86_400_000
/** Messages a notice's page lists. */
const MESSAGE_PAGE = 2_000
const LIST_LIMIT = 200

export async function noticeSettings(scope: Scope): Promise<NoticeSettings> {
  requirePermission(scope.actor, 'cases:read')
  const row = await findNoticeSettings(scope.db, scope.orgId)
  return {
    gatewayUrl: row?.gatewayUrl ?? null,
    gatewaySigned: Boolean(row?.gatewaySecret),
    leadDays: row?.leadDays ?? DEFAULT_LEAD_DAYS,
  }
}

/** The gateway (its secret sealed, kept when not given again) and the compliance lead time. */
export async function updateNoticeSettings(scope: Scope, input: unknown): Promise<NoticeSettings> {
  requirePermission(scope.actor, 'cases:configure')
  const body = parseInput(NoticeSettingsInputSchema, input, 'notice settings')
  const existing = await findNoticeSettings(scope.db, scope.orgId)
  const secret =
    body.gatewayUrl === null
      ? null
      : body.gatewaySecret !== undefined
        ? sealSecret(scope.db, body.gatewaySecret)
        : (existing?.gatewaySecret ?? null)
  if (body.gatewayUrl !== null && secret === null)
    throw new ValidationError('VALIDATION_FAILED', 'A gateway needs a signing secret.', [
      { path: 'gatewaySecret', reason: 'required with a gateway', rule: 'required' },
    ])
  await scope.db.transaction().execute(async (trx) => {
    await saveNoticeSettings(trx, {
      orgId: scope.orgId,
      gatewayUrl: body.gatewayUrl,
      gatewaySecret: secret,
      leadDays: body.leadDays,
      updatedAt: scope.now,
    })
    await recordAudit(trx, scope, {
      action: 'notice.settings',
      entity: 'organisation',
      entityId: scope.orgId,
      detail: { gatewayUrl: body.gatewayUrl, leadDays: body.leadDays },
    })
  })
  return noticeSettings(scope)
}

/** A recipient of a notice before its messages are made. */
interface Recipient {
  key: string
  customerId: string | null
  phone: string | null
  email: string | null
  locale: Locale
}

/**
 * Announce a planned outage or disruption: everyone of the area (the units' customers, each unit
 * with everything below it) and of the list gets one message per address (SMS through the
 * gateway, e-mail), queued for the delivery job. A unit-limited member announces only for their
 * units, and only an organisation-wide member names customers by list.
 */
export async function createNotice(scope: Scope, input: unknown): Promise<NoticeDetail> {
  requirePermission(scope.actor, 'cases:supervise')
  const body = parseInput(NoticeInputSchema, input, 'notice')
  const startsAt = Date.parse(body.startsAt)
  const endsAt = Date.parse(body.endsAt)
  if (endsAt <= scope.now)
    throw new ValidationError('VALIDATION_FAILED', 'The notice has ended already.', [
      { path: 'endsAt', reason: 'must be in the future' },
    ])
  const unitIds = [...new Set(body.unitIds)]
  await requireUnits(scope, unitIds)
  if (body.recipients.length > 0 && scope.units !== undefined)
    throw new ForbiddenError(
      'FORBIDDEN',
      'Only an organisation-wide member names customers by list; announce for your units instead.',
    )
  const area = await unitSubtreeIds(scope, unitIds)
  const recipients: Recipient[] = (await customerContactsInUnits(scope, area)).map((c) => ({
    key: c.customerId,
    customerId: c.customerId,
    phone: c.phone,
    email: c.email,
    locale: 'zh-CN',
  }))
  body.recipients.forEach((r, i) =>
    recipients.push({
      key: `list:${i}`,
      customerId: null,
      phone: r.phone?.replace(/[ -]/g, '') ?? null,
      email: r.email ?? null,
      locale: r.locale,
    }),
  )
  const notice: NoticeRow = {
    id: `ntc_${newId(scope.now)}`,
    orgId: scope.orgId,
    kind: body.kind,
    title: body.title,
    reason: body.reason,
    unitIds,
    startsAt,
    endsAt,
    createdBy: scope.actor.id,
    createdAt: scope.now,
  }
  const messages = messagesFor(scope, notice.id, recipients)
  await scope.db.transaction().execute(async (trx) => {
    await insertNotice(trx, notice)
    await insertNoticeMessages(trx, messages)
    await recordAudit(trx, scope, {
      action: 'notice.create',
      entity: 'notice',
      entityId: notice.id,
      detail: {
        kind: notice.kind,
        unitIds,
        recipients: recipients.length,
        messages: messages.length,
      },
    })
  })
  return noticeDetail(scope, notice.id)
}

/** One message per distinct address: a phone or e-mail named twice is told once. */
function messagesFor(
  scope: Scope,
  noticeId: string,
  recipients: readonly Recipient[],
): NoticeMessageRow[] {
  const seen = new Set<string>()
  const rows: NoticeMessageRow[] = []
  for (const r of recipients) {
    for (const [channel, address] of [
      ['sms', r.phone],
      ['email', r.email],
    ] as const) {
      if (address === null || seen.has(`${channel}:${address}`)) continue
      seen.add(`${channel}:${address}`)
      rows.push({
        id: `ntm_${newId(scope.now)}`,
        orgId: scope.orgId,
        noticeId,
        recipient: r.key,
        customerId: r.customerId,
        channel,
        addressSealed: sealSecret(scope.db, address),
        addressMasked: maskPersonal(channel === 'sms' ? 'phone' : 'email', address) ?? '****',
        locale: r.locale,
        state: 'queued',
        attempts: 0,
        nextAt: scope.now,
        claimedAt: null,
        sentAt: null,
        deliveredAt: null,
        error: null,
        createdAt: scope.now,
      })
    }
  }
  return rows
}

/** Every unit named must be the organisation's and within the member's units (UNIT_NOT_FOUND). */
async function requireUnits(scope: Scope, unitIds: readonly string[]): Promise<void> {
  if (unitIds.length === 0) return
  const known = new Set((await listUnits(scope)).map((u) => u.id))
  const missing = unitIds.find(
    (id) => !known.has(id) || (scope.units !== undefined && !scope.units.includes(id)),
  )
  if (missing !== undefined)
    throw new NotFoundError('UNIT_NOT_FOUND', `No unit ${missing} in this organisation.`, [], {
      id: missing,
    })
}

/** Whether the member sees the notice: organisation-wide, or every unit of its area is theirs. */
function visible(scope: Scope, notice: NoticeRow): boolean {
  if (scope.units === undefined) return true
  return notice.unitIds.length > 0 && notice.unitIds.every((id) => scope.units!.includes(id))
}

const EMPTY_COUNTS: NoticeStateCounts = { queued: 0, sending: 0, sent: 0, delivered: 0, failed: 0 }

function toNotice(row: NoticeRow, counts: NoticeStateCounts): Notice {
  return {
    id: row.id,
    kind: row.kind as NoticeKind,
    title: row.title,
    reason: row.reason,
    startsAt: new Date(row.startsAt).toISOString(),
    endsAt: new Date(row.endsAt).toISOString(),
    unitIds: row.unitIds,
    createdAt: new Date(row.createdAt).toISOString(),
    messages: counts,
  }
}

async function countsOf(scope: Scope, ids: readonly string[]) {
  const counts = new Map<string, NoticeStateCounts>()
  for (const c of await messageStateCounts(scope.db, scope.orgId, ids)) {
    const entry = counts.get(c.noticeId) ?? { ...EMPTY_COUNTS }
    if (c.state in entry) entry[c.state as keyof NoticeStateCounts] += c.count
    counts.set(c.noticeId, entry)
  }
  return counts
}

/** Notices starting from 90 days ago on, latest start first, with their messages by state. */
export async function listNotices(scope: Scope): Promise<Notice[]> {
  requirePermission(scope.actor, 'cases:read')
  const rows = (
    await noticesStartingBetween(
      scope.db,
      scope.orgId,
      scope.now - 90 * DAY_MS,
      Number.MAX_SAFE_INTEGER,
      LIST_LIMIT,
    )
  ).filter((n) => visible(scope, n))
  const counts = await countsOf(
    scope,
    rows.map((r) => r.id),
  )
  return rows.map((r) => toNotice(r, counts.get(r.id) ?? { ...EMPTY_COUNTS }))
}

/** A notice with each message's state; addresses masked. */
export async function noticeDetail(scope: Scope, id: string): Promise<NoticeDetail> {
  requirePermission(scope.actor, 'cases:read')
  const row = await findNotice(scope.db, scope.orgId, id)
  if (!row || !visible(scope, row))
    throw new NotFoundError('NOTICE_NOT_FOUND', `No notice ${id}.`, [], { id })
  const counts = await countsOf(scope, [id])
  const messages = await messagesOfNotice(scope.db, scope.orgId, id, MESSAGE_PAGE)
  return {
    notice: toNotice(row, counts.get(id) ?? { ...EMPTY_COUNTS }),
    messages: messages.map((m) => ({
      id: m.id,
      channel: m.channel as 'sms' | 'email',
      address: m.addressMasked,
      customerId: m.customerId,
      state: m.state as NoticeDetail['messages'][number]['state'],
      attempts: m.attempts,
      sentAt: m.sentAt === null ? null : new Date(m.sentAt).toISOString(),
      deliveredAt: m.deliveredAt === null ? null : new Date(m.deliveredAt).toISOString(),
      error: m.error,
    })),
  }
}

/**
 * Notice compliance for notices starting in the period (default the last 90 days up to 90 days
 * ahead): per notice and pooled, the share of recipients told at least leadDays ahead.
 */
export async function noticeComplianceReport(
  scope: Scope,
  query: unknown,
): Promise<NoticeCompliance> {
  requirePermission(scope.actor, 'cases:read')
  const q = parseInput(NoticeComplianceQuerySchema, query, 'query')
  const from = q.from ? Date.parse(q.from) : scope.now - 90 * DAY_MS
  const to = q.to ? Date.parse(q.to) : scope.now + 90 * DAY_MS
  if (to <= from)
    throw new ValidationError('VALIDATION_FAILED', 'The period ends before it starts.', [
      { path: 'to', reason: 'must be after from' },
    ])
  const leadDays =
    q.leadDays ?? (await findNoticeSettings(scope.db, scope.orgId))?.leadDays ?? DEFAULT_LEAD_DAYS
  const notices = (
    await noticesStartingBetween(scope.db, scope.orgId, from, to, LIST_LIMIT)
  ).filter((n) => visible(scope, n))
  const timings = await messageTimings(
    scope.db,
    scope.orgId,
    notices.map((n) => n.id),
  )
  const rows = notices.map((n) => ({
    noticeId: n.id,
    title: n.title,
    startsAt: new Date(n.startsAt).toISOString(),
    ...noticeCompliance(
      timings.filter((t) => t.noticeId === n.id),
      n.startsAt,
      leadDays,
    ),
  }))
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    leadDays,
    overall: pooledCompliance(rows),
    notices: rows,
  }
}

/** Answers read after an outage: from its start to this long after its end. */
const ANSWER_WINDOW_MS = 30 * DAY_MS

/**
 * Satisfaction with notice read against lead time: for notices starting in the period (default as
 * compliance), each customer recipient's first answer from the outage's start to 30 days after its
 * end, grouped by how far ahead their first message left (not told, under a day, 1–3, 3–7, a
 * week or more) with the mean likelihood to recommend and its t interval. Listed recipients
 * without a customer record are not counted (no answer can be theirs).
 */
export async function noticeLeadSatisfaction(
  scope: Scope,
  query: unknown,
): Promise<NoticeSatisfaction> {
  requirePermission(scope.actor, 'cases:read')
  const q = parseInput(NoticeComplianceQuerySchema, query, 'query')
  const from = q.from ? Date.parse(q.from) : scope.now - 90 * DAY_MS
  const to = q.to ? Date.parse(q.to) : scope.now + 90 * DAY_MS
  if (to <= from)
    throw new ValidationError('VALIDATION_FAILED', 'The period ends before it starts.', [
      { path: 'to', reason: 'must be after from' },
    ])
  const notices = (
    await noticesStartingBetween(scope.db, scope.orgId, from, to, LIST_LIMIT)
  ).filter((n) => visible(scope, n))
  const timings = await messageTimings(
    scope.db,
    scope.orgId,
    notices.map((n) => n.id),
  )
  const rows: Array<{ leadMs: number | null; score: number }> = []
  for (const notice of notices) {
    // Each customer's earliest message that left (null: none did).
    const firstSent = new Map<string, number | null>()
    for (const t of timings) {
      if (t.noticeId !== notice.id || t.recipient.startsWith('list:')) continue
      const earlier = firstSent.get(t.recipient) ?? null
      const sent = t.sentAt
      firstSent.set(
        t.recipient,
        sent === null ? earlier : earlier === null ? sent : Math.min(earlier, sent),
      )
    }
    const answers = await customerAnswerScores(
      scope,
      [...firstSent.keys()],
      notice.startsAt,
      notice.endsAt + ANSWER_WINDOW_MS,
    )
    const counted = new Set<string>()
    for (const a of answers) {
      if (a.nps === null || counted.has(a.customerId)) continue
      counted.add(a.customerId)
      const sent = firstSent.get(a.customerId) ?? null
      rows.push({ leadMs: sent === null ? null : notice.startsAt - sent, score: a.nps })
    }
  }
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    bands: satisfactionByLead(rows).map((r) => ({
      band: r.band,
      n: r.n,
      mean: r.mean,
      ci95: r.ci95,
    })),
  }
}
