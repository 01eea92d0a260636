import { beforeAll, expect, it } from 'vitest'
import type { Db } from '../db/database.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { newId } from '../shared/ids.js'
import {
  advanceRoundRobin,
  findCaseConfigRow,
  insertCaseConfigRow,
} from './case-config.repository.js'
import { CaseConfigSchema } from './case-config.schema.js'
import { insertCaseEvents, listCaseEvents } from './case-event.repository.js'
import { caseEventRecord } from './case-events.js'
import {
  caseIdsByFeedback,
  findCase,
  insertCase,
  nextCaseNumber,
  updateCase,
  type CaseRecord,
} from './case.repository.js'
import { listCaseRecords } from './case-list.repository.js'
import {
  decidePendingCompensation,
  insertCompensations,
  paidCompensationByCase,
  type CompensationRecord,
} from './compensation.repository.js'

// The cases domain's repositories on both stores: rows come back as records with numbers (not
// PostgreSQL's bigint strings), conditional updates change a row once, bulk inserts go past one
// chunk, and the stored configuration is read back through its schema.

const T0 = Date.UTC(2026, 5, 1, 2, 0)

/** A feedback row for a case to hang on (the test writes it directly; the table is feedback's). */
async function feedbackRow(db: Db, orgId: string, customer: { phone?: string; email?: string }) {
  const id = newId(T0)
  await db
    .insertInto('feedback')
    .values({
      id,
      org_id: orgId,
      channel: 'hotline',
      kind: 'complaint',
      customer_ref: null,
      customer_name: null,
      customer_email: customer.email ?? null,
      customer_phone: customer.phone ?? null,
      text: 'x',
      rating: null,
      nps: null,
      csat: null,
      store: null,
      department: null,
      survey_id: null,
      response_id: null,
      external_id: null,
      created_by: 'test',
      received_at: T0,
      created_at: T0,
    })
    .execute()
  return id
}

function caseRecord(orgId: string, feedbackId: string, number: number, title: string): CaseRecord {
  return {
    id: newId(T0),
    orgId,
    number,
    feedbackId,
    title,
    reason: 'complaint',
    priority: 'normal',
    status: 'new',
    department: '客户服务部',
    ownerId: null,
    customerRef: `R-${number}`,
    store: null,
    unitId: null,
    channel: 'hotline',
    topic: null,
    cause: null,
    responsibility: null,
    assessedLoss: null,
    firstResponseDue: T0 + 3_600_000,
    resolutionDue: T0 + 86_400_000,
    firstRespondedAt: null,
    resolvedAt: null,
    followedUpAt: null,
    closedAt: null,
    warnedAt: null,
    escalatedAt: null,
    escalatedTo: null,
    followUpInvitationId: null,
    followUpResponseId: null,
    followUpSatisfied: null,
    reopened: 0,
    employeeId: null,
    createdAt: T0 + number,
    updatedAt: T0 + number,
    kind: 'complaint',
    outcome: null,
    outcomeReason: null,
    actionPlanId: null,
    rewardPoints: null,
    rewardedAt: null,
  }
}

/** An adopted suggestion linked to an action plan and rewarded: every work-item field set (migration 0063). */
const ADOPTED_SUGGESTION = {
  reason: 'suggestion',
  kind: 'suggestion',
  outcome: 'adopted',
  outcomeReason: '采纳：增加夜间服务窗口',
  actionPlanId: newId(T0),
  rewardPoints: 50,
  rewardedAt: T0 + 7_200_000,
} as const satisfies Partial<CaseRecord>

describeEachDialect('cases repositories', (ctx) => {
  let db: Db
  let orgId = ''
  const cases: CaseRecord[] = []

  beforeAll(async () => {
    db = ctx.store.db
    orgId = (await createOrganisation(db, 'Repo test', T0)).id
    const titles = ['排队 100% 太久', '账单有误', '停电_无通知']
    for (const [i, title] of titles.entries()) {
      const feedbackId = await feedbackRow(db, orgId, i === 1 ? { phone: '13800000000' } : {})
      const record = {
        ...caseRecord(orgId, feedbackId, await nextCaseNumber(db, orgId), title),
        ...(i === 1 ? ADOPTED_SUGGESTION : {}),
      }
      await insertCase(db, record)
      cases.push(record)
    }
  })

  it('numbers cases per organisation and reads them back as written, timestamps as numbers', async () => {
    expect(cases.map((c) => c.number)).toEqual([1, 2, 3])
    // cases[1] is changed by no other test.
    // cases[1] is an adopted, rewarded suggestion: its kind and decision come back as written.
    expect(await findCase(db, orgId, cases[1]!.id)).toEqual(cases[1])
    expect(await findCase(db, orgId, cases[1]!.id)).toMatchObject({
      kind: 'suggestion',
      outcome: 'adopted',
      rewardPoints: 50,
      rewardedAt: T0 + 7_200_000,
    })
    // A record written without a kind is stored as a complaint with no decision.
    const {
      kind: _kind,
      outcome: _outcome,
      ...untyped
    } = caseRecord(
      orgId,
      await feedbackRow(db, orgId, {}),
      await nextCaseNumber(db, orgId),
      '未注明种类',
    )
    await insertCase(db, untyped)
    expect(await findCase(db, orgId, untyped.id)).toEqual({
      ...untyped,
      kind: 'complaint',
      outcome: null,
    })
    expect(await findCase(db, 'another-org', cases[1]!.id)).toBeUndefined()
    const byFeedback = await caseIdsByFeedback(db, [cases[1]!.feedbackId])
    expect([...byFeedback]).toEqual([[cases[1]!.feedbackId, cases[1]!.id]])
  })

  it('changes a case once under a condition: a second claim finds it changed', async () => {
    const c = cases[0]!
    expect(await updateCase(db, c.id, { warnedAt: T0 + 5 }, { unset: 'warnedAt' })).toBe(true)
    expect(await updateCase(db, c.id, { warnedAt: T0 + 6 }, { unset: 'warnedAt' })).toBe(false)
    expect(await updateCase(db, c.id, { status: 'acknowledged' }, { status: 'new' })).toBe(true)
    expect(await updateCase(db, c.id, { status: 'acknowledged' }, { status: 'new' })).toBe(false)
    expect(await findCase(db, orgId, c.id)).toMatchObject({
      status: 'acknowledged',
      warnedAt: T0 + 5,
    })
  })

  it('searches by number, reference, feedback ids and title words, wildcards taken literally', async () => {
    const search = async (text: string, number: number | null, feedbackIds: string[] = []) =>
      (
        await listCaseRecords(
          db,
          orgId,
          { search: { number, text, feedbackIds } },
          { order: 'newest', limit: 10 },
        )
      )
        .map((c) => c.number)
        .sort()
    expect(await search('3', 3)).toEqual([3])
    expect(await search('R-2', null)).toEqual([2])
    expect(await search('13800000000', null, [cases[1]!.feedbackId])).toEqual([2])
    expect(await search('100%', null)).toEqual([1])
    // "_" matches only an underscore, not any one character.
    expect(await search('电_无', null)).toEqual([3])
    expect(await search('有_', null)).toEqual([])
  })

  it('writes timelines and compensation in bulk beyond one chunk, and sums what was paid', async () => {
    const c = cases[2]!
    const events = Array.from({ length: 620 }, (_, i) =>
      caseEventRecord({
        orgId,
        caseId: c.id,
        type: 'note',
        actor: { type: 'user', id: 'u1' },
        detail: { n: i },
        now: T0 + i,
      }),
    )
    await insertCaseEvents(db, events)
    const read = await listCaseEvents(db, c.id)
    expect(read).toHaveLength(620)
    expect(read[619]).toMatchObject({ detail: { n: 619 }, createdAt: T0 + 619, delivery: null })

    const compensation = (status: string, amount: number): CompensationRecord => ({
      id: newId(T0),
      orgId,
      caseId: c.id,
      kind: 'voucher',
      amount,
      note: null,
      status,
      requestedBy: 'u1',
      decidedBy: null,
      decidedAt: null,
      createdAt: T0,
    })
    const pending = compensation('pending_approval', 700)
    await insertCompensations(db, [
      compensation('granted', 1000),
      compensation('rejected', 5000),
      pending,
    ])
    expect((await paidCompensationByCase(db, orgId, [c.id])).get(c.id)).toBe(1000)
    const decision = { status: 'approved', decidedBy: 'u2', decidedAt: T0 } as const
    expect(await decidePendingCompensation(db, pending.id, decision)).toBe(true)
    expect(await decidePendingCompensation(db, pending.id, decision)).toBe(false)
    expect((await paidCompensationByCase(db, orgId, [c.id])).get(c.id)).toBe(1700)
  })

  it('keeps the configuration without its key, fills defaults on read, and turns round-robin', async () => {
    const other = (await createOrganisation(db, 'Config test', T0)).id
    expect(await findCaseConfigRow(db, other)).toBeUndefined()
    const config = CaseConfigSchema.parse({ defaultDepartment: '售后部' })
    await insertCaseConfigRow(
      db,
      other,
      { ...config, publicFormKey: 'ignored-key-1' },
      'key-aaaa-1234',
      T0,
    )
    const row = await findCaseConfigRow(db, other)
    expect(row).toEqual({ config, publicFormKey: 'key-aaaa-1234' })
    expect(await advanceRoundRobin(db, other)).toBe(1)
    expect(await advanceRoundRobin(db, other)).toBe(2)
  })
})
