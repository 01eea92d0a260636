import { recordAudit } from '../audit/audit.service.js'
import type { Scope } from '../db/scope.js'
import { isRecordWithinUnits, recordsWithinUnits } from '../db/scope.js'
import { NotFoundError } from '../shared/errors.js'
import { parseStoredJson } from '../shared/stored-json.js'
import {
  customerOfLink,
  customersByIds,
  eventsOfCustomers,
  linksOf,
  transactionsOf,
  transactionTotals,
} from './customer.repository.js'
import {
  type CustomerPage,
  LINK_KINDS,
  type LinkFacts,
  LinkFactsSchema,
  type LinkKind,
  type TimelineEntry,
} from './customer.schema.js'
import { surveyLinkTexts } from '../surveys/survey.service.js'
import { customerEventOf, customerRecords, loadCustomer } from './customer.service.js'

/** How many entries of each kind the page shows (newest first). */
const PAGE_LIMIT = 200

/** Statuses of a case still being worked. */
const OPEN_CASE_STATUSES = new Set(['new', 'acknowledged', 'investigating'])

/** A case's current state, as the cases domain tells it (given by the composition root). */
export interface CaseFacts {
  number: string
  status: string
  /** Granted or approved money compensation (refund, voucher, gift), in cents. */
  compensation: number
  /** Granted or approved points compensation, in points: not money, so never added to it. */
  compensationPoints?: number
}

/**
 * What came from answers to surveys that are anonymous now (src/cases/case-withheld.ts, given by
 * the composition root): those surveys, the feedback taken in from their answers and the cases
 * opened from them. A customer's page and "whose is this record" leave them out: listed under a
 * customer they would tell who answered, which the case list, case page and text insights withhold.
 */
export interface WithheldRecords {
  surveys: ReadonlySet<string>
  feedbackIds: ReadonlySet<string>
  caseIds: ReadonlySet<string>
}

const NOTHING_WITHHELD: WithheldRecords = {
  surveys: new Set(),
  feedbackIds: new Set(),
  caseIds: new Set(),
}

function isWithheld(
  withheld: WithheldRecords,
  link: { kind: string; source_id: string },
  facts: LinkFacts,
): boolean {
  if (link.kind === 'answer') return withheld.surveys.has(facts.surveyId ?? '')
  if (link.kind === 'feedback') return withheld.feedbackIds.has(link.source_id)
  if (link.kind === 'case') return withheld.caseIds.has(link.source_id)
  return false
}

/** Reads cases' current state for the page; a case outside the reader's units is left out. */
export type CaseFactsReader = (
  scope: Scope,
  caseIds: readonly string[],
) => Promise<Map<string, CaseFacts>>

/**
 * The customer page (360°): the customer and keys, one timeline of answers, feedback (with
 * sentiment), cases (their status and compensation now), invitations and transactions, and a
 * summary — the latest satisfaction, last contact, open cases, spend. A merged customer's page is
 * the page of the customer it was merged into. Every view is audited (ids only).
 */
export async function customerPage(
  scope: Scope,
  id: string,
  readCases: CaseFactsReader,
  withheld: WithheldRecords = NOTHING_WITHHELD,
): Promise<CustomerPage> {
  let row = await loadCustomer(scope, scope.db, id)
  if (row.merged_into !== null) row = await loadCustomer(scope, scope.db, row.merged_into)
  const within = recordsWithinUnits(scope)
  const visible = (unitId: string | null) =>
    within === undefined || (unitId !== null && within.includes(unitId))
  // An answer to a survey that is anonymous now (taken in before it was made so), its feedback
  // and a case opened from it are left off the page (WithheldRecords).
  const links = (await linksOf(scope.db, scope.orgId, row.id, PAGE_LIMIT * 4))
    .filter((l) => visible(l.unit_id))
    .map((l) => ({
      ...l,
      parsed: parseStoredJson(LinkFactsSchema, l.facts, 'customer_links.facts'),
    }))
    .filter((l) => !isWithheld(withheld, l, l.parsed))
  const caseIds = links.filter((l) => l.kind === 'case').map((l) => l.source_id)
  const cases = caseIds.length > 0 ? await readCases(scope, caseIds) : new Map<string, CaseFacts>()
  // The answers' survey titles, read now through the surveys domain (a renamed survey shows its name).
  const surveyIds = [
    ...new Set(
      links.flatMap((l) => (l.kind === 'answer' && l.parsed.surveyId ? [l.parsed.surveyId] : [])),
    ),
  ]
  const surveys =
    surveyIds.length > 0 ? await surveyLinkTexts(scope.db, surveyIds) : new Map<string, never>()
  const timeline: TimelineEntry[] = []
  for (const link of links) {
    let facts: LinkFacts = link.parsed
    if (link.kind === 'case') {
      const now = cases.get(link.source_id)
      if (!now) continue
      facts = {
        ...facts,
        caseNumber: now.number,
        status: now.status,
        compensation: now.compensation,
        ...(now.compensationPoints ? { compensationPoints: now.compensationPoints } : {}),
      }
    }
    if (link.kind === 'answer' && facts.surveyId !== undefined) {
      const title = surveys.get(facts.surveyId)?.title
      if (title) facts = { ...facts, surveyTitle: title }
    }
    timeline.push({
      kind: link.kind as LinkKind,
      id: link.source_id,
      at: link.occurred_at,
      unitId: link.unit_id,
      facts,
    })
  }
  const transactions = (await transactionsOf(scope.db, scope.orgId, row.id, PAGE_LIMIT)).filter(
    (t) => visible(t.unit_id),
  )
  for (const t of transactions)
    timeline.push({
      kind: 'transaction',
      id: t.id,
      at: t.occurred_at,
      unitId: t.unit_id,
      facts: t.channel ? { channel: t.channel } : {},
      amount: t.amount,
      isRefund: t.is_refund === 1,
      type: t.type,
      externalId: t.external_id,
    })
  timeline.sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1))
  const scored = timeline.find(
    (e) => e.kind === 'answer' && (e.facts.nps != null || e.facts.csat != null),
  )
  const contact = timeline.find((e) => (LINK_KINDS as readonly string[]).includes(e.kind))
  const totals = await transactionTotals(scope.db, scope.orgId, row.id)
  const [customer] = await customerRecords(scope, scope.db, [row])
  const events = await eventsOfCustomers(scope.db, scope.orgId, [row.id])
  await recordAudit(scope.db, scope, {
    action: 'customer.view',
    entity: 'customer',
    entityId: row.id,
    ...(row.id === id ? {} : { detail: { requestedId: id } }),
  })
  return {
    customer: customer!,
    summary: {
      satisfaction: scored
        ? { nps: scored.facts.nps ?? null, csat: scored.facts.csat ?? null, at: scored.at }
        : null,
      lastContactAt: contact?.at ?? null,
      openCases: timeline.filter(
        (e) => e.kind === 'case' && OPEN_CASE_STATUSES.has(e.facts.status ?? ''),
      ).length,
      answers: timeline.filter((e) => e.kind === 'answer').length,
      transactions: totals.count,
      spend: Math.round(totals.spend * 100) / 100,
      refunds: totals.refunds,
    },
    timeline: timeline.slice(0, PAGE_LIMIT * 2),
    events: events.map(customerEventOf),
  }
}

/** The customer a record (an answer, feedback record, case or invitation) is linked to. */
export async function customerOfRecord(
  scope: Scope,
  kind: LinkKind,
  sourceId: string,
  withheld: WithheldRecords = NOTHING_WITHHELD,
): Promise<{ customerId: string }> {
  const link = await customerOfLink(scope.db, scope.orgId, kind, sourceId)
  const shown =
    link &&
    !isWithheld(
      withheld,
      { kind, source_id: sourceId },
      parseStoredJson(LinkFactsSchema, link.facts, 'customer_links.facts'),
    )
  const [row] = shown ? await customersByIds(scope.db, scope.orgId, [link.customerId]) : []
  if (!row || !isRecordWithinUnits(scope, row.unit_id))
    throw new NotFoundError('CUSTOMER_NOT_FOUND', `No customer is linked to this ${kind}.`, [
      { path: 'sourceId', reason: 'no customer linked' },
    ])
  return { customerId: row.merged_into ?? row.id }
}
