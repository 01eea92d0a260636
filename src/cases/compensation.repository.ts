import type { Insertable, Selectable } from 'kysely'
import type { Db } from '../db/database.js'
import type { CompensationTable } from './case.table.js'
import { PAID_COMPENSATION_STATUSES } from './compensation-authority.js'

// The only code that queries `compensations`.

export interface CompensationRecord {
  id: string
  orgId: string
  caseId: string
  kind: string
  /** Cents for material kinds; 0 for emotional ones. */
  amount: number
  note: string | null
  /** granted | pending_approval | approved | rejected */
  status: string
  requestedBy: string
  decidedBy: string | null
  decidedAt: number | null
  createdAt: number
}

function toRecord(row: Selectable<CompensationTable>): CompensationRecord {
  return {
    id: row.id,
    orgId: row.org_id,
    caseId: row.case_id,
    kind: row.kind,
    amount: Number(row.amount),
    note: row.note,
    status: row.status,
    requestedBy: row.requested_by,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at === null ? null : Number(row.decided_at),
    createdAt: Number(row.created_at),
  }
}

function toRow(c: CompensationRecord): Insertable<CompensationTable> {
  return {
    id: c.id,
    org_id: c.orgId,
    case_id: c.caseId,
    kind: c.kind,
    amount: c.amount,
    note: c.note,
    status: c.status,
    requested_by: c.requestedBy,
    decided_by: c.decidedBy,
    decided_at: c.decidedAt,
    created_at: c.createdAt,
  }
}

export async function insertCompensation(db: Db, compensation: CompensationRecord): Promise<void> {
  await db.insertInto('compensations').values(toRow(compensation)).execute()
}

/** Many at once (the demo loader), in chunks under SQLite's bound-parameter limit. */
export async function insertCompensations(
  db: Db,
  compensations: readonly CompensationRecord[],
): Promise<void> {
  for (let i = 0; i < compensations.length; i += 500)
    await db
      .insertInto('compensations')
      .values(compensations.slice(i, i + 500).map(toRow))
      .execute()
}

export async function findCompensation(
  db: Db,
  orgId: string,
  compensationId: string,
): Promise<CompensationRecord | undefined> {
  const row = await db
    .selectFrom('compensations')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('id', '=', compensationId)
    .executeTakeFirst()
  return row && toRecord(row)
}

/** Record a decision while the request is still pending; false when someone decided meanwhile. */
export async function decidePendingCompensation(
  db: Db,
  compensationId: string,
  decision: { status: 'approved' | 'rejected'; decidedBy: string; decidedAt: number },
): Promise<boolean> {
  const done = await db
    .updateTable('compensations')
    .set({
      status: decision.status,
      decided_by: decision.decidedBy,
      decided_at: decision.decidedAt,
    })
    .where('id', '=', compensationId)
    .where('status', '=', 'pending_approval')
    .executeTakeFirst()
  return Number(done.numUpdatedRows) > 0
}

/** A case's compensation, oldest first. */
export async function listCaseCompensations(db: Db, caseId: string): Promise<CompensationRecord[]> {
  const rows = await db
    .selectFrom('compensations')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .execute()
  return rows.map(toRecord)
}

/** Requests waiting for a decision, oldest first, with their case's number. */
export async function pendingCompensations(
  db: Db,
  orgId: string,
  /** Only requests on cases of these units (Scope.units through recordsWithinUnits); absent = all. */
  units?: readonly string[],
): Promise<Array<CompensationRecord & { caseNumber: number }>> {
  const rows = await db
    .selectFrom('compensations as p')
    .innerJoin('cases as c', 'c.id', 'p.case_id')
    .selectAll('p')
    .select(['c.number'])
    .where('p.org_id', '=', orgId)
    .where('p.status', '=', 'pending_approval')
    .$if(units !== undefined, (q) => q.where('c.unit_id', 'in', [...units!]))
    .orderBy('p.created_at')
    .execute()
  return rows.map((r) => ({ ...toRecord(r), caseNumber: Number(r.number) }))
}

/** Every compensation of these cases (complaint analytics). */
export async function compensationsOfCases(
  db: Db,
  orgId: string,
  caseIds: readonly string[],
): Promise<CompensationRecord[]> {
  if (caseIds.length === 0) return []
  const rows = await db
    .selectFrom('compensations')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('case_id', 'in', [...caseIds])
    .execute()
  return rows.map(toRecord)
}

/** Compensation paid (granted, or approved above an agent's authority) per case, in cents. */
export async function paidCompensationByCase(
  db: Db,
  orgId: string,
  caseIds: readonly string[],
): Promise<Map<string, number>> {
  if (caseIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('compensations')
    .select(['case_id', (eb) => eb.fn.sum<number>('amount').as('total')])
    .where('org_id', '=', orgId)
    .where('case_id', 'in', [...caseIds])
    .where('status', 'in', [...PAID_COMPENSATION_STATUSES])
    .groupBy('case_id')
    .execute()
  return new Map(rows.map((r) => [r.case_id, Number(r.total)]))
}
