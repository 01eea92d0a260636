import { sql } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import type { Db } from '../db/database.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { insertContactList, insertContacts } from '../distribution/contact.repository.js'
import { listContactAddresses } from '../distribution/contact.repository.js'
import { sealContactBatch } from '../distribution/contact-sealing.repository.js'
import {
  feedbackForCases,
  feedbackIdsByContact,
  type FeedbackRow,
  insertFeedbackRows,
} from '../feedback/feedback.repository.js'
import { sealFeedbackBatch } from '../feedback/feedback-sealing.repository.js'
import { withDataKeys } from './data-keys-binding.js'
import { parseDataKeys } from './keyring.js'
import { sealAllPersonalData, type SealingProgress } from './personal-data-sealing.service.js'

const NOW = Date.parse('2026-06-15T04:00:00Z')
const KEY_A = `a:${Buffer.alloc(32, 11).toString('base64')}`
const KEY_B = `b:${Buffer.alloc(32, 12).toString('base64')}`

/** Seven customers, some with one field only, one with none. */
const CUSTOMERS = [
  { name: '张三', email: 'zhang@example.com', phone: '13812345678' },
  { name: '李四', email: null, phone: '13900001111' },
  { name: 'John Smith', email: 'john@example.org', phone: null },
  { name: null, email: 'anon@example.net', phone: null },
  { name: '王五', email: 'wang@example.cn', phone: '+86 137 0000 2222' },
  { name: null, email: null, phone: null },
  { name: '欧阳娜娜', email: 'ouyang@example.com', phone: '13611112222' },
]

describeEachDialect('sealing personal data and rotating its key', (ctx) => {
  let orgId: string
  let feedbackIds: string[]
  let listId: string

  beforeAll(async () => {
    await bootstrapFirstAdmin(ctx.store.db, 'keys@test.local', 'keys-password-1', NOW)
    orgId = (await systemScopeOfFirstOrg(ctx.store.db, ctx.store.features, NOW))!.orgId
    // Stored before encryption: through the store handle without keys, in plaintext.
    const rows = CUSTOMERS.map((c, i) => feedbackRow(`01J0000000000000000000000${i}`, c))
    await insertFeedbackRows(ctx.store.db, rows)
    feedbackIds = rows.map((r) => r.id)
    listId = 'list-keys'
    await insertContactList(ctx.store.db, { id: listId, orgId, name: 'keys', createdAt: NOW })
    await insertContacts(
      ctx.store.db,
      orgId,
      listId,
      CUSTOMERS.filter((c) => c.email || c.phone).map((c) => ({
        ...c,
        name: c.name ?? '',
        attributes: {},
      })),
      NOW,
    )
  })

  const everything = async (db: Db) => ({
    feedback: [...(await feedbackForCases(db, feedbackIds)).entries()]
      .map(([id, f]) => [id, f.customerName, f.customerEmail, f.customerPhone])
      .sort(),
    contacts: (await listContactAddresses(db, orgId, listId)).map((c) => [c.email, c.phone]).sort(),
  })

  it('seals plaintext stored before encryption, and clears it', async () => {
    const before = await everything(ctx.store.db)
    expect(before.feedback).toHaveLength(7)
    const db = withDataKeys(ctx.store.db, parseDataKeys(KEY_A))
    const progress: SealingProgress[] = []
    expect(await sealAllPersonalData(db, (p) => progress.push(p), 4)).toEqual({
      feedback: 6,
      contacts: 6,
    })
    expect(progress).toEqual([
      { table: 'feedback', done: 0, total: 6 },
      { table: 'feedback', done: 4, total: 6 },
      { table: 'feedback', done: 6, total: 6 },
      { table: 'contacts', done: 0, total: 6 },
      { table: 'contacts', done: 4, total: 6 },
      { table: 'contacts', done: 6, total: 6 },
    ])
    expect(await everything(db)).toEqual(before)
    const plain = await sql<{ n: number | string }>`select count(*) as n from feedback
      where customer_name is not null or customer_email is not null or customer_phone is not null`.execute(
      ctx.store.db,
    )
    expect(Number(plain.rows[0]!.n)).toBe(0)
    const raw = await sql<{ v: string }>`select customer_phone_sealed as v from feedback
      where customer_phone_sealed is not null`.execute(ctx.store.db)
    expect(raw.rows.map((r) => r.v.slice(0, 6))).toEqual(['pd1:a:', 'pd1:a:', 'pd1:a:', 'pd1:a:'])
    expect(JSON.stringify(raw.rows)).not.toContain('13812345678')
    expect(await sealAllPersonalData(db)).toEqual({ feedback: 0, contacts: 0 })
    expect(await feedbackIdsByContact(db, orgId, '138 1234 5678')).toEqual([feedbackIds[0]])
    expect(await feedbackIdsByContact(db, orgId, 'JOHN@example.org')).toEqual([feedbackIds[2]])
  })

  it('rotates to a new key without loss, resuming a rotation stopped half-way', async () => {
    const old = withDataKeys(ctx.store.db, parseDataKeys(KEY_A))
    const before = await everything(old)
    const rotated = withDataKeys(ctx.store.db, parseDataKeys(`${KEY_B},${KEY_A}`))
    // Stopped after one batch of each table: both keys in use, everything still readable and found.
    expect((await sealFeedbackBatch(rotated, null, 2)).sealed).toBe(2)
    expect((await sealContactBatch(rotated, null, 2)).sealed).toBe(2)
    expect(await everything(rotated)).toEqual(before)
    expect(await feedbackIdsByContact(rotated, orgId, '13611112222')).toEqual([feedbackIds[6]])
    expect(await feedbackIdsByContact(rotated, orgId, '13812345678')).toEqual([feedbackIds[0]])
    // Run again: only what is left is rewritten.
    expect(await sealAllPersonalData(rotated)).toEqual({ feedback: 4, contacts: 4 })
    const onlyB = withDataKeys(ctx.store.db, parseDataKeys(KEY_B))
    expect(await everything(onlyB)).toEqual(before)
    expect(await feedbackIdsByContact(onlyB, orgId, '+8613700002222')).toEqual([feedbackIds[4]])
    const keys = await sql<{ v: string }>`select customer_name_sealed as v from feedback
      where customer_name_sealed is not null`.execute(ctx.store.db)
    expect(new Set(keys.rows.map((r) => r.v.slice(0, 6)))).toEqual(new Set(['pd1:b:']))
  })

  function feedbackRow(
    id: string,
    c: { name: string | null; email: string | null; phone: string | null },
  ): FeedbackRow {
    return {
      id,
      org_id: orgId,
      channel: 'hotline',
      kind: 'complaint',
      customer_ref: null,
      customer_name: c.name,
      customer_email: c.email,
      customer_phone: c.phone,
      text: '停电没有通知',
      rating: null,
      nps: null,
      csat: null,
      store: null,
      department: null,
      survey_id: null,
      response_id: null,
      external_id: null,
      created_by: 'test',
      received_at: NOW,
      created_at: NOW,
      language: null,
      sentiment: null,
      sentiment_score: null,
      topics: null,
      aspects: null,
      analysed_at: null,
    }
  }
})
