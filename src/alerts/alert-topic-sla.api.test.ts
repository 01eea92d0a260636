import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { type DialectContext, describeEachDialect } from '../db/test-dialects.js'
import { dingTalkSignature, feishuSignature } from '../notifications/robot-messages.js'
import { startRobotServer } from '../notifications/test-robot-server.js'
import { createTestApp, type TestApp } from '../server/test-app.js'
import { createUnit } from '../units/unit.service.js'
import { runAlertEvaluation } from './alert.service.js'

// The topic-surge and SLA-breach-rate alert rules over HTTP on both stores (test clock
// 2026-06-15 12:00, Asia/Shanghai). Each suite has a store of its own, so one suite's rule is
// never judged on the other's data.
//
// Topic surge (organisation-wide; the last 7 days against the 28 before, one-sided z-test of the
// shares at α 0.01 with a lift of at least 1.5: src/analytics/emerging-topics.ts):
//   four baseline weeks of 10 comments, one a week about billing (4 of 40: 10%); then a week of
//   20 comments, 9 about billing (45%). The rule raises one alert for billing, none for queueing
//   (31 of 40 before, 11 of 20 after: its share fell); judged a week earlier, it raises none.
// SLA breach rate (each store under the region; cases opened in the last 30 days whose outcome
// is known; above 20% with at least 5 such cases fires), judged ten days after the complaints:
//   S1: 10 complaints, 6 resolved at once, 4 never answered → 4 of 10 missed (40%): fires.
//   S2: 10 complaints, all resolved at once → 0 of 10: none.
//   S3: 3 complaints never answered → 3 of 3 missed, but fewer than 5 cases: none.
//   Judged again the next morning (a new day, within the rule's 24-hour cooldown) S1's alert is
//   stored held back (cooldown); two days on it is delivered again.
// A stored answer (or a resolved case) wakes the app's own job sweep, which may evaluate the new
// rule on the same clock first: the alerts are counted in the store, not in an evaluation's report.

const DAY = 86_400_000

type StoredAlert = {
  ruleName: string
  unitId: string | null
  subject: string
  period: string
  state: string
  evidence: Record<string, unknown>
}

/** The suite's app (made in its beforeAll), its admin's API calls, and its stored rule alerts. */
function useApp(ctx: DialectContext) {
  /** `headers`: the administrator's session, or an API token of theirs once set. */
  const app = { t: undefined as unknown as TestApp, headers: {} as Record<string, string> }
  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    app.t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: app.t.adminCookie, ...app.headers },
      ...(payload === undefined ? {} : { payload }),
    })
  const alertsOf = async (ruleName: string): Promise<StoredAlert[]> => {
    const res = await call('GET', '/rule-alerts')
    expect(res.statusCode, res.body).toBe(200)
    return (res.json().alerts as StoredAlert[]).filter((a) => a.ruleName === ruleName)
  }
  const store = () => ({ db: ctx.store.db, features: ctx.store.features })
  afterAll(async () => {
    await app.t?.app.close()
  })
  return { app, call, alertsOf, store }
}

describeEachDialect('topic-surge alert rule over HTTP', (ctx) => {
  const { app, call, alertsOf, store } = useApp(ctx)
  let end = 0
  let robots: Awaited<ReturnType<typeof startRobotServer>>
  afterAll(async () => {
    await new Promise((resolve) => robots.server.close(resolve))
  })

  beforeAll(async () => {
    robots = await startRobotServer()
    app.t = await createTestApp(ctx.store, { webhookAllowedHosts: '127.0.0.1' })
    // Group robots told of metric alerts: WeCom, DingTalk and Feishu (signed, in English).
    for (const channel of [
      { kind: 'wecom', name: '门店群', url: `${robots.url}/cgi-bin/webhook/send?key=k1` },
      {
        kind: 'dingtalk',
        name: '管理群',
        url: `${robots.url}/robot/send?access_token=ding-token`,
        secret: 'SECding',
      },
      {
        kind: 'feishu',
        name: 'Ops',
        url: `${robots.url}/feishu/hook/abc`,
        secret: 'feishu-secret',
        locale: 'en-US',
      },
    ]) {
      const made = await call('POST', '/robot-channels', { ...channel, kinds: ['alert_fired'] })
      expect(made.statusCode, made.body).toBe(201)
    }
    end = app.t.clock.now
    let n = 0
    const post = async (text: string, at: number) => {
      const res = await call('POST', '/feedback', {
        channel: 'api',
        kind: 'suggestion',
        text,
        receivedAt: new Date(at).toISOString(),
      })
      expect(res.statusCode, res.body).toBe(201)
    }
    for (let week = 4; week >= 1; week--)
      for (let i = 0; i < 10; i++)
        await post(
          i === 0 ? '电费账单看不懂' : `营业厅排队很久 ${n++}`,
          end - week * 7 * DAY - DAY - i * 3_600_000,
        )
    for (let i = 0; i < 20; i++)
      await post(
        i < 9 ? `这个月电费账单多收了钱 ${i}` : `营业厅排队很久 ${n++}`,
        end - 2 * DAY - i * 3_600_000,
      )
  }, 120_000)

  it('raises one alert for the topic whose share surged, with its shares, and none a week before', async () => {
    const rule = await call('POST', '/alert-rules', {
      name: '话题激增',
      kind: 'topic_surge',
      // A topic is not a unit's: the rule watches the whole organisation whatever unit is named.
      unitId: null,
    })
    expect(rule.statusCode, rule.body).toBe(201)
    expect(rule.json()).toMatchObject({ kind: 'topic_surge', unitId: null })

    // A week earlier the recent week is an ordinary one (1 of 10 about billing): nothing surges.
    await runAlertEvaluation(store(), end - 7 * DAY)
    expect(await alertsOf('话题激增')).toEqual([])

    await runAlertEvaluation(store(), end)
    await runAlertEvaluation(store(), end + 3_600_000)
    const raised = await alertsOf('话题激增')
    expect(raised).toHaveLength(1)
    expect(raised[0]).toMatchObject({
      unitId: null,
      subject: 'billing',
      period: '2026-06-15',
      state: 'delivered',
      evidence: {
        kind: 'topic_surge',
        unitId: null,
        unitName: null,
        period: '2026-06-15',
        topic: 'billing',
        topicLabel: '账单计费',
        recentShare: 9 / 20,
        baselineShare: 4 / 40,
        link: '/app/text',
      },
    })
    expect(raised[0]!.evidence.pValue).toBeLessThan(0.01)

    // Each robot is told of the alert once, in its documented format, signed where it is.
    app.t.clock.now = end + 2 * 3_600_000
    await app.t.jobs.runOnce()
    await app.t.jobs.runOnce()
    const textsAt = (path: string) =>
      robots.received
        .filter((r) => r.path === path)
        .map((r) => {
          if (path.startsWith('/feishu')) {
            expect(r.body.msg_type).toBe('text')
            expect(r.body.sign).toBe(feishuSignature('feishu-secret', Number(r.body.timestamp)))
            return (r.body.content as { text: string }).text
          }
          expect(r.body.msgtype).toBe('text')
          if (path === '/robot/send') {
            expect(r.query.get('access_token')).toBe('ding-token')
            const timestamp = Number(r.query.get('timestamp'))
            expect(r.query.get('sign')).toBe(dingTalkSignature('SECding', timestamp))
          } else expect(r.query.get('key')).toBe('k1')
          return (r.body.text as { content: string }).content
        })
    for (const path of ['/cgi-bin/webhook/send', '/robot/send']) {
      const texts = textsAt(path)
      expect(texts).toHaveLength(1)
      expect(texts[0]).toMatch(
        /^【满意 · 指标预警】\n预警「话题激增」：全组织 2026-06-15 话题激增 · 账单计费。\n\/app\/alerts\/[0-9a-f-]+$/,
      )
    }
    const english = textsAt('/feishu/hook/abc')
    expect(english).toHaveLength(1)
    expect(english[0]).toMatch(
      /^【Manyi · alert】\nAlert "话题激增": the whole organisation, 2026-06-15, topic surge · Billing\.\n\/app\/alerts\/[0-9a-f-]+$/,
    )
    expect(robots.received).toHaveLength(3)
  })
})

describeEachDialect('SLA-breach-rate alert rule over HTTP', (ctx) => {
  const { app, call, alertsOf, store } = useApp(ctx)
  const units = new Map<string, string>()

  beforeAll(async () => {
    app.t = await createTestApp(ctx.store)
    const t = app.t
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: Date.parse('2026-01-01T00:00:00Z'),
    }
    for (const [code, parent] of [
      ['R', null],
      ['S1', 'R'],
      ['S2', 'R'],
      ['S3', 'R'],
    ] as const) {
      const unit = await createUnit(scope, {
        code,
        nameZh: `门店${code}`,
        nameEn: `Store ${code}`,
        parentId: parent ? units.get(parent)! : null,
      })
      units.set(code, unit.id)
    }
    // The clock moves on by days, past a session: the administrator acts through an API token.
    const token = await call('POST', '/tokens', { name: 'sla-alerts', role: 'admin' })
    expect(token.statusCode, token.body).toBe(201)
    app.headers = { authorization: `Bearer ${token.json().token}` }
    // Complaints on Monday 2026-06-15 at 12:00: a case each, at its store.
    let k = 0
    for (const [unit, resolved, missed] of [
      ['S1', 6, 4],
      ['S2', 10, 0],
      ['S3', 0, 3],
    ] as const) {
      for (let i = 0; i < resolved + missed; i++) {
        const res = await call('POST', '/feedback', {
          channel: 'hotline',
          kind: 'complaint',
          text: `营业厅办理业务等了很久 ${k++}`,
          unit,
        })
        expect(res.statusCode, res.body).toBe(201)
        const caseId = res.json().caseId as string
        expect(caseId).toBeTruthy()
        if (i >= resolved) continue
        // Answered and resolved at once: within both deadlines.
        for (const status of ['acknowledged', 'investigating']) {
          const moved = await call('POST', `/cases/${caseId}/transitions`, { status })
          expect(moved.statusCode, moved.body).toBe(200)
        }
        const cause = await call('POST', `/cases/${caseId}/recovery`, { cause: 'wait_time' })
        expect(cause.statusCode, cause.body).toBe(200)
        const done = await call('POST', `/cases/${caseId}/transitions`, { status: 'resolved' })
        expect(done.statusCode, done.body).toBe(200)
      }
    }
    // Ten days on (Thursday 25 June), every deadline of the unanswered cases has passed (a normal
    // complaint's first answer is due within 4 working hours, its resolution within 3 working days).
    t.clock.now = Date.parse('2026-06-25T04:00:00Z')
  }, 120_000)

  it('raises one alert for the store missing 4 of 10 deadlines, none for the others', async () => {
    const rule = await call('POST', '/alert-rules', {
      name: 'SLA 超时率',
      kind: 'sla_breach_rate',
      unitId: units.get('R'),
      eachChild: true,
      params: { maxBreachRate: 0.2, minDue: 5 },
    })
    expect(rule.statusCode, rule.body).toBe(201)
    const now = app.t.clock.now
    await runAlertEvaluation(store(), now)
    await runAlertEvaluation(store(), now + 3_600_000)
    const raised = await alertsOf('SLA 超时率')
    expect(raised).toHaveLength(1)
    expect(raised[0]).toMatchObject({
      unitId: units.get('S1'),
      subject: '',
      period: '2026-06-25',
      state: 'delivered',
      evidence: {
        kind: 'sla_breach_rate',
        unitId: units.get('S1'),
        unitName: '门店S1',
        period: '2026-06-25',
        value: 40,
        baseline: 20,
        due: 10,
        missed: 4,
        link: '/app/sla-board',
      },
    })
  })

  it('holds the next day’s alert back within the rule’s 24-hour cooldown, and delivers it after', async () => {
    const now = app.t.clock.now
    // 08:00 the next morning (Shanghai): a new day, still within 24 hours of the first alert.
    await runAlertEvaluation(store(), now + 20 * 3_600_000)
    // Two days on, past the cooldown.
    await runAlertEvaluation(store(), now + 48 * 3_600_000)
    const raised = await alertsOf('SLA 超时率')
    expect(raised.map((a) => [a.period, a.state]).sort()).toEqual([
      ['2026-06-25', 'delivered'],
      ['2026-06-26', 'cooldown'],
      ['2026-06-27', 'delivered'],
    ])
    expect(raised.every((a) => a.unitId === units.get('S1'))).toBe(true)
  })
})
