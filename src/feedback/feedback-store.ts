import {
  caseOpeningFor,
  loadCaseConfig,
  openCase,
  type CaseConfig,
  type CaseOpening,
  type OpenedCase,
} from '../cases/case-intake.service.js'
import { caseIdsByFeedback } from '../cases/case-lookup.service.js'
import { linkStoredFeedback } from '../customers/customer-links.service.js'
import type { Db } from '../db/database.js'
import type { Actor } from '../db/scope.js'
import { retryOnUniqueViolation } from '../db/unique-violation.js'
import { newId } from '../shared/ids.js'
import {
  analyzeText,
  loadTextConfig,
  type TextAnalysis,
  type TextConfig,
} from '../text/text-analysis.service.js'
import type { CheckedAttachment } from './attachments.js'
import { type CaseHorizon, isBeforeCaseHorizon } from './intake-horizon.js'
import {
  type AnalysisColumns,
  type AttachmentMeta,
  feedbackIdsByExternalId,
  feedbackIdsByResponse,
  type FeedbackRow,
  insertAttachment,
  insertFeedbackRows,
  type NewFeedback,
} from './feedback.repository.js'

export type { NewFeedback }

export interface FeedbackToStore {
  values: NewFeedback
  attachments: CheckedAttachment[]
  /** Survey answers, for configured case conditions. */
  answers?: Record<string, unknown>
  /**
   * The case decision, when the caller has made it (the survey intake decides
   * whether an answer is feedback at all by it): storing does not evaluate
   * the rules again nor load the configuration again.
   */
  decision?: { config: CaseConfig; opening: CaseOpening | null }
  /** The organisation's case configuration, when the caller has it loaded already. */
  config?: CaseConfig
}

export interface StoreResult {
  id: string
  caseId: string | null
  created: boolean
  /** The record as stored, when new (so callers need not read back what was just written). */
  row?: FeedbackRow
  attachments?: AttachmentMeta[]
  /** The case opened with it, when one was. */
  opened?: OpenedCase
}

/**
 * Store feedback records and, when a rule says so, open their cases — all in
 * one transaction, so feedback that should have a case never lacks one (and
 * a batch from the intake costs one commit, not one per answer). Idempotent
 * per (channel, external id) and per survey response. Returns each record's
 * id, its case, and whether it was new. Each record's text is analysed on the
 * way in, so new feedback shows its sentiment and topics at once. A record received before the
 * case horizon (`horizon`, the server's; intake-horizon.ts) is history and opens no case.
 */
export async function storeFeedbackBatch(
  db: Db,
  items: readonly FeedbackToStore[],
  actor: Pick<Actor, 'type' | 'id'>,
  now: number,
  horizon: CaseHorizon = {},
): Promise<StoreResult[]> {
  const caseConfigs = new Map<string, CaseConfig>()
  const textConfigs = new Map<string, TextConfig>()
  const prepared: PreparedFeedback[] = []
  for (const item of items) {
    const orgId = item.values.org_id
    const config =
      item.decision?.config ??
      item.config ??
      caseConfigs.get(orgId) ??
      (await loadCaseConfig({ db, orgId, now }))
    caseConfigs.set(orgId, config)
    const textConfig = textConfigs.get(orgId) ?? (await loadTextConfig({ db, orgId }))
    textConfigs.set(orgId, textConfig)
    const opening = item.decision
      ? item.decision.opening
      : isBeforeCaseHorizon(item.values.received_at, now, config.rules, horizon)
        ? null
        : caseOpeningFor(
            {
              kind: item.values.kind,
              nps: item.values.nps ?? null,
              csat: item.values.csat ?? null,
              ...(item.answers ? { answers: item.answers } : {}),
            },
            config.rules,
          )
    prepared.push({ ...item, config, opening, analysis: analyzeText(item.values.text, textConfig) })
  }
  const results = await retryOnUniqueViolation(() =>
    db.transaction().execute((trx) => storePrepared(trx, prepared, actor, now)),
  )
  // New records (and the cases they opened) join their customer's page (src/customers).
  await linkStoredFeedback(db, now, prepared, results)
  return results
}

type PreparedFeedback = FeedbackToStore & {
  config: CaseConfig
  opening: CaseOpening | null
  analysis: TextAnalysis
}

/**
 * A few queries per batch, not per record: one lookup of the records already
 * stored, one multi-row insert of the new ones; then attachments and cases.
 */
async function storePrepared(
  trx: Db,
  prepared: readonly PreparedFeedback[],
  actor: Pick<Actor, 'type' | 'id'>,
  now: number,
): Promise<StoreResult[]> {
  const existing = await findExisting(
    trx,
    prepared.map((p) => p.values),
  )
  const results: Array<StoreResult | null> = []
  const fresh: Array<{ index: number; row: FeedbackRow; item: PreparedFeedback }> = []
  const takenHere = new Map<string, number>()
  for (const [index, item] of prepared.entries()) {
    const key = identityOf(item.values)
    const earlier = key === null ? undefined : (existing.get(key) ?? takenHere.get(key))
    if (typeof earlier === 'string') {
      results.push({ id: earlier, caseId: null, created: false })
      continue
    }
    if (typeof earlier === 'number') {
      // The same record twice in one batch: the second is a repeat of the first.
      results.push(null)
      continue
    }
    const row = feedbackRow(item.values, newId(now), now, analysisColumns(item.analysis, now))
    if (key !== null) takenHere.set(key, index)
    fresh.push({ index, row, item })
    results.push({ id: row.id, caseId: null, created: true, row, attachments: [] })
  }
  await insertFeedbackRows(
    trx,
    fresh.map((f) => f.row),
  )
  for (const { index, row, item } of fresh) {
    const attachments: AttachmentMeta[] = []
    for (const a of item.attachments) {
      const id = newId(now)
      await insertAttachment(trx, {
        id,
        org_id: row.org_id,
        feedback_id: row.id,
        filename: a.filename,
        content_type: a.contentType,
        size: a.data.length,
        data: a.data,
        created_at: now,
      })
      attachments.push({
        id,
        filename: a.filename,
        contentType: a.contentType,
        size: a.data.length,
      })
    }
    const opened = item.opening
      ? await openCase(
          trx,
          item.answers ? { ...row, answers: item.answers } : row,
          item.opening,
          item.config,
          actor,
          now,
        )
      : undefined
    results[index] = {
      id: row.id,
      caseId: opened?.id ?? null,
      created: true,
      row,
      attachments,
      ...(opened ? { opened } : {}),
    }
  }
  const earlierIds = results.flatMap((r) => (r && !r.created ? [r.id] : []))
  const casesOfEarlier =
    earlierIds.length === 0 ? new Map<string, string>() : await caseIdsByFeedback(trx, earlierIds)
  return results.map((result, index) => {
    if (result === null) {
      const first = results[takenHere.get(identityOf(prepared[index]!.values)!)!]!
      return { id: first.id, caseId: first.caseId, created: false }
    }
    return result.created ? result : { ...result, caseId: casesOfEarlier.get(result.id) ?? null }
  })
}

/** The stored row of a new record: every column spelled out, the analysis included. */
function feedbackRow(
  values: NewFeedback,
  id: string,
  now: number,
  analysis: AnalysisColumns,
): FeedbackRow {
  return {
    id,
    org_id: values.org_id,
    channel: values.channel,
    kind: values.kind,
    customer_ref: values.customer_ref ?? null,
    customer_name: values.customer_name ?? null,
    customer_email: values.customer_email ?? null,
    customer_phone: values.customer_phone ?? null,
    text: values.text,
    rating: values.rating ?? null,
    nps: values.nps ?? null,
    csat: values.csat ?? null,
    store: values.store ?? null,
    unit_id: values.unit_id ?? null,
    employee_id: values.employee_id ?? null,
    department: values.department ?? null,
    survey_id: values.survey_id ?? null,
    response_id: values.response_id ?? null,
    external_id: values.external_id ?? null,
    created_by: values.created_by,
    received_at: values.received_at,
    created_at: now,
    ...analysis,
  }
}

/** What makes a record the same as one stored before: its survey response, or its channel's external id. */
function identityOf(values: NewFeedback): string | null {
  if (values.response_id) return `r|${values.response_id}`
  if (values.external_id) return `e|${values.org_id}|${values.channel}|${values.external_id}`
  return null
}

/** The ids of records already stored, by identityOf. */
async function findExisting(db: Db, values: readonly NewFeedback[]): Promise<Map<string, string>> {
  const found = new Map<string, string>()
  const responseIds = [...new Set(values.flatMap((v) => (v.response_id ? [v.response_id] : [])))]
  for (const [responseId, id] of await feedbackIdsByResponse(db, responseIds))
    found.set(`r|${responseId}`, id)
  const external = values.filter((v) => !v.response_id && v.external_id)
  for (const [group, members] of groupBy(external, (v) => `${v.org_id}|${v.channel}`)) {
    const [orgId, channel] = [members[0]!.org_id, members[0]!.channel]
    const ids = [...new Set(members.map((m) => m.external_id!))]
    for (const [externalId, id] of await feedbackIdsByExternalId(db, orgId, channel, ids))
      found.set(`e|${group}|${externalId}`, id)
  }
  return found
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item])
  return groups
}

export function analysisColumns(analysis: TextAnalysis, now: number): AnalysisColumns {
  return {
    language: analysis.language,
    sentiment: analysis.sentiment,
    sentiment_score: analysis.score,
    topics: analysis.topics.join(','),
    aspects: JSON.stringify(analysis.aspects),
    analysed_at: now,
  }
}
