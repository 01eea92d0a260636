import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { startTestSmtpServer, type TestSmtpServer } from '../../distribution/test-smtp.js'
import { createTestApp, type TestApp } from '../test-app.js'

// Editing and deleting saved customer segments over HTTP on both stores: a segment of unit 北区
// (1 reachable customer) is renamed and moved to 南区 (2); a rename onto another segment's name
// is refused (SEGMENT_NAME_TAKEN, nothing changed); a programme asking the segment keeps it from
// being deleted, active or paused (SEGMENT_IN_USE with the programme), and its run asks the
// edited members (南区's 2); a segment nobody asks is deleted (then 404). Each change is audited.

describeEachDialect('customer segments: edit and delete', (ctx) => {
  let t: TestApp
  let smtp: TestSmtpServer
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: t.adminCookie },
      ...(payload ? { payload } : {}),
    })

  beforeAll(async () => {
    smtp = await startTestSmtpServer()
    t = await createTestApp(ctx.store, { smtpUrl: smtp.url, publicUrl: 'https://s.example.cn' })
  })
  afterAll(async () => {
    await t.app.close()
    await smtp.close()
  })

  it('edits a segment, refuses to delete one a programme asks, deletes one nobody asks', async () => {
    const unit = async (code: string, nameZh: string) =>
      (await call('POST', '/units', { code, nameZh })).json().id as string
    const north = await unit('N1', '北区')
    const south = await unit('S1', '南区')
    const customer = async (email: string, unitId: string) =>
      expect(
        (await call('POST', '/customers', { keys: [{ kind: 'email', value: email }], unitId }))
          .statusCode,
      ).toBe(201)
    await customer('north-1@example.com', north)
    await customer('south-1@example.com', south)
    await customer('south-2@example.com', south)

    const made = await call('POST', '/customer-segments', {
      name: '北区客户',
      unitId: north,
      tiers: [],
    })
    expect(made.statusCode, made.body).toBe(201)
    const id = made.json().id as string
    expect(made.json()).toMatchObject({ name: '北区客户', unitId: north, members: 1 })
    const other = await call('POST', '/customer-segments', {
      name: '其他',
      unitId: north,
      tiers: [],
    })
    const otherId = other.json().id as string

    const edited = await call('PUT', `/customer-segments/${id}`, {
      name: '南区客户',
      unitId: south,
      tiers: [],
    })
    expect(edited.statusCode, edited.body).toBe(200)
    expect(edited.json()).toMatchObject({
      id,
      name: '南区客户',
      unitId: south,
      tiers: [],
      members: 2,
    })
    const taken = await call('PUT', `/customer-segments/${id}`, {
      name: '其他',
      unitId: north,
      tiers: [],
    })
    expect(taken.statusCode).toBe(409)
    expect(taken.json().error).toMatchObject({
      code: 'SEGMENT_NAME_TAKEN',
      details: [{ path: 'name' }],
    })
    const empty = await call('PUT', `/customer-segments/${id}`, {
      name: '空',
      unitId: null,
      tiers: [],
    })
    expect(empty.statusCode).toBe(400)
    const unknownUnit = await call('PUT', `/customer-segments/${id}`, {
      name: '南区客户',
      unitId: 'no-unit',
      tiers: [],
    })
    expect(unknownUnit.json().error.code).toBe('UNIT_NOT_FOUND')
    expect(
      (await call('PUT', '/customer-segments/no-such', { name: 'x', unitId: south, tiers: [] }))
        .statusCode,
    ).toBe(404)
    const listed = (await call('GET', '/customer-segments')).json().segments
    expect(listed.map((s: { name: string; members: number }) => [s.name, s.members])).toEqual([
      ['其他', 1],
      ['南区客户', 2],
    ])

    const survey = (
      await call('POST', '/surveys', {
        title: { 'zh-CN': '南区年度调研' },
        questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' }, required: true }],
      })
    ).json()
    await call('POST', `/surveys/${survey.id}/publish`)
    const programme = await call('POST', '/programmes', {
      name: '南区年度调研',
      surveyId: survey.id,
      channel: 'email',
      email: { subject: '年度调研', body: '{link}' },
      schedule: 'yearly',
      startDate: '2026-01-01',
      audience: { kind: 'segment', segmentId: id },
    })
    expect(programme.statusCode, programme.body).toBe(201)
    expect(programme.json().runs[0]).toMatchObject({ error: null, funnel: { invited: 2 } })

    const inUse = await call('DELETE', `/customer-segments/${id}`)
    expect(inUse.statusCode).toBe(409)
    expect(inUse.json().error).toMatchObject({
      code: 'SEGMENT_IN_USE',
      details: [{ path: 'segmentId' }],
      programmes: [{ id: programme.json().id, name: '南区年度调研', status: 'active' }],
    })
    await call('PUT', `/programmes/${programme.json().id}/status`, { status: 'paused' })
    const paused = await call('DELETE', `/customer-segments/${id}`)
    expect(paused.json().error).toMatchObject({
      code: 'SEGMENT_IN_USE',
      programmes: [{ status: 'paused' }],
    })

    expect((await call('DELETE', `/customer-segments/${otherId}`)).statusCode).toBe(204)
    expect((await call('DELETE', `/customer-segments/${otherId}`)).statusCode).toBe(404)
    expect(
      (await call('GET', '/customer-segments')).json().segments.map((s: { id: string }) => s.id),
    ).toEqual([id])

    // The auditor role reads the log over HTTP; here the rows themselves, oldest last.
    const audit = (
      await ctx.store.db
        .selectFrom('audit_log')
        .select(['action', 'entity_id as entityId', 'detail'])
        .where('action', 'like', 'segment.%')
        .orderBy('seq', 'desc')
        .execute()
    ).map((e) => ({ ...e, detail: JSON.parse(e.detail) as unknown }))
    expect(audit.map((e: { action: string; entityId: string }) => [e.action, e.entityId])).toEqual([
      ['segment.delete', otherId],
      ['segment.update', id],
      ['segment.create', otherId],
      ['segment.create', id],
    ])
    expect(audit[1]?.detail).toEqual({
      renamed: true,
      unitId: south,
      tiers: [],
      previousUnitId: north,
      previousTiers: [],
    })
  })
})
