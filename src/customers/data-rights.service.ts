import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import { ConflictError, ValidationError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import type { WorkbookSheet } from '../tabular/table-download.service.js'
import { openKey } from './customer-keys.js'
import { CUSTOMER_KEY_FIELDS } from './customer-links.service.js'
import { type CustomerRow, eventsOfCustomers, insertEvent } from './customer.repository.js'
import type { CustomerKeyKind } from './customer.schema.js'
import { loadCustomer } from './customer.service.js'
import {
  allKeysOf,
  allLinksOf,
  allTransactionsOf,
  customerAndMergedIds,
  eraseCustomerRows,
} from './data-rights.repository.js'
import {
  type CustomerDataExport,
  EraseInputSchema,
  type ErasureReport,
  type RetentionType,
} from './data-rights.schema.js'

// Customers' rights over their data (PIPL art. 45 and 47, GDPR art. 15, 17 and 20): a copy of
// everything held about a customer (JSON or XLSX) and its erasure. The customer tables are read
// here; the records of other domains (answers, feedback, cases, contact lists, text corrections)
// through the holders the composition root hands in, each the owner's own service, so every
// table stays with its domain. Erasure runs in one transaction: the personal values go, the
// records stay — with their scores, units, channels and times — so every count, score and
// interval built on them is what it was. Exports and erasures are audited with ids only.

/** The records a request covers, gathered from the customer's links and keys. */
export interface LinkedIds {
  answers: string[]
  feedback: string[]
  cases: string[]
  invitations: string[]
  /** The customer's e-mail addresses and phone numbers (normalised), for contact lists. */
  emails: string[]
  phones: string[]
  /** The customer's account, member and external numbers (normalised), for other systems' references. */
  references: string[]
  /** The customer and those merged into it (records keyed by customer id: the points ledger). */
  customerIds: string[]
  /** Hidden fields of answers that carry a customer key (account, phone …). */
  keyFields: readonly string[]
}

export type DataSection =
  | 'answers'
  | 'feedback'
  | 'cases'
  | 'contacts'
  | 'textCorrections'
  | 'loyalty'
  | 'serviceEvents'
  | 'notices'
  | 'appointments'

/** A domain's part of a request: what it holds for these ids, and its erasure. */
export interface PersonalDataHolder {
  section: DataSection
  read(db: Db, orgId: string, ids: LinkedIds): Promise<ReadonlyArray<object>>
  /** Adds the ids this section found (feedback through answers, cases through feedback). */
  expand?(rows: ReadonlyArray<object>, ids: LinkedIds): void
  /** Erases the section's personal values for these ids; returns how many records it changed. */
  erase(db: Db, orgId: string, ids: LinkedIds): Promise<number>
}

/** Each record type's expiry: erase the personal parts of up to `limit` records older than `before`. */
export type RecordExpiry = Record<
  Exclude<RetentionType, 'customers'>,
  (db: Db, orgId: string, before: number, limit: number) => Promise<number>
>

function erasedAlready(id: string): ConflictError {
  return new ConflictError('CUSTOMER_ERASED', `The personal data of customer ${id} was erased.`, [
    { path: 'id', reason: 'erased' },
  ])
}

/** The customer a request is about: a merged customer leads to the one it was merged into. */
async function subjectOf(scope: Scope, db: Db, id: string): Promise<CustomerRow> {
  let row = await loadCustomer(scope, db, id)
  if (row.merged_into !== null) row = await loadCustomer(scope, db, row.merged_into)
  if (row.erased_at != null) throw erasedAlready(row.id)
  return row
}

/** Keys other systems use as the customer's reference (service events' customer_ref). */
const REFERENCE_KINDS: readonly string[] = ['account', 'member', 'external']

async function gather(
  db: Db,
  scope: Scope,
  row: CustomerRow,
  holders: readonly PersonalDataHolder[],
) {
  const ids = await customerAndMergedIds(db, scope.orgId, row.id)
  const keys = await allKeysOf(db, scope.orgId, ids)
  const links = await allLinksOf(db, scope.orgId, ids)
  const transactions = await allTransactionsOf(db, scope.orgId, ids)
  const opened = keys.map((k) => ({ row: k, value: openKey(db, k) }))
  const linked: LinkedIds = {
    answers: [],
    feedback: [],
    cases: [],
    invitations: [],
    emails: opened.filter((k) => k.row.kind === 'email').map((k) => k.value),
    phones: opened.filter((k) => k.row.kind === 'phone').map((k) => k.value),
    references: opened.filter((k) => REFERENCE_KINDS.includes(k.row.kind)).map((k) => k.value),
    customerIds: ids,
    keyFields: CUSTOMER_KEY_FIELDS,
  }
  const listOf: Record<string, string[]> = {
    answer: linked.answers,
    feedback: linked.feedback,
    case: linked.cases,
    invitation: linked.invitations,
  }
  for (const link of links) listOf[link.kind]?.push(link.source_id)
  const sections = new Map<DataSection, ReadonlyArray<object>>()
  for (const holder of holders) {
    const rows = await holder.read(db, scope.orgId, linked)
    holder.expand?.(rows, linked)
    sections.set(holder.section, rows)
  }
  return { ids, keys: opened, links, transactions, linked, sections }
}

const rowsOf = (rows: ReadonlyArray<object> | undefined) =>
  (rows ?? []) as Array<Record<string, unknown>>

/**
 * Everything held about a customer, values in full: keys, linked records, transactions, merge
 * events, and each domain's records (answers, feedback, cases with their messages, contact-list
 * entries, text corrections). Needs personal-data:export; audited (`customer.export`, ids only).
 */
export async function exportCustomerData(
  scope: Scope,
  id: string,
  holders: readonly PersonalDataHolder[],
  format: 'json' | 'xlsx' = 'json',
): Promise<CustomerDataExport> {
  requirePermission(scope.actor, 'personal-data:export')
  const row = await subjectOf(scope, scope.db, id)
  const found = await gather(scope.db, scope, row, holders)
  const events = await eventsOfCustomers(scope.db, scope.orgId, found.ids)
  await recordAudit(scope.db, scope, {
    action: 'customer.export',
    entity: 'customer',
    entityId: row.id,
    detail: {
      format,
      ...(row.id === id ? {} : { requestedId: id }),
      records: found.links.length,
      transactions: found.transactions.length,
    },
  })
  return {
    exportedAt: scope.now,
    customer: {
      id: row.id,
      unitId: row.unit_id,
      source: row.source,
      createdAt: Number(row.created_at),
      mergedIds: found.ids.slice(1),
      keys: found.keys.map((k) => ({
        kind: k.row.kind as CustomerKeyKind,
        value: k.value,
        source: k.row.source,
        createdAt: Number(k.row.created_at),
      })),
    },
    records: found.links.map((l) => ({
      kind: l.kind,
      id: l.source_id,
      at: Number(l.occurred_at),
      unitId: l.unit_id,
      facts: JSON.parse(l.facts) as unknown,
    })),
    transactions: found.transactions.map((t) => ({
      id: t.external_id,
      at: Number(t.occurred_at),
      amount: t.amount,
      isRefund: Number(t.is_refund) === 1,
      unitId: t.unit_id,
      channel: t.channel,
      type: t.type,
    })),
    events: events.map((e) => ({
      type: e.type,
      customerId: e.customer_id,
      otherCustomerId: e.other_customer_id,
      rule: e.rule,
      at: Number(e.created_at),
      undone: e.undone_at !== null,
    })),
    answers: rowsOf(found.sections.get('answers')),
    feedback: rowsOf(found.sections.get('feedback')),
    cases: rowsOf(found.sections.get('cases')),
    contacts: rowsOf(found.sections.get('contacts')),
    textCorrections: rowsOf(found.sections.get('textCorrections')),
    loyalty: rowsOf(found.sections.get('loyalty')),
    serviceEvents: rowsOf(found.sections.get('serviceEvents')),
    notices: rowsOf(found.sections.get('notices')),
    appointments: rowsOf(found.sections.get('appointments')),
  }
}

function cellOf(value: unknown): string | number | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'number' || typeof value === 'string') return value
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  return JSON.stringify(value)
}

function sheetOf(name: string, rows: ReadonlyArray<Record<string, unknown>>): WorkbookSheet {
  const columns: string[] = []
  for (const row of rows)
    for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key)
  return { name, columns, rows: rows.map((row) => columns.map((c) => cellOf(row[c]))) }
}

/** The export as workbook sheets: the customer and keys, then one sheet a section. */
export function customerDataSheets(data: CustomerDataExport): WorkbookSheet[] {
  const { keys, mergedIds, ...customer } = data.customer
  return [
    sheetOf('customer', [
      { ...customer, mergedIds: mergedIds.join(','), exportedAt: data.exportedAt },
    ]),
    sheetOf('keys', keys),
    sheetOf('records', data.records),
    sheetOf('transactions', data.transactions),
    sheetOf('answers', data.answers),
    sheetOf('feedback', data.feedback),
    sheetOf('cases', data.cases),
    sheetOf('contacts', data.contacts),
    sheetOf('textCorrections', data.textCorrections),
    sheetOf('loyalty', data.loyalty),
    sheetOf('serviceEvents', data.serviceEvents),
    sheetOf('notices', data.notices),
    sheetOf('appointments', data.appointments),
    sheetOf('events', data.events),
  ]
}

/**
 * Erase a customer's personal data everywhere, in one transaction: their keys (values and blind
 * indexes), and through each holder the personal parts of their answers, feedback, cases, contact
 * list entries, text corrections, points ledger notes and service events' customer references. Records, transactions, scores and totals stay, tied to the
 * customer's id, which is now anonymous (`erased_at`). Needs personal-data:export and the id again
 * in `confirmId`; audited (`customer.erase`, ids and counts only) and kept as a customer event.
 */
export async function eraseCustomerData(
  scope: Scope,
  id: string,
  input: unknown,
  holders: readonly PersonalDataHolder[],
): Promise<ErasureReport> {
  requirePermission(scope.actor, 'personal-data:export')
  const { confirmId } = parseInput(EraseInputSchema, input)
  if (confirmId !== id)
    throw new ValidationError('VALIDATION_FAILED', 'confirmId must repeat the customer id.', [
      { path: 'confirmId', reason: 'not the customer id' },
    ])
  return scope.db.transaction().execute(async (trx) => {
    const row = await subjectOf(scope, trx, id)
    const report = await eraseGathered(trx, scope, row, holders)
    await recordAudit(trx, scope, {
      action: 'customer.erase',
      entity: 'customer',
      entityId: row.id,
      detail: { ...(row.id === id ? {} : { requestedId: id }), ...report.erased },
    })
    return report
  })
}

/** The erasure itself, inside the caller's transaction (by request or by the retention job). */
export async function eraseGathered(
  trx: Db,
  scope: Scope,
  row: CustomerRow,
  holders: readonly PersonalDataHolder[],
): Promise<ErasureReport> {
  const found = await gather(trx, scope, row, holders)
  const counts: Record<DataSection, number> = {
    answers: 0,
    feedback: 0,
    cases: 0,
    contacts: 0,
    textCorrections: 0,
    loyalty: 0,
    serviceEvents: 0,
    notices: 0,
    appointments: 0,
  }
  for (const holder of holders)
    counts[holder.section] = await holder.erase(trx, scope.orgId, found.linked)
  const keys = await eraseCustomerRows(trx, scope.orgId, found.ids, scope.now)
  const report: ErasureReport = {
    customerId: row.id,
    erasedAt: scope.now,
    erased: { keys, ...counts },
    kept: { records: found.links.length, transactions: found.transactions.length },
  }
  await insertEvent(trx, {
    id: newId(scope.now),
    org_id: scope.orgId,
    customer_id: row.id,
    other_customer_id: null,
    type: 'erased',
    rule: null,
    actor_id: scope.actor.id,
    detail: JSON.stringify({ mergedIds: found.ids.slice(1), ...report.erased }),
    undone_at: null,
    created_at: scope.now,
  })
  return report
}
