import { afterEach, beforeEach, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import type { Store } from '../../db/connect.js'
import { createTestStore, describeEachDialect } from '../../db/test-dialects.js'
import { runRobotDelivery } from '../../notifications/robot-channel.service.js'
import { dingTalkSignature, feishuSignature } from '../../notifications/robot-messages.js'
import { startRobotServer } from '../../notifications/test-robot-server.js'
import { cookieHeader, createTestApp, type TestApp } from '../test-app.js'

// The notification centre and group robots over HTTP: a case given to an agent, an approval asked
// of a supervisor and decided are told to the right person only; robots get the kinds they take,
// signed as DingTalk and Feishu check, once each even when two instances send at the same time.

describeEachDialect('notifications and group robots API', (ctx) => {
  let t: TestApp
  let store: Store
  let robots: Awaited<ReturnType<typeof startRobotServer>>
  const people: Record<string, { id: string; cookie: string }> = {}

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, cookie: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie },
      ...(payload === undefined ? {} : { payload }),
    })

  beforeEach(async () => {
    store = await createTestStore(ctx.dialect)
    robots = await startRobotServer()
    t = await createTestApp(store, { webhookAllowedHosts: '127.0.0.1' })
    for (const [name, role] of [
      ['li', 'supervisor'],
      ['wang', 'agent'],
    ] as const) {
      const id = await createUser(
        { db: store.db, orgId: t.orgId },
        { email: `${name}@corp.test`, displayName: name, password: 'work-password-123', role },
        t.clock.now,
      )
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: `${name}@corp.test`, password: 'work-password-123' },
      })
      people[name] = { id, cookie: cookieHeader(login) }
    }
  })

  afterEach(async () => {
    await t.app.close()
    await new Promise((resolve) => robots.server.close(resolve))
    await store.close()
  })

  it('tells the agent of a case given to them and of the decision on their approval request', async () => {
    const dingtalk = await call('POST', '/robot-channels', t.adminCookie, {
      kind: 'dingtalk',
      name: '客服群',
      url: `${robots.url}/robot/send?access_token=secret-token-123`,
      secret: 'SECxyz',
      kinds: ['approval_requested', 'approval_decided'],
    })
    expect(dingtalk.statusCode).toBe(201)
    expect(dingtalk.json()).toMatchObject({ kind: 'dingtalk', signed: true, locale: 'zh-CN' })
    expect(dingtalk.body).not.toContain('secret-token-123')
    expect(dingtalk.body).not.toContain('SECxyz')
    const feishu = await call('POST', '/robot-channels', t.adminCookie, {
      kind: 'feishu',
      name: 'Ops',
      url: `${robots.url}/feishu/hook/abc`,
      secret: 'feishu-secret',
      locale: 'en-US',
    })
    expect(feishu.statusCode).toBe(201)

    const complaint = await t.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      headers: { cookie: t.adminCookie },
      payload: { channel: 'hotline', kind: 'complaint', text: '停电两天没人来修' },
    })
    const caseId = complaint.json().caseId as string
    const assigned = await call('POST', `/cases/${caseId}/assign`, t.adminCookie, {
      ownerId: people.wang!.id,
    })
    expect(assigned.statusCode).toBe(200)
    const wangs = (await call('GET', '/me/notifications', people.wang!.cookie)).json()
    expect(wangs.unread).toBe(1)
    expect(wangs.notifications).toEqual([
      expect.objectContaining({
        kind: 'case_assigned',
        read: false,
        link: `/app/cases/${caseId}`,
        params: expect.objectContaining({ caseId, caseNumber: 'C-000001' }),
      }),
    ])
    expect((await call('GET', '/me/notifications', people.li!.cookie)).json().unread).toBe(0)

    const asked = await call('POST', `/cases/${caseId}/compensations`, people.wang!.cookie, {
      kind: 'refund',
      amount: 30000,
      requestApproval: true,
    })
    expect(asked.statusCode).toBe(201)
    const pending = asked
      .json()
      .compensations.find((c: { status: string }) => c.status === 'pending_approval')
    const lis = (await call('GET', '/me/notifications', people.li!.cookie)).json()
    expect(lis.notifications.map((n: { kind: string }) => n.kind)).toEqual(['approval_requested'])
    expect(lis.notifications[0].params).toMatchObject({ amount: 30000, caseNumber: 'C-000001' })

    t.clock.now += 60_000
    const decided = await call('POST', `/compensations/${pending.id}/approve`, people.li!.cookie)
    expect(decided.statusCode).toBe(200)
    const after = (await call('GET', '/me/notifications', people.wang!.cookie)).json()
    expect(after.unread).toBe(2)
    expect(after.notifications[0]).toMatchObject({
      kind: 'approval_decided',
      params: { decision: 'approved', amount: 30000 },
    })

    // Reading: one, then all; someone else's notification is not found.
    const read = await call(
      'POST',
      `/me/notifications/${after.notifications[0].id}/read`,
      people.wang!.cookie,
    )
    expect(read.json()).toEqual({ unread: 1 })
    const foreign = await call(
      'POST',
      `/me/notifications/${after.notifications[0].id}/read`,
      people.li!.cookie,
    )
    expect(foreign.statusCode).toBe(404)
    expect(foreign.json().error.code).toBe('NOTIFICATION_NOT_FOUND')
    expect((await call('POST', '/me/notifications/read-all', people.wang!.cookie)).json()).toEqual({
      unread: 0,
    })
    expect((await call('GET', '/me/notifications/unread', people.wang!.cookie)).json()).toEqual({
      unread: 0,
    })

    // The robots: DingTalk took the two approval events only, signed; Feishu (all kinds) three.
    await t.jobs.runOnce()
    const toDingTalk = robots.received.filter((r) => r.path === '/robot/send')
    expect(toDingTalk).toHaveLength(2)
    for (const message of toDingTalk) {
      expect(message.query.get('access_token')).toBe('secret-token-123')
      const timestamp = Number(message.query.get('timestamp'))
      expect(message.query.get('sign')).toBe(dingTalkSignature('SECxyz', timestamp))
      expect(message.body.msgtype).toBe('text')
    }
    const texts = toDingTalk.map((m) => (m.body.text as { content: string }).content)
    expect(
      texts.some((text) => text.startsWith('【补偿待审批】') && text.includes('C-000001')),
    ).toBe(true)
    expect(texts.some((text) => text.includes('已批准'))).toBe(true)
    const toFeishu = robots.received.filter((r) => r.path.startsWith('/feishu'))
    expect(toFeishu).toHaveLength(3)
    for (const message of toFeishu) {
      expect(message.body.sign).toBe(
        feishuSignature('feishu-secret', Number(message.body.timestamp)),
      )
      expect(message.body.msg_type).toBe('text')
    }
    expect(toFeishu.map((m) => (m.body.content as { text: string }).text.split('\n')[0])).toEqual(
      expect.arrayContaining([
        '【Case assigned】',
        '【Compensation awaits approval】',
        '【Compensation decided】',
      ]),
    )
    // Sent messages are not sent again.
    await t.jobs.runOnce()
    expect(robots.received).toHaveLength(5)
  })

  it('sends each robot message once when two instances deliver at the same moment, and retries a refusal', async () => {
    const good = await call('POST', '/robot-channels', t.adminCookie, {
      kind: 'wecom',
      name: '门店群',
      url: `${robots.url}/cgi-bin/webhook/send?key=k1`,
    })
    expect(good.json().signed).toBe(false)
    const refusing = await call('POST', '/robot-channels', t.adminCookie, {
      kind: 'dingtalk',
      name: '错误密钥',
      url: `${robots.url}/refuse/robot/send?access_token=x`,
      secret: 'wrong',
    })
    expect(refusing.statusCode).toBe(201)
    for (let i = 0; i < 4; i++) {
      const complaint = await t.app.inject({
        method: 'POST',
        url: '/api/v1/feedback',
        headers: { cookie: t.adminCookie },
        payload: { channel: 'hotline', kind: 'complaint', text: `投诉 ${i}` },
      })
      await call('POST', `/cases/${complaint.json().caseId}/assign`, t.adminCookie, {
        ownerId: people.wang!.id,
      })
    }
    const policy = { allowedHosts: ['127.0.0.1'] }
    await Promise.all([
      runRobotDelivery(t.db, policy, t.clock.now),
      runRobotDelivery(t.db, policy, t.clock.now),
    ])
    const toWeCom = robots.received.filter((r) => r.path === '/cgi-bin/webhook/send')
    expect(toWeCom).toHaveLength(4)
    expect(new Set(toWeCom.map((m) => (m.body.text as { content: string }).content)).size).toBe(4)
    expect(robots.received.filter((r) => r.path.startsWith('/refuse'))).toHaveLength(4)
    // The refused ones wait a minute, then go again; the sent ones do not.
    await runRobotDelivery(t.db, policy, t.clock.now + 30_000)
    expect(robots.received).toHaveLength(8)
    await runRobotDelivery(t.db, policy, t.clock.now + 61_000)
    expect(robots.received.filter((r) => r.path.startsWith('/refuse'))).toHaveLength(8)
    expect(robots.received.filter((r) => r.path === '/cgi-bin/webhook/send')).toHaveLength(4)

    const test = await call('POST', `/robot-channels/${good.json().id}/test`, t.adminCookie)
    expect(test.json()).toEqual({ delivered: true, error: null })
    const failed = await call('POST', `/robot-channels/${refusing.json().id}/test`, t.adminCookie)
    expect(failed.json()).toMatchObject({
      delivered: false,
      error: expect.stringContaining('310000'),
    })
  })

  it('refuses private addresses, agents, and unknown robots', async () => {
    const privateAddress = await call('POST', '/robot-channels', t.adminCookie, {
      kind: 'wecom',
      name: 'x',
      url: 'http://10.0.0.5/cgi-bin/webhook/send?key=k',
    })
    expect(privateAddress.statusCode).toBe(400)
    expect(privateAddress.json().error.code).toBe('WEBHOOK_ADDRESS_NOT_ALLOWED')
    expect((await call('GET', '/robot-channels', people.wang!.cookie)).statusCode).toBe(403)
    const unknown = await call('DELETE', '/robot-channels/nope', t.adminCookie)
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().error.code).toBe('ROBOT_CHANNEL_NOT_FOUND')
    const badKind = await call('POST', '/robot-channels', t.adminCookie, {
      kind: 'slack',
      name: 'x',
      url: `${robots.url}/x`,
    })
    expect(badKind.statusCode).toBe(400)
  })
})
