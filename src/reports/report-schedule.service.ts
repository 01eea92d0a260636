import { randomUUID } from 'node:crypto'
import { requirePermission } from '../auth/permission.service.js'
import type { Db } from '../db/database.js'
import type { DialectFeatures } from '../db/dialect-features.js'
import { isRecordWithinUnits, type Scope } from '../db/scope.js'
import type { OutgoingMail } from '../distribution/invitation-delivery.js'
import { NotFoundError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import { listUnits, unitById } from '../units/unit.service.js'
import { buildReport, lastWholePeriod } from './report-content.service.js'
import { renderReportPdf } from './report-pdf.js'
import { formatFigure, reportWords, unitNameIn } from './report-words.js'
import { renderReportXlsx } from './report-xlsx.js'
import {
  activeSchedulesOfAll,
  archiveFile,
  deleteScheduleRow,
  findArchive,
  findSchedule,
  hasArchived,
  insertArchive,
  insertSchedule,
  listArchiveRows,
  listScheduleRows,
  claimedMail,
  claimReportMail,
  dueUnsentReportMail,
  type ClaimedReportMail,
  recordReportMailProgress,
  releaseReportMail,
  type ArchiveRow,
  type ScheduleRow,
  updateScheduleRow,
} from './report.repository.js'
import {
  ArchiveQuerySchema,
  type ArchivedReport,
  type Report,
  ReportFormatSchema,
  type ReportKind,
  type ReportLocale,
  ReportQuerySchema,
  type Schedule,
  ScheduleInputSchema,
} from './report.schema.js'

/**
 * Report schedules (a unit's weekly or monthly report, its language, who gets it by e-mail), the
 * archive of the reports made, files made on demand, and the background job that makes each
 * scheduled report once (several instances on one database: the archive's unique key per
 * schedule and period lets one of them store it, and only that one sends it). A report whose
 * e-mail did not go (the mail server failed, or the sending instance stopped) is sent later by
 * the same job, claimed by one instance, to the addresses not yet sent to.
 */

export const CONTENT_TYPES = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const

export interface ReportFile {
  filename: string
  contentType: string
  bytes: Buffer
}

function parseRecipients(text: string): string[] {
  const value = JSON.parse(text) as unknown
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
}

async function unitNames(scope: Pick<Scope, 'db' | 'orgId' | 'now'>) {
  const units = await listUnits(scope, { at: scope.now })
  return new Map(units.map((u) => [u.id, u]))
}

function toSchedule(
  row: ScheduleRow,
  names: Map<string, { nameZh: string; nameEn: string | null }>,
): Schedule {
  return {
    id: row.id,
    unitId: row.unit_id,
    unitNameZh: names.get(row.unit_id)?.nameZh ?? row.unit_id,
    unitNameEn: names.get(row.unit_id)?.nameEn ?? null,
    kind: row.kind as ReportKind,
    locale: row.locale as ReportLocale,
    recipients: parseRecipients(row.recipients),
    active: row.active === 1,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

/** How many addresses a report's e-mail has still to reach (none recorded before migration 0048). */
function pendingCount(pending: string | null): number {
  return pending === null ? 0 : parseRecipients(pending).length
}

function toArchived(
  row: ArchiveRow,
  names: Map<string, { nameZh: string; nameEn: string | null }>,
): ArchivedReport {
  return {
    id: row.id,
    scheduleId: row.schedule_key || null,
    unitId: row.unit_id,
    unitNameZh: names.get(row.unit_id)?.nameZh ?? row.unit_id,
    unitNameEn: names.get(row.unit_id)?.nameEn ?? null,
    kind: row.kind as ReportKind,
    period: row.period,
    locale: row.locale as ReportLocale,
    pdfSize: row.pdf_size,
    xlsxSize: row.xlsx_size,
    recipients: row.recipients,
    sentAt: row.sent_at,
    mailPending: row.sent_at === null ? pendingCount(row.mail_pending) : 0,
    mailError: row.sent_at === null ? row.mail_error : null,
    createdAt: row.created_at,
  }
}

async function requireUnit(scope: Scope, unitId: string): Promise<void> {
  const unit = await unitById(scope, unitId)
  if (!unit || !isRecordWithinUnits(scope, unitId))
    throw new NotFoundError(
      'UNIT_NOT_FOUND',
      `No unit ${unitId} in this organisation.`,
      [{ path: 'unitId', reason: 'no such unit within your units' }],
      { id: unitId },
    )
}

async function loadSchedule(scope: Scope, id: string): Promise<ScheduleRow> {
  const row = await findSchedule(scope.db, scope.orgId, id)
  if (!row || !isRecordWithinUnits(scope, row.unit_id))
    throw new NotFoundError('REPORT_SCHEDULE_NOT_FOUND', `No report schedule ${id}.`, [], { id })
  return row
}

export async function listSchedules(scope: Scope): Promise<{ schedules: Schedule[] }> {
  requirePermission(scope.actor, 'responses:read')
  const [rows, names] = await Promise.all([
    listScheduleRows(scope.db, scope.orgId),
    unitNames(scope),
  ])
  return {
    schedules: rows
      .filter((r) => isRecordWithinUnits(scope, r.unit_id))
      .map((r) => toSchedule(r, names)),
  }
}

export async function createSchedule(scope: Scope, input: unknown): Promise<Schedule> {
  requirePermission(scope.actor, 'plans:write')
  const q = parseInput(ScheduleInputSchema, input, 'body')
  await requireUnit(scope, q.unitId)
  const row: ScheduleRow = {
    id: newId(scope.now),
    org_id: scope.orgId,
    unit_id: q.unitId,
    kind: q.kind,
    locale: q.locale,
    recipients: JSON.stringify(q.recipients),
    active: q.active ? 1 : 0,
    created_by: scope.actor.id,
    created_at: scope.now,
    updated_at: scope.now,
  }
  await insertSchedule(scope.db, row)
  return toSchedule(row, await unitNames(scope))
}

export async function updateSchedule(scope: Scope, id: string, input: unknown): Promise<Schedule> {
  requirePermission(scope.actor, 'plans:write')
  await loadSchedule(scope, id)
  const q = parseInput(ScheduleInputSchema, input, 'body')
  await requireUnit(scope, q.unitId)
  await updateScheduleRow(scope.db, scope.orgId, id, {
    unit_id: q.unitId,
    kind: q.kind,
    locale: q.locale,
    recipients: JSON.stringify(q.recipients),
    active: q.active ? 1 : 0,
    updated_at: scope.now,
  })
  return toSchedule(await loadSchedule(scope, id), await unitNames(scope))
}

export async function deleteSchedule(scope: Scope, id: string): Promise<void> {
  requirePermission(scope.actor, 'plans:write')
  await loadSchedule(scope, id)
  await deleteScheduleRow(scope.db, scope.orgId, id)
}

export async function listArchive(
  scope: Scope,
  query: unknown,
): Promise<{ reports: ArchivedReport[] }> {
  requirePermission(scope.actor, 'responses:read')
  const q = parseInput(ArchiveQuerySchema, query ?? {}, 'query')
  const unitIds = q.unitId ? [q.unitId] : scope.units
  const [rows, names] = await Promise.all([
    listArchiveRows(scope.db, scope.orgId, {
      unitIds: unitIds?.filter((id) => isRecordWithinUnits(scope, id)),
    }),
    unitNames(scope),
  ])
  return { reports: rows.map((r) => toArchived(r, names)) }
}

function fileName(report: Pick<Report, 'unit' | 'kind' | 'period'>, format: 'pdf' | 'xlsx') {
  return `${report.unit.code}-${report.kind}-${report.period}.${format}`
}

/** An archived report's PDF or XLSX. */
export async function archivedReportFile(
  scope: Scope,
  id: string,
  format: unknown,
): Promise<ReportFile> {
  requirePermission(scope.actor, 'responses:read')
  const f = parseInput(ReportFormatSchema, format, 'format')
  const row = await findArchive(scope.db, scope.orgId, id)
  if (!row || !isRecordWithinUnits(scope, row.unit_id))
    throw new NotFoundError('REPORT_NOT_FOUND', `No report ${id}.`, [], { id })
  const bytes = await archiveFile(scope.db, scope.orgId, id, f)
  if (!bytes) throw new NotFoundError('REPORT_NOT_FOUND', `No report ${id}.`, [], { id })
  const unit = await unitById(scope, row.unit_id)
  return {
    filename: fileName(
      {
        unit: { id: row.unit_id, code: unit?.code ?? 'unit', nameZh: '', nameEn: null },
        kind: row.kind as ReportKind,
        period: row.period,
      },
      f,
    ),
    contentType: CONTENT_TYPES[f],
    bytes,
  }
}

/**
 * A unit's report made now as PDF or XLSX (any period; the dashboards' "export as PDF"). Query:
 * unitId, kind, period, locale, format.
 */
export async function reportFile(
  scope: Scope,
  query: Record<string, unknown>,
  options: { baseUrl?: string } = {},
): Promise<ReportFile> {
  const { format, ...rest } = query
  const f = parseInput(ReportFormatSchema, format ?? 'pdf', 'format')
  const q = parseInput(ReportQuerySchema, rest, 'query')
  const report = await buildReport(scope, q)
  const bytes =
    f === 'pdf'
      ? await renderReportPdf(report, q.locale, options)
      : await renderReportXlsx(report, q.locale)
  return { filename: fileName(report, f), contentType: CONTENT_TYPES[f], bytes }
}

// ---- the background job ----

export interface ScheduledReportDeps {
  db: Db
  features: DialectFeatures
  /** The outbound e-mail (distribution's SMTP sender). */
  mail: (message: OutgoingMail) => Promise<void>
  /** The app's public address, for links in the reports and the e-mails. */
  baseUrl: string
}

/** Who makes scheduled reports: the system, acting for the organisation as an administrator. */
const REPORT_ACTOR = { type: 'system', id: 'scheduled-reports', role: 'admin' } as const

/**
 * Makes every active schedule's report of its last whole period (week or month, in the
 * organisation's calendar) that is not archived yet, stores it, and e-mails it (PDF and XLSX
 * attached) to the schedule's addresses. Returns how many this run stored.
 */
export async function runScheduledReports(
  deps: ScheduledReportDeps,
  now: number,
): Promise<{ made: number; sent: number }> {
  let made = 0
  let sent = 0
  let firstError: unknown = null
  // First the e-mails earlier runs could not send, so a report already late goes first.
  sent += await sendUnsentReports(deps, now)
  for (const schedule of await activeSchedulesOfAll(deps.db)) {
    try {
      const result = await runSchedule(deps, schedule, now)
      made += result.made
      sent += result.sent
    } catch (error) {
      // One unit's failure (a closed unit, a refused address) leaves the others' reports to go.
      firstError ??= error
    }
  }
  if (firstError) throw firstError
  return { made, sent }
}

async function runSchedule(
  deps: ScheduledReportDeps,
  schedule: ScheduleRow,
  now: number,
): Promise<{ made: number; sent: number }> {
  const scope: Scope = {
    db: deps.db,
    features: deps.features,
    orgId: schedule.org_id,
    actor: REPORT_ACTOR,
    now,
  }
  const kind = schedule.kind as ReportKind
  const locale = schedule.locale as ReportLocale
  const period = await lastWholePeriod(scope, kind)
  if (await hasArchived(deps.db, schedule.org_id, schedule.id, period.period))
    return { made: 0, sent: 0 }
  const report = await buildReport(scope, {
    unitId: schedule.unit_id,
    kind,
    period: period.period,
    locale,
  })
  const [pdf, xlsx] = await Promise.all([
    renderReportPdf(report, locale, { baseUrl: deps.baseUrl }),
    renderReportXlsx(report, locale),
  ])
  const recipients = parseRecipients(schedule.recipients)
  const id = newId(now)
  const mail = reportMail(report, locale, deps.baseUrl, id)
  // Stored claimed by this run, so no other instance sends it while this one does; if this
  // process stops before it is sent, the claim goes stale and another instance sends it.
  const claim = randomUUID()
  const stored = await insertArchive(deps.db, {
    id,
    org_id: schedule.org_id,
    schedule_key: schedule.id,
    unit_id: schedule.unit_id,
    kind,
    period: period.period,
    locale,
    pdf,
    xlsx,
    pdf_size: pdf.length,
    xlsx_size: xlsx.length,
    recipients: recipients.length,
    sent_at: null,
    created_at: now,
    mail_subject: mail.subject,
    mail_text: mail.text,
    mail_pending: JSON.stringify(recipients),
    mail_claim: recipients.length === 0 ? null : claim,
    mail_claimed_at: recipients.length === 0 ? null : now,
    mail_attempts: 0,
    mail_next_at: null,
    mail_error: null,
  })
  // Another instance stored this period's report first: that one sends it.
  if (!stored) return { made: 0, sent: 0 }
  if (recipients.length === 0) return { made: 1, sent: 0 }
  const claimed = await claimedMail(deps.db, id, claim)
  return { made: 1, sent: claimed ? await sendClaimedReport(deps, claimed, claim, now) : 0 }
}

// ---- e-mails of archived reports not yet sent ----

/**
 * Tries after a failure: 5 min, 30 min, 2 h, 6 h, then daily for a week; the job runs hourly,
 * so a delay under an hour waits for its next run.
 */
const MAIL_RETRY_DELAYS_MS = [
  300_000, 1_800_000, 7_200_000, 21_600_000, 86_400_000, 86_400_000, 86_400_000, 86_400_000,
  86_400_000, 86_400_000, 86_400_000,
]
/**
 * A claim older than this belongs to an instance that stopped: another takes the e-mail over.
 * Far beyond a mail server's time to take a message (the SMTP sender's own timeouts are in
 * seconds), so a live sender is never overtaken.
 */
export const REPORT_MAIL_STALE_MS = 30 * 60_000
const MAIL_BATCH = 20

/**
 * Sends the e-mails of archived reports that were made but not (wholly) sent — the mail server
 * failed, or the instance that made one stopped before sending it — each claimed by one instance,
 * to the addresses not yet sent to. Returns how many messages went.
 */
export async function sendUnsentReports(deps: ScheduledReportDeps, now: number): Promise<number> {
  const claim = randomUUID()
  let sent = 0
  const found = await dueUnsentReportMail(deps.db, now, {
    staleMs: REPORT_MAIL_STALE_MS,
    maxAttempts: MAIL_RETRY_DELAYS_MS.length + 1,
    limit: MAIL_BATCH,
  })
  for (const candidate of found) {
    const mail = await claimReportMail(deps.db, candidate, claim, now)
    if (mail) sent += await sendClaimedReport(deps, mail, claim, now)
  }
  return sent
}

/**
 * Sends a claimed report to each address left, recording each as soon as the mail server took
 * it, so a later try never writes to it again. A permanent refusal (no such mailbox) drops that
 * address; any other failure hands the report back to be tried after a delay. The one message
 * that can go twice is one the server took just before this process stopped, unrecorded.
 */
async function sendClaimedReport(
  deps: ScheduledReportDeps,
  mail: ClaimedReportMail,
  claim: string,
  now: number,
): Promise<number> {
  const unit = await unitById({ db: deps.db, orgId: mail.orgId }, mail.filenameStem.unitId)
  const stem = `${unit?.code ?? 'unit'}-${mail.filenameStem.kind}-${mail.filenameStem.period}`
  const pending = [...mail.pending]
  let sent = 0
  let refused: string | null = null
  while (pending.length > 0) {
    const address = pending[0]!
    try {
      await deps.mail({
        to: { address },
        subject: mail.subject,
        text: mail.text,
        headers: { 'X-Manyi-Report': mail.id },
        attachments: [
          { filename: `${stem}.pdf`, content: mail.pdf, contentType: CONTENT_TYPES.pdf },
          { filename: `${stem}.xlsx`, content: mail.xlsx, contentType: CONTENT_TYPES.xlsx },
        ],
      })
      sent++
    } catch (error) {
      const message = `${address}: ${(error as Error).message}`.slice(0, 300)
      if ((error as { permanent?: boolean }).permanent !== true) {
        const attempts = mail.attempts + 1
        const delay = MAIL_RETRY_DELAYS_MS[attempts - 1] ?? 0
        await releaseReportMail(deps.db, mail.id, claim, {
          attempts,
          nextAt: now + delay,
          error: message,
        })
        return sent
      }
      refused = message
    }
    pending.shift()
    const held = await recordReportMailProgress(deps.db, mail.id, claim, {
      pending,
      now,
      error: refused,
    })
    if (!held) return sent
  }
  return sent
}

/** The e-mail's subject and text: the key figures in words, the files attached, the archive linked. */
export function reportMail(
  report: Report,
  locale: ReportLocale,
  baseUrl: string,
  archiveId: string,
): { subject: string; text: string } {
  const w = reportWords(locale)
  const subject = `${unitNameIn(locale, report.unit)} ${w.title(report.kind)} ${report.period}`
  const lines = report.metrics.map(
    (m) =>
      `${w.metricNames[m.metric]}: ${formatFigure(m.metric, m.value)} (n=${m.n})` +
      (m.target === null ? '' : `, ${w.target} ${formatFigure(m.metric, m.target)}`),
  )
  const overdue = report.plans.filter((p) => p.overdue).length
  return {
    subject,
    text: [
      subject,
      `${w.period}: ${report.from} – ${report.to}`,
      '',
      ...lines,
      `${w.overdue}: ${overdue}`,
      '',
      `${baseUrl}/app/reports?report=${archiveId}`,
    ].join('\n'),
  }
}
