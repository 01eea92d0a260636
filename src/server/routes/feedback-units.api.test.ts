import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import type { Scope } from '../../db/scope.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { setMembershipUnits } from '../../units/unit-membership.service.js'
import { createUnit } from '../../units/unit.service.js'
import { cookieHeader, createTestApp, type TestApp } from '../test-app.js'

// Feedback gets an organisation unit on every way in — the API's `unit` code, the complaint
// form's per-unit link (/complain/<key>?unit=CODE) and an import's unit column — or, without
// one, its store matched by unit code; its case gets the same unit. A code no unit has is
// UNIT_NOT_FOUND (the API, the form) or that row's problem (the import); so is a unit outside a
// limited member's units. On both stores.

const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
})

describeEachDialect('feedback and its case get a unit on every way in', (ctx) => {
  let t: TestApp
  const unit = {} as Record<'P' | 'A' | 'B', string>
  let siblingCookie = ''
  const admin = () => ({ cookie: t.adminCookie })
  const caseUnitOf = async (feedbackId: string) =>
    (
      await ctx.store.db
        .selectFrom('cases')
        .select('unit_id')
        .where('feedback_id', '=', feedbackId)
        .executeTakeFirstOrThrow()
    ).unit_id

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'fb-units-admin', role: 'admin' },
      now: t.clock.now,
    }
    unit.P = (await createUnit(scope, { code: 'P', nameZh: '市公司', type: 'city' })).id
    unit.A = (
      await createUnit(scope, {
        code: 'A-01',
        nameZh: '甲营业厅',
        nameEn: 'Hall A',
        parentId: unit.P,
      })
    ).id
    unit.B = (await createUnit(scope, { code: 'B-01', nameZh: '乙营业厅', parentId: unit.P })).id
    const email = 'sibling@fb-units.test'
    const id = await createUser(
      { db: ctx.store.db, orgId: t.orgId },
      { email, displayName: '乙厅主管', password: 'fb-units-password-1', role: 'supervisor' },
      t.clock.now,
    )
    await setMembershipUnits(scope, id, { unitIds: [unit.B] })
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email, password: 'fb-units-password-1' },
    })
    siblingCookie = cookieHeader(login)
  })
  afterAll(async () => {
    await t.app.close()
  })

  it('stores API feedback under the named unit, else its store’s; the case follows; an unknown code is UNIT_NOT_FOUND', async () => {
    const send = (payload: object, cookie = t.adminCookie) =>
      t.app.inject({ method: 'POST', url: '/api/v1/feedback', headers: { cookie }, payload })
    const named = await send({ text: '投诉：柜台排队一小时', unit: 'A-01', store: 'B-01' })
    expect(named.statusCode).toBe(201)
    expect(named.json().feedback.unitId).toBe(unit.A)
    expect(await caseUnitOf(named.json().feedback.id)).toBe(unit.A)

    const byStore = await send({ text: '投诉：电费账单错误', store: 'B-01' })
    expect(byStore.json().feedback.unitId).toBe(unit.B)
    expect(await caseUnitOf(byStore.json().feedback.id)).toBe(unit.B)

    const none = await send({ text: '投诉：网站打不开', store: '五一路店' })
    expect(none.json().feedback.unitId).toBeNull()

    const unknown = await send({ text: '投诉：停电无通知', unit: 'NOPE' })
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().error).toMatchObject({
      code: 'UNIT_NOT_FOUND',
      details: [{ path: 'unit', reason: 'no unit has the code "NOPE"' }],
    })
    // A member limited to unit B cannot file feedback under its sibling A.
    const outside = await send({ text: '投诉：停电无通知', unit: 'A-01' }, siblingCookie)
    expect(outside.statusCode).toBe(404)
    expect(outside.json().error.code).toBe('UNIT_NOT_FOUND')
    const inside = await send({ text: '投诉：乙厅空调坏了', unit: 'B-01' }, siblingCookie)
    expect(inside.statusCode).toBe(201)
    expect(inside.json().feedback.unitId).toBe(unit.B)
    const stored = await ctx.store.db
      .selectFrom('feedback')
      .select('id')
      .where('text', '=', '投诉：停电无通知')
      .execute()
    expect(stored).toHaveLength(0)
  })

  it('imports a unit column: an unknown code is that row’s problem (nothing stored, or the row left out)', async () => {
    const csv =
      '编号,内容,单元编码,门店\nU-1,投诉：甲厅抄表错误,A-01,\nU-2,投诉：乙厅服务差,,B-01\nU-3,投诉：没有这个厅,NOPE,\n'
    const file = { name: 'hotline.csv', contentBase64: Buffer.from(csv).toString('base64') }
    const importFile = (skipInvalid: boolean) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/feedback/import',
        headers: admin(),
        payload: { channel: 'hotline', file, skipInvalid },
      })
    const strict = await importFile(false)
    expect(strict.statusCode).toBe(200)
    expect(strict.json()).toMatchObject({
      rows: 3,
      imported: 0,
      issues: [
        {
          path: 'hotline.csv:4:单元编码',
          reason: 'no unit has the code "NOPE"',
          rule: 'invalid_value',
        },
      ],
    })
    const lenient = await importFile(true)
    expect(lenient.json()).toMatchObject({ rows: 3, imported: 2, cases: 2 })
    const rows = await ctx.store.db
      .selectFrom('feedback')
      .select(['id', 'external_id', 'unit_id'])
      .where('org_id', '=', t.orgId)
      .where('external_id', 'in', ['U-1', 'U-2', 'U-3'])
      .orderBy('external_id')
      .execute()
    expect(rows.map((r) => [r.external_id, r.unit_id])).toEqual([
      ['U-1', unit.A],
      ['U-2', unit.B],
    ])
    expect(await caseUnitOf(rows[0]!.id)).toBe(unit.A)
  })

  it('files a complaint from a per-unit form link under that unit, in both languages; an unknown unit is not found', async () => {
    const key = (
      await t.app.inject({ method: 'GET', url: '/api/v1/case-config', headers: admin() })
    ).json().publicFormKey as string
    const page = await t.app.inject({ method: 'GET', url: `/complain/${key}?unit=A-01` })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('服务网点：甲营业厅')
    expect(page.body).toContain('<input type="hidden" name="unit" value="A-01">')
    expect(page.body).not.toContain('name="store"')
    const english = await t.app.inject({
      method: 'GET',
      url: `/complain/${key}?unit=A-01&lang=en-US`,
    })
    expect(english.body).toContain('Service point: Hall A')
    const shownAt = /name="shownAt" value="([^"]+)"/.exec(page.body)![1]!
    t.clock.now += 10_000
    const sent = await t.app.inject({
      method: 'POST',
      url: `/complain/${key}`,
      ...form({ text: '甲厅的叫号机坏了一整天', unit: 'A-01', shownAt }),
    })
    expect(sent.statusCode).toBe(200)
    const filed = await ctx.store.db
      .selectFrom('feedback')
      .select(['id', 'unit_id', 'channel'])
      .where('text', '=', '甲厅的叫号机坏了一整天')
      .executeTakeFirstOrThrow()
    expect([filed.channel, filed.unit_id]).toEqual(['web', unit.A])
    expect(await caseUnitOf(filed.id)).toBe(unit.A)

    expect(
      (await t.app.inject({ method: 'GET', url: `/complain/${key}?unit=NOPE` })).statusCode,
    ).toBe(404)
    const tampered = await t.app.inject({
      method: 'POST',
      url: `/complain/${key}`,
      ...form({ text: '这个厅不存在的投诉内容', unit: 'NOPE', shownAt }),
    })
    expect(tampered.statusCode).toBe(404)
  })
})
