import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import { noteInboxMessage } from '../../channels/channel-settings.repository.js'
import { keyLookups } from '../../customers/customer-keys.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { dataKeysOf } from '../../personal-data/data-keys-binding.js'
import { openText } from '../../personal-data/envelope.js'
import { lookupIndexes } from '../../personal-data/personal-field.service.js'
import { cookieHeader, createTestApp, TEST_ADMIN, type TestApp } from '../test-app.js'

// Customers' rights over their data, on both stores, over HTTP. One customer — 欧阳娜, account
// 8800 456, phone 139 1234 5678 — answers twice through links carrying her account and phone, with
// a contact answer and a comment; complains by phone with her name and e-mail; an agent writes her
// phone into a case note; an analyst corrects the complaint's topics (the organisation's model
// learns from it); she is on a contact list and buys twice, earning points, and an agent notes her
// name and phone on a redemption; a repair order's events name her account (8800 456). Another
// customer answers beside her.
// The export gives all of it (JSON and XLSX); the erasure removes every one of her values from
// every column of every table — plaintext, sealed envelopes opened with the keyring, and blind
// indexes — while the survey's and the overview's figures stay exactly as they were and the other
// customer's values stay where they were.

const HER = {
  name: '欧阳娜',
  phone: '13912345678',
  email: 'ouyang.na@example.com',
  account: '8800456',
  place: '滨江花园七栋',
}
const OTHER = { name: '张伟', phone: '13700001234', place: '西湖苑三幢' }
/** The Message-IDs of the mail her complaint and another's came in (the inbox's keys). */
const HER_MAIL = '<CAH7x2q9-erasure-0001@mail.example.net>'
const OTHER_MAIL = '<CAH7x2q9-erasure-0002@mail.example.net>'

/** Each of her values as it may be written: as given, with +86, spaced, upper-case e-mail. */
const NEEDLES = [
  HER.name,
  HER.phone,
  `+86${HER.phone}`,
  '139-1234-5678',
  '139 1234 5678',
  HER.email,
  'Ouyang.Na@Example.com',
  HER.account,
  '8800 456',
  HER.place,
]

describeEachDialect('customer data rights over HTTP', (ctx) => {
  let t: TestApp
  let surveyId = ''
  let slug = ''
  const get = (url: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie: t.adminCookie } })
  const post = (url: string, payload: object) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1${url}`,
      headers: { cookie: t.adminCookie },
      payload,
    })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const survey = (
      await post('/surveys', {
        title: { 'zh-CN': '供电服务满意度' },
        questions: [
          { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' }, required: true },
          { key: 'comment', type: 'text', title: { 'zh-CN': '意见' } },
          { key: 'reach', type: 'contact', title: { 'zh-CN': '联系方式' } },
        ],
        settings: { hiddenFields: ['account', 'phone'] },
      })
    ).json()
    surveyId = survey.id
    slug = survey.slug
    expect((await post(`/surveys/${survey.id}/publish`, {})).statusCode).toBe(200)
  })
  afterAll(async () => {
    await t.app.close()
  })

  /** Every row of every table of the store, from the store's own catalogue. */
  async function everyTable(): Promise<Map<string, Array<Record<string, unknown>>>> {
    const names =
      ctx.store.features.name === 'postgres'
        ? await sql<{ name: string }>`select table_name as name from information_schema.tables
            where table_schema = ${ctx.store.pgSchema ?? 'public'}`.execute(ctx.store.db)
        : await sql<{ name: string }>`select name from sqlite_master
            where type = 'table' and name not like 'sqlite_%'`.execute(ctx.store.db)
    const tables = new Map<string, Array<Record<string, unknown>>>()
    for (const { name } of names.rows) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(
        ctx.store.db,
      )
      tables.set(name, rows.rows)
    }
    return tables
  }

  /**
   * Where any of `needles` is held: in plaintext, inside a sealed envelope (opened with the app's
   * keyring), or as a blind index of her phone, e-mail or account.
   */
  async function holdersOf(needles: readonly string[], indexes: readonly string[]) {
    const keyring = dataKeysOf(t.db)!
    const hits = new Set<string>()
    let sealed = 0
    for (const [table, rows] of await everyTable()) {
      for (const row of rows) {
        for (const [column, value] of Object.entries(row)) {
          if (value === null || value === undefined) continue
          const text =
            typeof value === 'string'
              ? value
              : Buffer.isBuffer(value)
                ? value.toString('utf8')
                : JSON.stringify(value)
          const opened = [...text.matchAll(/pd1:[\w-]+:[\w-]+:[\w-]+/g)].map((m) => {
            sealed++
            return openText(keyring, m[0])
          })
          for (const needle of needles)
            if (text.includes(needle) || opened.some((o) => o.includes(needle)))
              hits.add(`${table}.${column}: ${needle}`)
          for (const index of indexes)
            if (text.includes(index)) hits.add(`${table}.${column}: blind index`)
        }
      }
    }
    return { hits: [...hits].sort(), sealed }
  }

  it('exports everything held about a customer and erases it, figures unchanged', async () => {
    const answer = (nps: number, who: typeof HER | typeof OTHER, segments: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${slug}/responses`,
        payload: {
          answers: {
            nps,
            comment: `${who.name}，住${who.place}，电话${who.phone}`,
            reach: { name: who.name, phone: who.phone, consent: true },
          },
          segments,
        },
      })
    for (const nps of [9, 4]) {
      t.clock.now += 60_000
      const r = await answer(nps, HER, { account: '8800 456', phone: '+86 139-1234-5678' })
      expect(r.statusCode, r.body).toBe(201)
    }
    t.clock.now += 60_000
    expect((await answer(10, OTHER, { phone: OTHER.phone })).statusCode).toBe(201)
    t.clock.now += 60_000
    await t.jobs.runOnce()
    await t.jobs.runOnce()

    t.clock.now += 60_000
    const complaint = await post('/feedback', {
      channel: 'hotline',
      kind: 'complaint',
      text: `${HER.name}投诉：${HER.place}抄表错误，电费多收了两百元`,
      customer: {
        ref: HER.account,
        name: HER.name,
        phone: '139 1234 5678',
        email: 'Ouyang.Na@Example.com',
      },
    })
    expect(complaint.statusCode, complaint.body).toBe(201)
    const feedbackId = complaint.json().feedback.id as string
    const caseId = complaint.json().caseId as string
    // Her complaint as the inbox job notes the mail it came in (Message-ID → feedback and case),
    // beside another's mail.
    for (const [messageKey, fb, kase] of [
      [HER_MAIL, feedbackId, caseId],
      [OTHER_MAIL, 'fb-of-another', null],
    ] as const)
      expect(
        await noteInboxMessage(
          t.db,
          { orgId: t.orgId, messageKey, outcome: 'feedback', feedbackId: fb, caseId: kase },
          t.clock.now,
        ),
      ).toBe(true)
    expect(
      (
        await post(`/cases/${caseId}/messages`, {
          visibility: 'internal',
          body: `已致电${HER.phone}，${HER.name}说${HER.place}停电`,
        })
      ).statusCode,
    ).toBe(200)
    expect(
      (await post(`/feedback/${feedbackId}/text-correction`, { topics: ['billing'] })).statusCode,
    ).toBeLessThan(300)
    const list = await post('/contact-lists', {
      name: '十一月回访',
      file: {
        name: 'contacts.csv',
        contentBase64: Buffer.from(
          `email,姓名,phone\n${HER.email},${HER.name},${HER.phone}\nwang@example.com,王芳,13600000001\n`,
        ).toString('base64'),
      },
    })
    expect(list.statusCode, list.body).toBe(201)
    const bought = await post('/customer-transactions', {
      rows: [
        {
          id: 'bill-1',
          customerKind: 'account',
          customerKey: HER.account,
          at: '2026-05-05',
          amount: 320,
        },
        {
          id: 'bill-2',
          customerKind: 'phone',
          customerKey: HER.phone,
          at: '2026-06-05',
          amount: -20,
        },
      ],
      unknownCustomers: 'refuse',
    })
    expect(bought.json()).toMatchObject({ imported: 2, refunds: 1 })
    const programme = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/loyalty/programme',
      headers: { cookie: t.adminCookie },
      payload: {
        tiers: [{ code: 'member', nameZh: '会员', nameEn: 'Member', minPoints: 0 }],
        pointsPerYuan: 1,
        pointsPerFeedback: 0,
        expiryDays: null,
        startsAt: 0,
      },
    })
    expect(programme.statusCode, programme.body).toBe(200)
    const events = await post('/service-events', {
      events: [
        {
          eventId: 'sv-1',
          orderRef: 'R-1',
          serviceType: 'repair',
          type: 'created',
          occurredAt: '2026-06-01T10:00:00+08:00',
          customerRef: '8800 456',
        },
        {
          eventId: 'sv-2',
          orderRef: 'R-2',
          serviceType: 'repair',
          type: 'created',
          occurredAt: '2026-06-01T11:00:00+08:00',
          customerRef: 'ACC-0002',
        },
      ],
    })
    expect(events.json()).toMatchObject({ stored: 2 })
    t.clock.now += 10 * 60_000
    await t.jobs.runOnce()

    // A planned outage notice lists her phone (spaced, +86) and e-mail beside the other's phone;
    // its messages are still queued. She books a visit to a hall with her name, phone and e-mail.
    const notice = await post('/notices', {
      kind: 'planned_outage',
      title: '滨江线路检修',
      reason: '线路检修',
      startsAt: new Date(t.clock.now + 3 * 86_400_000).toISOString(),
      endsAt: new Date(t.clock.now + 3 * 86_400_000 + 4 * 3_600_000).toISOString(),
      recipients: [
        { phone: '+86 139-1234-5678', email: 'Ouyang.Na@Example.com' },
        { phone: OTHER.phone },
      ],
    })
    expect(notice.statusCode, notice.body).toBe(201)
    const hall = await post('/units', {
      code: 'HALL-1',
      nameZh: '滨江营业厅',
      nameEn: 'Binjiang hall',
      type: 'hall',
    })
    expect(hall.statusCode, hall.body).toBe(201)
    const opened = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/appointments/units/${hall.json().id}`,
      headers: { cookie: t.adminCookie },
      // A home visit: the booking holds her address too (sealed like the phone).
      payload: {
        kind: 'home_visit',
        horizonDays: 7,
        pattern: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
          weekday,
          from: '09:00',
          to: '09:30',
          slotMinutes: 30,
          capacity: 2,
        })),
      },
    })
    expect(opened.statusCode, opened.body).toBe(200)
    const [slot] = (await get(`/appointments/slots?unitId=${hall.json().id}`)).json().slots
    const booked = await t.app.inject({
      method: 'POST',
      url: `/book/${t.orgId}?lang=zh-CN`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        unit: hall.json().id,
        slotId: slot.id,
        name: HER.name,
        phone: '139 1234 5678',
        email: HER.email,
        address: `${HER.place}302室`,
        consent: 'yes',
      }).toString(),
    })
    expect(booked.statusCode, booked.body).toBe(303)

    const found = await get(`/customers?q=${encodeURIComponent('139 1234 5678')}`)
    expect(found.json().customers).toHaveLength(1)
    const customerId = found.json().customers[0].id as string
    const redeemed = await post(`/loyalty/accounts/${customerId}/redeem`, {
      points: 20,
      note: `${HER.name}来电${HER.phone}兑换电费券`,
    })
    expect(redeemed.json()).toMatchObject({ balance: 300, entriesTotal: 300 })

    // The copy: her values in full, every section.
    const exported = await get(`/customers/${customerId}/export`)
    expect(exported.statusCode, exported.body).toBe(200)
    const data = exported.json()
    expect(
      data.customer.keys.map((k: { kind: string; value: string }) => `${k.kind}:${k.value}`).sort(),
    ).toEqual([`account:${HER.account}`, `email:${HER.email}`, `phone:${HER.phone}`])
    expect(data.answers).toHaveLength(2)
    expect(data.answers.map((a: { nps: number }) => a.nps)).toEqual([9, 4])
    expect(data.answers[0].answers.reach).toEqual({
      name: HER.name,
      phone: HER.phone,
      consent: true,
    })
    expect(data.answers[0].hiddenFields).toEqual({
      account: '8800 456',
      phone: '+86 139-1234-5678',
    })
    const complaintCopy = data.feedback.find((f: { id: string }) => f.id === feedbackId)
    expect(complaintCopy.customer).toEqual({
      reference: HER.account,
      name: HER.name,
      email: HER.email,
      phone: '139 1234 5678',
    })
    expect(data.cases.find((c: { id: string }) => c.id === caseId).messages).toEqual([
      expect.objectContaining({
        visibility: 'internal',
        body: `已致电${HER.phone}，${HER.name}说${HER.place}停电`,
      }),
    ])
    expect(data.contacts).toEqual([
      expect.objectContaining({
        list: '十一月回访',
        name: HER.name,
        email: HER.email,
        phone: HER.phone,
      }),
    ])
    expect(data.textCorrections).toEqual([
      expect.objectContaining({ feedbackId, topics: ['billing'] }),
    ])
    expect(data.transactions.map((x: { id: string; amount: number }) => [x.id, x.amount])).toEqual([
      ['bill-1', 320],
      ['bill-2', -20],
    ])
    expect(
      data.loyalty.map((e: { kind: string; points: number; note: string | null }) => [
        e.kind,
        e.points,
        e.note,
      ]),
    ).toEqual([
      ['purchase', 320, null],
      ['redemption', -20, `${HER.name}来电${HER.phone}兑换电费券`],
    ])
    expect(data.serviceEvents).toEqual([
      expect.objectContaining({ eventId: 'sv-1', orderRef: 'R-1', customerRef: '8800 456' }),
    ])
    // While queued a message holds the address; once settled, its masked form.
    expect(data.notices.map((m: { channel: string }) => m.channel)).toEqual(['sms', 'email'])
    expect(data.notices[0].address).toMatch(/^(\+8613912345678|139\*{4}5678)$/)
    expect(data.appointments).toEqual([
      expect.objectContaining({
        name: HER.name,
        phone: '139 1234 5678',
        email: HER.email,
        address: `${HER.place}302室`,
        status: 'booked',
      }),
    ])

    const xlsx = await get(`/customers/${customerId}/export.xlsx`)
    expect(xlsx.statusCode).toBe(200)
    expect(xlsx.headers['content-type']).toContain('spreadsheetml')
    expect(xlsx.headers['content-disposition']).toContain(`customer-${customerId}-`)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    expect(book.worksheets.map((w) => w.name)).toEqual([
      'customer',
      'keys',
      'records',
      'transactions',
      'answers',
      'feedback',
      'cases',
      'contacts',
      'textCorrections',
      'loyalty',
      'serviceEvents',
      'notices',
      'appointments',
      'events',
    ])
    expect(book.getWorksheet('keys')!.rowCount).toBe(4)
    expect(book.getWorksheet('answers')!.rowCount).toBe(3)

    // Before: her values are held (the scan below is not vacuous), and so are the other's.
    const keyring = dataKeysOf(t.db)!
    expect(keyring).not.toBeNull()
    const indexes = [
      ...lookupIndexes(t.db, 'phone', HER.phone),
      ...lookupIndexes(t.db, 'email', HER.email),
      ...keyLookups(t.db, { kind: 'account', value: HER.account }),
    ]
    const before = await holdersOf(NEEDLES, indexes)
    for (const place of [
      'responses.answers',
      'responses.comment',
      'responses.segments',
      'feedback.text',
      'feedback.customer_phone_sealed',
      'case_events.body',
      'contacts.name_sealed',
      'customer_keys.value_sealed',
      'customer_keys.lookup',
      'loyalty_entries.note',
      'service_events.customer_ref',
      'notice_messages.address_sealed',
      'appointment_bookings.name_sealed',
      'appointment_bookings.phone_sealed',
      'appointment_bookings.email_sealed',
      'appointment_bookings.address_sealed',
    ])
      expect(
        before.hits.some((h) => h.startsWith(`${place}:`)),
        place,
      ).toBe(true)
    const summaryBefore = (await get(`/surveys/${surveyId}/summary`)).json()
    const overviewBefore = (await get('/overview')).json()

    // Bad input: the id not repeated, an unknown customer.
    const unconfirmed = await post(`/customers/${customerId}/erase`, { confirmId: 'someone-else' })
    expect(unconfirmed.statusCode).toBe(400)
    expect(unconfirmed.json().error.code).toBe('VALIDATION_FAILED')
    expect((await post('/customers/nobody/erase', { confirmId: 'nobody' })).json().error.code).toBe(
      'CUSTOMER_NOT_FOUND',
    )

    const erased = await post(`/customers/${customerId}/erase`, { confirmId: customerId })
    expect(erased.statusCode, erased.body).toBe(200)
    expect(erased.json()).toEqual({
      customerId,
      erasedAt: t.clock.now,
      erased: {
        keys: 3,
        answers: 2,
        feedback: 3,
        cases: 2,
        contacts: 1,
        textCorrections: 1,
        loyalty: 1,
        serviceEvents: 1,
        notices: 2,
        appointments: 1,
      },
      kept: { records: erased.json().kept.records, transactions: 2 },
    })

    // After: none of her values anywhere, in any form; the other customer's values untouched.
    const after = await holdersOf(NEEDLES, indexes)
    expect(after.hits).toEqual([])
    // Her mail's Message-ID stays (so the inbox never takes it again), but no row of any table
    // keeps it beside her erased feedback or case; the other's mail keeps its link.
    const mailRows = async (messageKey: string) =>
      [...(await everyTable())].flatMap(([table, rows]) =>
        rows
          .filter((row) => Object.values(row).includes(messageKey))
          .map((row) => ({ table, row })),
      )
    const hersAfter = await mailRows(HER_MAIL)
    expect(hersAfter.map((r) => r.table)).toEqual(['email_inbox_seen'])
    for (const { row } of hersAfter) {
      expect(Object.values(row)).not.toContain(feedbackId)
      expect(Object.values(row)).not.toContain(caseId)
    }
    expect((await mailRows(OTHER_MAIL)).map((r) => r.row.feedback_id)).toEqual(['fb-of-another'])
    expect(after.sealed).toBeGreaterThan(0)
    const others = await holdersOf([OTHER.name, OTHER.phone, OTHER.place, '王芳'], [])
    expect(others.hits).toEqual(
      expect.arrayContaining([
        'contacts.name_sealed: 王芳',
        'responses.answers: 张伟',
        'responses.comment: 西湖苑三幢',
        'customer_keys.value_sealed: 13700001234',
      ]),
    )
    // Her notice messages hold no address nor its masked form, and none of them is still queued;
    // the other's message keeps its masked address (and its address until the delivery job,
    // running on its own, settles it). Her booking keeps its place.
    const messages = await ctx.store.db
      .selectFrom('notice_messages')
      .select(['channel', 'state', 'address_sealed', 'address_masked'])
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    expect(messages.map((m) => [m.channel, m.address_masked])).toEqual([
      ['sms', '—'],
      ['email', '—'],
      ['sms', '137****1234'],
    ])
    expect(messages.slice(0, 2).map((m) => m.address_sealed)).toEqual([null, null])
    expect(messages.slice(0, 2).filter((m) => m.state === 'queued')).toEqual([])
    const [visit] = (await get('/appointments/bookings')).json().bookings
    expect(visit).toMatchObject({ status: 'booked', address: null })

    // The figures: every count, score and interval as before (the comment list lost her words).
    const { latestComments: commentsAfter, ...summaryAfter } = (
      await get(`/surveys/${surveyId}/summary`)
    ).json()
    const { latestComments: commentsBefore, ...summaryBeforeFigures } = summaryBefore
    expect(summaryAfter).toEqual(summaryBeforeFigures)
    expect(commentsBefore).toHaveLength(3)
    expect(commentsAfter.map((c: { text: string }) => c.text)).toEqual([
      `${OTHER.name}，住${OTHER.place}，电话${OTHER.phone}`,
    ])
    // The overview lists open cases: the same cases, counts and deadlines, without her words.
    const withoutWords = (o: unknown) =>
      JSON.parse(JSON.stringify(o), (key, value) =>
        key === 'title' || key === 'customerRef' ? undefined : value,
      )
    const overviewAfter = (await get('/overview')).json()
    expect(withoutWords(overviewAfter)).toEqual(withoutWords(overviewBefore))
    expect(JSON.stringify(overviewAfter)).not.toContain(HER.name)

    // Her page: no keys, the records and purchases still counted; search finds nobody.
    const page = (await get(`/customers/${customerId}`)).json()
    expect(page.customer.keys).toEqual([])
    expect(page.summary).toMatchObject({ answers: 2, transactions: 2, spend: 300, refunds: 1 })
    expect(page.events[0]).toMatchObject({ type: 'erased', customerId })
    // Her points stay, the sum of the entries; the repair order's events stay, the other's named.
    expect((await get(`/loyalty/accounts/${customerId}`)).json()).toMatchObject({
      balance: 300,
      entriesTotal: 300,
    })
    const orders = await ctx.store.db
      .selectFrom('service_events')
      .select(['event_id', 'customer_ref'])
      .orderBy('event_id')
      .execute()
    expect(orders).toEqual([
      { event_id: 'sv-1', customer_ref: null },
      { event_id: 'sv-2', customer_ref: 'ACC-0002' },
    ])
    expect((await get(`/customers?q=${HER.phone}`)).json().customers).toEqual([])

    // Nothing left to export or erase.
    const again = await post(`/customers/${customerId}/erase`, { confirmId: customerId })
    expect(again.statusCode).toBe(409)
    expect(again.json().error.code).toBe('CUSTOMER_ERASED')
    expect((await get(`/customers/${customerId}/export`)).json().error.code).toBe('CUSTOMER_ERASED')

    // The audit log: each export and the erasure, by id, with no value of hers (the scan above
    // covered audit_log too).
    const audit = await ctx.store.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('action', 'in', ['customer.view', 'customer.export', 'customer.erase'])
      .orderBy('created_at')
      .execute()
    expect(audit.filter((a) => a.action !== 'customer.view').map((a) => a.action)).toEqual([
      'customer.export',
      'customer.export',
      'customer.erase',
    ])
    expect(new Set(audit.map((a) => a.entity_id))).toEqual(new Set([customerId]))
  })

  it('refuses the export and the erasure to roles without personal-data:export', async () => {
    const found = await get(`/customers?q=${OTHER.phone}`)
    const id = found.json().customers[0].id as string
    const login = async (role: string) => {
      const email = `${role}@rights.test`
      await createUser(
        { db: ctx.store.db, orgId: t.orgId },
        { email, displayName: role, password: 'rights-password-123', role },
        t.clock.now,
      )
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: 'rights-password-123' },
      })
      expect(r.statusCode).toBe(200)
      return cookieHeader(r)
    }
    const supervisor = await login('supervisor')
    const asSupervisor = await t.app.inject({
      method: 'GET',
      url: `/api/v1/customers/${id}/export`,
      headers: { cookie: supervisor },
    })
    expect(asSupervisor.statusCode).toBe(403)
    const erase = await t.app.inject({
      method: 'POST',
      url: `/api/v1/customers/${id}/erase`,
      headers: { cookie: supervisor },
      payload: { confirmId: id },
    })
    expect(erase.statusCode).toBe(403)
  })

  it('keeps personal data to the retention periods: an hourly job erases what is older', async () => {
    const put = (payload: object) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/v1/customer-retention',
        headers: { cookie: t.adminCookie },
        payload,
      })
    const tooShort = await put({ policies: [{ dataType: 'answers', days: 7 }] })
    expect(tooShort.statusCode).toBe(400)
    const twice = await put({
      policies: [
        { dataType: 'answers', days: 30 },
        { dataType: 'answers', days: 60 },
      ],
    })
    expect(twice.statusCode).toBe(400)
    const set = await put({
      policies: [
        { dataType: 'customers', days: 30 },
        { dataType: 'answers', days: 30 },
        { dataType: 'feedback', days: 30 },
        { dataType: 'contacts', days: 30 },
      ],
    })
    expect(set.statusCode, set.body).toBe(200)
    expect((await get('/customer-retention')).json().policies).toEqual(
      ['answers', 'contacts', 'customers', 'feedback'].map((dataType) => ({
        dataType,
        days: 30,
        updatedAt: t.clock.now,
      })),
    )
    const other = (await get(`/customers?q=${OTHER.phone}`)).json().customers[0].id as string
    // 王芳 is known only from the contact list imported 35 days before the job: her customer,
    // made by that import in the first test and never seen since, is idle past the 30 days too.
    const wang = (await get('/customers?q=13600000001')).json().customers[0].id as string
    /** Sessions end after 12 hours: the administrator signs in again after the clock moved. */
    const signInAgain = async () => {
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: TEST_ADMIN,
      })
      expect(login.statusCode).toBe(200)
      t.adminCookie = cookieHeader(login)
    }

    // Twenty days on, a new customer answers; fifteen more days on, the job runs.
    t.clock.now += 20 * 86_400_000
    const NEW = { name: '李新', phone: '13500009999', place: '东湖小区五号' }
    const fresh = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses`,
      payload: {
        answers: {
          nps: 8,
          comment: `${NEW.name}，住${NEW.place}`,
          reach: { name: NEW.name, phone: NEW.phone, consent: true },
        },
        segments: { phone: NEW.phone },
      },
    })
    expect(fresh.statusCode).toBe(201)
    await t.jobs.runOnce()
    await signInAgain()
    const summaryBefore = (
      await get(`/surveys/${surveyId}/summary?from=2026-06-01&to=2026-07-31`)
    ).json()
    t.clock.now += 15 * 86_400_000
    await t.jobs.runOnce()
    await signInAgain()

    // Older than 30 days: the other customer, the list entry of 王芳 — gone; the new one stays.
    const old = await holdersOf([OTHER.name, OTHER.phone, OTHER.place, '王芳', '13600000001'], [])
    expect(old.hits).toEqual([])
    const kept = await holdersOf([NEW.name, NEW.phone, NEW.place], [])
    expect(kept.hits).toEqual(
      expect.arrayContaining([
        'responses.answers: 李新',
        'responses.comment: 东湖小区五号',
        'customer_keys.value_sealed: 13500009999',
      ]),
    )
    expect((await get(`/customers/${other}`)).json().customer.keys).toEqual([])
    expect((await get(`/customers?q=${NEW.phone}`)).json().customers).toHaveLength(1)
    const { latestComments: _a, ...figuresAfter } = (
      await get(`/surveys/${surveyId}/summary?from=2026-06-01&to=2026-07-31`)
    ).json()
    const { latestComments: _b, ...figuresBefore } = summaryBefore
    expect(figuresAfter).toEqual(figuresBefore)
    const erasedByJob = await ctx.store.db
      .selectFrom('audit_log')
      .select(['entity_id', 'actor_id'])
      .where('action', '=', 'customer.erase')
      .where('actor_id', '=', 'customer-retention')
      .execute()
    expect(erasedByJob.map((a) => a.entity_id).sort()).toEqual([other, wang].sort())
  })
})
