import { sql } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import type { Db } from '../db/database.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import {
  insertContactList,
  insertContacts,
  insertUnsubscribe,
  isUnsubscribed,
  listContactAddresses,
} from '../distribution/contact.repository.js'
import { sealedUnsubscribe } from '../distribution/unsubscribe-personal-fields.js'
import {
  feedbackForCases,
  feedbackIdsByContact,
  type FeedbackRow,
  insertFeedbackRows,
} from '../feedback/feedback.repository.js'
import { createDraft, findDraft } from '../responses/response-draft.service.js'
import { insertResponseRows } from '../responses/response-insert.js'
import { answerById } from '../responses/response-lookup.service.js'
import { buildResponseRow } from '../responses/response-row.js'
import { createSurvey } from '../surveys/survey.service.js'
import type { Survey } from '../surveys/survey.schema.js'
import { withDataKeys } from './data-keys-binding.js'
import { parseDataKeys } from './keyring.js'
import {
  sealAllPersonalData,
  sealOneBatch,
  type SealingProgress,
} from './personal-data-sealing.service.js'

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

/** Contact answers stored before sealing existed: two with personal values, one without. */
const ANSWERS = [
  { nps: 9, contact: { name: '赵六', phone: '13512345678', consent: true } },
  { nps: 3, contact: { email: 'qian@example.com', consent: true }, note: '13512345678' },
  { nps: 10 },
]
const DRAFT_ANSWERS = { nps: 7, contact: { name: '孙七', phone: '13522223333', consent: true } }
const OPTED_OUT = ['Opt.Out@Example.com', '13800138000']

describeEachDialect('sealing personal data and rotating its key', (ctx) => {
  let orgId: string
  let feedbackIds: string[]
  let listId: string
  let scope: Scope
  let survey: Survey
  let responseIds: string[]
  let draftToken: string
  const keyed = (keys: string) => ({
    db: withDataKeys(ctx.store.db, parseDataKeys(keys)),
    features: ctx.store.features,
  })

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
    scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: NOW,
    }
    survey = await createSurvey(scope, {
      title: { 'zh-CN': '回访' },
      questions: [
        { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' } },
        { key: 'contact', type: 'contact', title: { 'zh-CN': '联系方式' } },
        { key: 'note', type: 'text', title: { 'zh-CN': '备注' } },
      ],
    })
    // Answers and a draft stored without keys (as before sealing existed): plaintext.
    const answerRows = ANSWERS.map((answers, i) =>
      buildResponseRow({
        survey,
        orgId,
        timezone: 'Asia/Shanghai',
        answers: answers as never,
        locale: 'zh-CN',
        channel: 'link',
        segments: {},
        submittedAt: NOW + i,
      }),
    )
    await insertResponseRows(ctx.store.db, answerRows)
    responseIds = answerRows.map((r) => r.id)
    const draft = await createDraft(
      ctx.store.db,
      {
        orgId,
        surveyId: survey.id,
        invitationId: null,
        clientResponseId: 'd-1',
        context: {
          channel: 'link',
          hidden: {},
          locale: 'zh-CN',
          formShownAt: NOW,
        },
      },
      1,
      DRAFT_ANSWERS as never,
      NOW,
      survey.questions,
    )
    draftToken = draft.token
    for (const address of OPTED_OUT) await insertUnsubscribe(ctx.store.db, orgId, address, NOW)
  })

  const everything = async (db: Db) => ({
    feedback: [...(await feedbackForCases(db, feedbackIds)).entries()]
      .map(([id, f]) => [id, f.customerName, f.customerEmail, f.customerPhone])
      .sort(),
    contacts: (await listContactAddresses(db, orgId, listId)).map((c) => [c.email, c.phone]).sort(),
    answers: await Promise.all(
      responseIds.map(async (id) => (await answerById({ ...scope, db }, id))?.answers),
    ),
    draft: (await findDraft(db, survey.id, { token: draftToken }, NOW))?.answers,
    // Opted out in any spelling; another address not.
    optedOut: await Promise.all(
      ['opt.out@example.com', ' OPT.OUT@example.com', '13800138000', 'x@example.com'].map((a) =>
        isUnsubscribed(db, orgId, a),
      ),
    ),
  })

  /** Every stored text of the tables that hold personal values, as one string. */
  const rawText = async () => {
    const parts: unknown[] = []
    for (const table of ['feedback', 'contacts', 'unsubscribes', 'responses', 'response_drafts']) {
      parts.push((await sql`select * from ${sql.table(table)}`.execute(ctx.store.db)).rows)
    }
    return JSON.stringify(parts)
  }

  it('seals plaintext stored before encryption, and clears it', async () => {
    const before = await everything(ctx.store.db)
    expect(before.feedback).toHaveLength(7)
    expect(before.answers).toEqual(ANSWERS)
    expect(before.draft).toEqual(DRAFT_ANSWERS)
    expect(before.optedOut).toEqual([true, true, true, false])
    expect(await rawText()).toContain('13512345678')
    const store = keyed(KEY_A)
    const db = store.db
    const progress: SealingProgress[] = []
    expect(await sealAllPersonalData(store, (p) => progress.push(p), 4)).toEqual({
      feedback: 6,
      contacts: 6,
      unsubscribes: 2,
      responses: 2,
      response_drafts: 1,
      // No customer keys here; those are stored sealed from the start.
      customer_keys: 0,
      // Nor notice, robot or channel secrets or appointment bookers (sealed-tables.test.ts).
      notice_settings: 0,
      notice_messages: 0,
      robot_channels: 0,
      channel_settings: 0,
      appointment_bookings: 0,
      // Link secrets are sealed when first made or read with keys (organisation.service.test.ts).
      organisations: 0,
    })
    expect(progress).toEqual([
      { table: 'feedback', done: 0, total: 6 },
      { table: 'feedback', done: 4, total: 6 },
      { table: 'feedback', done: 6, total: 6 },
      { table: 'contacts', done: 0, total: 6 },
      { table: 'contacts', done: 4, total: 6 },
      { table: 'contacts', done: 6, total: 6 },
      { table: 'unsubscribes', done: 0, total: 2 },
      { table: 'unsubscribes', done: 2, total: 2 },
      { table: 'responses', done: 0, total: 2 },
      { table: 'responses', done: 2, total: 2 },
      { table: 'response_drafts', done: 0, total: 1 },
      { table: 'response_drafts', done: 1, total: 1 },
      { table: 'customer_keys', done: 0, total: 0 },
      { table: 'notice_settings', done: 0, total: 0 },
      { table: 'notice_messages', done: 0, total: 0 },
      { table: 'robot_channels', done: 0, total: 0 },
      { table: 'channel_settings', done: 0, total: 0 },
      { table: 'appointment_bookings', done: 0, total: 0 },
      { table: 'organisations', done: 0, total: 0 },
    ])
    expect(await everything(db)).toEqual(before)
    // No contact value, opted-out address or draft answer is left in plaintext; free text is
    // not sealed (the `note` answer typed a number).
    const stored = await rawText()
    for (const value of [
      '赵六',
      'qian@example.com',
      '孙七',
      '13522223333',
      'opt.out@example.com',
      '13800138000',
    ])
      expect(stored).not.toContain(value)
    const answers = await sql<{
      answers: string
    }>`select answers from responses order by submitted_at`.execute(ctx.store.db)
    const contacts = answers.rows.map((r) => JSON.parse(r.answers).contact)
    expect(contacts[0]).toEqual({
      name: expect.stringMatching(/^pd1:a:/),
      phone: expect.stringMatching(/^pd1:a:/),
      consent: true,
    })
    expect(contacts[1]).toEqual({ email: expect.stringMatching(/^pd1:a:/), consent: true })
    expect(JSON.parse(answers.rows[1]!.answers).note).toBe('13512345678')
    const plain = await sql<{ n: number | string }>`select count(*) as n from feedback
      where customer_name is not null or customer_email is not null or customer_phone is not null`.execute(
      ctx.store.db,
    )
    expect(Number(plain.rows[0]!.n)).toBe(0)
    const raw = await sql<{ v: string }>`select customer_phone_sealed as v from feedback
      where customer_phone_sealed is not null`.execute(ctx.store.db)
    expect(raw.rows.map((r) => r.v.slice(0, 6))).toEqual(['pd1:a:', 'pd1:a:', 'pd1:a:', 'pd1:a:'])
    expect(JSON.stringify(raw.rows)).not.toContain('13812345678')
    expect(await sealAllPersonalData(store)).toEqual({
      feedback: 0,
      contacts: 0,
      unsubscribes: 0,
      responses: 0,
      response_drafts: 0,
      // No customer keys here; those are stored sealed from the start.
      customer_keys: 0,
      // Nor notice, robot or channel secrets or appointment bookers (sealed-tables.test.ts).
      notice_settings: 0,
      notice_messages: 0,
      robot_channels: 0,
      channel_settings: 0,
      appointment_bookings: 0,
      // Link secrets are sealed when first made or read with keys (organisation.service.test.ts).
      organisations: 0,
    })
    expect(await feedbackIdsByContact(db, orgId, '138 1234 5678')).toEqual([feedbackIds[0]])
    // Sealed, an opt-out is found by its blind index: a phone in any spelling.
    expect(await isUnsubscribed(db, orgId, '+86 138 0013 8000')).toBe(true)
    expect(await isUnsubscribed(db, orgId, '13800138001')).toBe(false)
    expect(await feedbackIdsByContact(db, orgId, 'JOHN@example.org')).toEqual([feedbackIds[2]])
  })

  it('rotates to a new key without loss, resuming a rotation stopped half-way', async () => {
    const old = withDataKeys(ctx.store.db, parseDataKeys(KEY_A))
    const before = await everything(old)
    const rotatedStore = keyed(`${KEY_B},${KEY_A}`)
    const rotated = rotatedStore.db
    // Stopped after one batch of each table: both keys in use, everything still readable and found.
    expect(await sealOneBatch(rotatedStore, 'feedback', 2)).toBe(2)
    expect(await sealOneBatch(rotatedStore, 'contacts', 2)).toBe(2)
    expect(await sealOneBatch(rotatedStore, 'unsubscribes', 1)).toBe(1)
    expect(await sealOneBatch(rotatedStore, 'responses', 1)).toBe(1)
    expect(await everything(rotated)).toEqual(before)
    expect(await feedbackIdsByContact(rotated, orgId, '13611112222')).toEqual([feedbackIds[6]])
    expect(await feedbackIdsByContact(rotated, orgId, '13812345678')).toEqual([feedbackIds[0]])
    // Opting out again meanwhile stores nothing new (found under the old key's index) …
    await insertUnsubscribe(rotated, orgId, 'OPT.OUT@example.com', NOW)
    await insertUnsubscribe(rotated, orgId, '13800138000', NOW)
    // … and a duplicate under the new key (two instances at once) is merged by the sweep.
    for (const address of OPTED_OUT) {
      const row = sealedUnsubscribe(rotated, address)
      await sql`insert into unsubscribes (org_id, address, address_sealed, created_at)
        values (${orgId}, ${row.address}, ${row.address_sealed}, ${NOW})
        on conflict do nothing`.execute(ctx.store.db)
    }
    const rows = async () =>
      Number(
        (
          await sql<{ n: number | string }>`select count(*) as n from unsubscribes`.execute(
            ctx.store.db,
          )
        ).rows[0]!.n,
      )
    expect(await rows()).toBe(3)
    // Run again: only what is left is rewritten (the old opt-out row merged into its duplicate).
    expect(await sealAllPersonalData(rotatedStore)).toEqual({
      feedback: 4,
      contacts: 4,
      unsubscribes: 1,
      responses: 1,
      response_drafts: 1,
      // No customer keys here; those are stored sealed from the start.
      customer_keys: 0,
      // Nor notice, robot or channel secrets or appointment bookers (sealed-tables.test.ts).
      notice_settings: 0,
      notice_messages: 0,
      robot_channels: 0,
      channel_settings: 0,
      appointment_bookings: 0,
      // Link secrets are sealed when first made or read with keys (organisation.service.test.ts).
      organisations: 0,
    })
    expect(await rows()).toBe(2)
    const onlyB = withDataKeys(ctx.store.db, parseDataKeys(KEY_B))
    expect(await everything(onlyB)).toEqual(before)
    const sealedUnder = await sql<{ v: string }>`select address_sealed as v from unsubscribes
      union all select answers as v from response_drafts`.execute(ctx.store.db)
    expect(sealedUnder.rows.map((r) => r.v)).not.toContain('pd1:a:')
    expect(JSON.stringify(sealedUnder.rows)).not.toContain('pd1:a:')
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
