import { createHash } from 'node:crypto'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { cookieHeader, createTestApp, type TestApp } from '../server/test-app.js'

// Plans' attachments and approval over HTTP on both stores. Attachments: a PNG and a PDF are
// stored by their bytes (type told from them, SHA-256 kept) and come back byte for byte as
// downloads; an HTML page calling itself .png and an 11 MB file are refused. Approval: where the
// organisation wants it, a plan does not move to "do" until the member asked approves; the
// approver is told when asked, the requester when it is decided.

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')

describeEachDialect('action plans: attachments and approval', (ctx) => {
  let t: TestApp
  const people: Record<string, { id: string; cookie: string }> = {}
  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    cookie: string,
    payload?: object,
  ) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie },
      ...(payload === undefined ? {} : { payload }),
    })
  const newPlan = async (title: string) => {
    const res = await call('POST', '/plans', people.li!.cookie, {
      title,
      problem: '营业厅排队时间长',
      causeCategory: 'method',
      rootCause: '高峰时段只开两个窗口',
      metric: 'nps',
      ownerId: people.li!.id,
      dueAt: Date.parse('2026-09-30T00:00:00Z'),
      evidence: { source: 'manual' },
    })
    expect(res.statusCode, res.body).toBe(201)
    return res.json() as { id: string; number: string }
  }

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    for (const [name, role] of [
      ['li', 'supervisor'],
      ['zhou', 'supervisor'],
      ['wang', 'agent'],
    ] as const) {
      const id = await createUser(
        { db: ctx.store.db, orgId: t.orgId },
        { email: `${name}@approve.test`, displayName: name, password: 'plans-password-123', role },
        t.clock.now,
      )
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: `${name}@approve.test`, password: 'plans-password-123' },
      })
      people[name] = { id, cookie: cookieHeader(login) }
    }
  })
  afterAll(async () => {
    await t.app.close()
  })

  it('stores a PNG and a PDF by their bytes and refuses what is neither or too large', async () => {
    const plan = await newPlan('附件计划')
    const png = await call('POST', `/plans/${plan.id}/attachments`, people.wang!.cookie, {
      filename: '柜台现场.png',
      contentBase64: PNG.toString('base64'),
    })
    expect(png.statusCode, png.body).toBe(201)
    expect(png.json()).toMatchObject({
      filename: '柜台现场.png',
      contentType: 'image/png',
      size: PNG.length,
      sha256: createHash('sha256').update(PNG).digest('hex'),
      uploadedBy: people.wang!.id,
    })
    // A PDF named .txt is stored as what its bytes are, its name given the right ending.
    const pdf = await call('POST', `/plans/${plan.id}/attachments`, people.li!.cookie, {
      filename: '新流程.txt',
      contentBase64: PDF.toString('base64'),
    })
    expect(pdf.statusCode, pdf.body).toBe(201)
    expect(pdf.json()).toMatchObject({ filename: '新流程.txt.pdf', contentType: 'application/pdf' })

    const html = await call('POST', `/plans/${plan.id}/attachments`, people.li!.cookie, {
      filename: 'photo.png',
      contentBase64: Buffer.from('<html><script>alert(1)</script></html>').toString('base64'),
    })
    expect(html.statusCode).toBe(415)
    expect(html.json().error.code).toBe('UPLOAD_KIND_NOT_ALLOWED')
    const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)])
    const tooLarge = await call('POST', `/plans/${plan.id}/attachments`, people.li!.cookie, {
      filename: 'big.pdf',
      contentBase64: big.toString('base64'),
    })
    expect(tooLarge.statusCode).toBe(413)
    expect(tooLarge.json().error.code).toBe('UPLOAD_TOO_LARGE')

    const detail = (await call('GET', `/plans/${plan.id}`, people.wang!.cookie)).json()
    expect(detail.attachments.map((a: { filename: string }) => a.filename)).toEqual([
      '柜台现场.png',
      '新流程.txt.pdf',
    ])
    const download = await call(
      'GET',
      `/plans/${plan.id}/attachments/${png.json().id}`,
      people.wang!.cookie,
    )
    expect(download.statusCode).toBe(200)
    expect(download.rawPayload.equals(PNG)).toBe(true)
    expect(download.headers['content-type']).toBe('image/png')
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="____.png"; filename*=UTF-8''${encodeURIComponent('柜台现场.png')}`,
    )
    expect(download.headers['x-content-type-options']).toBe('nosniff')

    // The agent removes the file they attached, not the supervisor's.
    const notTheirs = await call(
      'DELETE',
      `/plans/${plan.id}/attachments/${pdf.json().id}`,
      people.wang!.cookie,
    )
    expect(notTheirs.statusCode).toBe(403)
    const removed = await call(
      'DELETE',
      `/plans/${plan.id}/attachments/${png.json().id}`,
      people.wang!.cookie,
    )
    expect(removed.statusCode).toBe(204)
    const gone = await call(
      'GET',
      `/plans/${plan.id}/attachments/${png.json().id}`,
      people.wang!.cookie,
    )
    expect(gone.statusCode).toBe(404)
    expect(gone.json().error.code).toBe('PLAN_ATTACHMENT_NOT_FOUND')
  })

  it('holds a plan back from "do" until the member asked approves it, telling each side', async () => {
    expect((await call('GET', '/plan-settings', people.wang!.cookie)).json()).toEqual({
      approvalRequired: false,
    })
    expect(
      (await call('PUT', '/plan-settings', people.li!.cookie, { approvalRequired: true }))
        .statusCode,
    ).toBe(403)
    const set = await call('PUT', '/plan-settings', t.adminCookie, { approvalRequired: true })
    expect(set.json()).toEqual({ approvalRequired: true })

    const plan = await newPlan('审批计划')
    const early = await call('POST', `/plans/${plan.id}/transitions`, people.li!.cookie, {
      status: 'do',
    })
    expect(early.statusCode).toBe(409)
    expect(early.json().error.code).toBe('PLAN_APPROVAL_REQUIRED')

    const self = await call('POST', `/plans/${plan.id}/approval-request`, people.li!.cookie, {
      approverId: people.li!.id,
    })
    expect(self.statusCode).toBe(400)
    expect(self.json().error.code).toBe('PLAN_APPROVER_INVALID')
    const asked = await call('POST', `/plans/${plan.id}/approval-request`, people.li!.cookie, {
      approverId: people.zhou!.id,
      note: '请审批',
    })
    expect(asked.statusCode, asked.body).toBe(200)
    expect(asked.json().approval).toMatchObject({
      status: 'pending',
      requestedBy: people.li!.id,
      approverId: people.zhou!.id,
      decidedAt: null,
      note: '请审批',
    })
    t.clock.now += 60_000
    const again = await call('POST', `/plans/${plan.id}/approval-request`, people.li!.cookie, {
      approverId: people.zhou!.id,
    })
    expect(again.json().error.code).toBe('PLAN_APPROVAL_NOT_PENDING')

    const told = (await call('GET', '/me/notifications', people.zhou!.cookie)).json()
    expect(told.notifications).toHaveLength(1)
    expect(told.notifications[0]).toMatchObject({
      kind: 'approval_requested',
      params: { planId: plan.id, planNumber: plan.number, planTitle: '审批计划', actorName: 'li' },
      link: `/app/plans?plan=${plan.id}`,
    })

    // Someone other than the member asked cannot decide; the approver rejects, then approves
    // after it is asked again.
    const other = await call('POST', `/plans/${plan.id}/approval-decision`, t.adminCookie, {
      decision: 'approved',
    })
    expect(other.statusCode).toBe(403)
    expect(other.json().error.code).toBe('PLAN_NOT_YOUR_APPROVAL')
    const rejected = await call(
      'POST',
      `/plans/${plan.id}/approval-decision`,
      people.zhou!.cookie,
      {
        decision: 'rejected',
        note: '先补充成本估算',
      },
    )
    expect(rejected.json().approval).toMatchObject({
      status: 'rejected',
      decidedAt: t.clock.now,
      note: '先补充成本估算',
    })
    expect(
      (
        await call('POST', `/plans/${plan.id}/transitions`, people.li!.cookie, { status: 'do' })
      ).json().error.code,
    ).toBe('PLAN_APPROVAL_REQUIRED')
    t.clock.now += 60_000
    await call('POST', `/plans/${plan.id}/approval-request`, people.li!.cookie, {
      approverId: people.zhou!.id,
    })
    t.clock.now += 60_000
    const approved = await call(
      'POST',
      `/plans/${plan.id}/approval-decision`,
      people.zhou!.cookie,
      {
        decision: 'approved',
      },
    )
    expect(approved.json().approval.status).toBe('approved')
    const decided = (await call('GET', '/me/notifications', people.li!.cookie)).json()
    expect(
      decided.notifications.map((n: { kind: string; params: { decision: string } }) => [
        n.kind,
        n.params.decision,
      ]),
    ).toEqual([
      ['approval_decided', 'approved'],
      ['approval_decided', 'rejected'],
    ])
    const moved = await call('POST', `/plans/${plan.id}/transitions`, people.li!.cookie, {
      status: 'do',
    })
    expect(moved.statusCode, moved.body).toBe(200)
    expect(moved.json().status).toBe('do')
    expect(moved.json().events.map((e: { type: string }) => e.type)).toEqual([
      'created',
      'approval_requested',
      'approval_decided',
      'approval_requested',
      'approval_decided',
      'status',
    ])
    await call('PUT', '/plan-settings', t.adminCookie, { approvalRequired: false })
  })
})
