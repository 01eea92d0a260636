import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import { connectStore, type Store } from '../db/connect.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { TEST_PG_URL } from '../db/test-store.js'
import { cookieHeader, createTestApp, SAMPLE_SURVEY, type TestApp } from '../server/test-app.js'
import { dingTalkSignature, feishuSignature } from '../notifications/robot-messages.js'
import { startRobotServer } from '../notifications/test-robot-server.js'
import { createUnit } from '../units/unit.service.js'
import { runPlanReminders, runPlanVerdicts } from './action-alerts.service.js'

// The action plans' background jobs on both stores, over the real HTTP API: reminders before a
// task's and a plan's deadline, escalation once they pass (to the owner's supervisor and the
// plan's creator), and the owner told when the effect verdict changes after new data. Every
// job run is made by two instances at once (on PostgreSQL two connection pools on one database;
// on SQLite the one file) and twice more after: each event is told exactly once.
//
// People: li (supervisor) makes the plan; wang (agent) owns it and its task; zhou (supervisor)
// is wang's supervisor. Units A and B; before the action (March–May 2026) both have NPS 0 (10
// promoters, 10 detractors a month); in July A's 20 answers are all promoters, B's stay at 0.
// Three group robots take the plan events: WeCom (unsigned), DingTalk and Feishu (signed, Feishu
// in English), served by a local HTTP server that checks their documented formats.

const DAY = 86_400_000

describeEachDialect('action plan reminders, escalations and verdicts', (ctx) => {
  let t: TestApp
  let other: Store
  const ids = new Map<string, string>()
  const people: Record<string, { id: string; auth: string }> = {}
  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, auth: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: auth.startsWith('Bearer ') ? { authorization: auth } : { cookie: auth },
      ...(payload === undefined ? {} : { payload }),
    })
  /** Both instances run the job at the same moment, then each runs it once more. */
  async function twoInstances<T>(run: (db: Store) => Promise<T>): Promise<T[]> {
    const first = await Promise.all([run(ctx.store), run(other)])
    return [...first, await run(ctx.store), await run(other)]
  }
  const reminders = (now: number) =>
    twoInstances((s) => runPlanReminders(s.db, now)).then((runs) => ({
      reminders: runs.reduce((a, r) => a + r.reminders, 0),
      escalations: runs.reduce((a, r) => a + r.escalations, 0),
    }))
  const verdicts = (now: number) =>
    twoInstances((s) => runPlanVerdicts(s, now)).then((runs) => ({
      told: runs.reduce((a, r) => a + r.told, 0),
      measured: runs[0]!.measured,
    }))
  /** The member's plan notifications, oldest first: kind, task (if any) and verdict (if any). */
  async function told(name: string) {
    // Notifications are the member's own (an API token acts as itself): read them signed in.
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: `${name}@alerts.test`, password: 'alerts-password-123' },
    })
    const list = (await call('GET', '/me/notifications?limit=100', cookieHeader(login))).json()
    return (
      list.notifications as Array<{
        kind: string
        params: { taskTitle?: string; verdict?: string; planNumber?: string }
        link: string
      }>
    )
      .filter((n) => n.kind.startsWith('plan_'))
      .reverse()
      .map((n) => ({
        kind: n.kind,
        plan: n.params.planNumber,
        task: n.params.taskTitle ?? null,
        verdict: n.params.verdict ?? null,
        link: n.link,
      }))
  }
  let planId = ''
  let robots: Awaited<ReturnType<typeof startRobotServer>>
  /** July's answers: A's all promoters, B's as before. */
  let answerJuly: () => Promise<void> = async () => undefined

  beforeAll(async () => {
    robots = await startRobotServer()
    t = await createTestApp(ctx.store, {
      publicRateLimit: 10_000,
      webhookAllowedHosts: '127.0.0.1',
    })
    const planKinds = ['plan_task_due', 'plan_overdue', 'plan_verdict']
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
      const made = await t.app.inject({
        method: 'POST',
        url: '/api/v1/robot-channels',
        headers: { cookie: t.adminCookie },
        payload: { ...channel, kinds: planKinds },
      })
      expect(made.statusCode, made.body).toBe(201)
    }
    other =
      ctx.dialect === 'postgres'
        ? connectStore({ url: TEST_PG_URL, schema: ctx.store.pgSchema, poolSize: 3 })
        : ctx.store
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'alerts-admin', role: 'admin' },
      now: Date.parse('2026-01-01T00:00:00Z'),
    }
    for (const code of ['A', 'B']) {
      const unit = await createUnit(scope, { code, nameZh: `单元${code}`, nameEn: `Unit ${code}` })
      ids.set(code, unit.id)
    }
    for (const [name, role] of [
      ['li', 'supervisor'],
      ['wang', 'agent'],
      ['zhou', 'supervisor'],
    ] as const) {
      const id = await createUser(
        { db: ctx.store.db, orgId: t.orgId },
        { email: `${name}@alerts.test`, displayName: name, password: 'alerts-password-123', role },
        t.clock.now,
      )
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: `${name}@alerts.test`, password: 'alerts-password-123' },
      })
      // The clock moves by months, past any session: members act through API tokens.
      const token = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/tokens',
          headers: { cookie: cookieHeader(login) },
          payload: { name: 'alerts', role },
        })
      ).json().token
      people[name] = { id, auth: `Bearer ${token}` }
    }
    const supervised = await call('PATCH', `/users/${people.wang!.id}`, t.adminCookie, {
      supervisorId: people.zhou!.id,
    })
    expect(supervised.statusCode, supervised.body).toBe(200)
    const created = await call('POST', '/surveys', t.adminCookie, {
      ...SAMPLE_SURVEY,
      settings: { hiddenFields: ['unit'] },
    })
    const slug = (await call('POST', `/surveys/${created.json().id}/publish`, t.adminCookie)).json()
      .slug
    let k = 0
    for (const day of ['2026-03-10', '2026-04-10', '2026-05-10']) {
      t.clock.now = Date.parse(`${day}T04:00:00Z`)
      for (const unit of ['A', 'B'])
        for (let i = 0; i < 20; i++) {
          const res = await t.app.inject({
            method: 'POST',
            url: `/api/v1/public/surveys/${slug}/responses`,
            payload: {
              answers: { nps: i < 10 ? 10 : 0 },
              segments: { unit },
              clientResponseId: `alert-answer-${k++}`,
            },
          })
          expect(res.statusCode, res.body).toBe(201)
        }
    }
    // July's answers are given later, by the verdict test.
    answerJuly = async () => {
      for (const unit of ['A', 'B'])
        for (let i = 0; i < 20; i++) {
          const res = await t.app.inject({
            method: 'POST',
            url: `/api/v1/public/surveys/${slug}/responses`,
            payload: {
              answers: { nps: unit === 'A' || i < 10 ? 10 : 0 },
              segments: { unit },
              clientResponseId: `alert-answer-${k++}`,
            },
          })
          expect(res.statusCode, res.body).toBe(201)
        }
    }
    t.clock.now = Date.parse('2026-06-15T04:00:00Z')
    // Made signed in, as in the app: the creator told of an overdue plan is li herself (a plan
    // made through an API token names the token as its creator).
    const liLogin = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'li@alerts.test', password: 'alerts-password-123' },
    })
    const plan = await call('POST', '/plans', cookieHeader(liLogin), {
      title: '缩短排队',
      problem: '投诉中 42% 为排队时间长',
      causeCategory: 'method',
      rootCause: '高峰时段只开两个窗口',
      metric: 'nps',
      unitIds: [ids.get('A')],
      ownerId: people.wang!.id,
      dueAt: Date.parse('2026-07-31T00:00:00Z'),
      evidence: { source: 'pareto', label: '排队时间长', figures: { share: 0.42 } },
    })
    expect(plan.statusCode, plan.body).toBe(201)
    planId = plan.json().id
    const task = await call('POST', `/plans/${planId}/tasks`, people.li!.auth, {
      title: '高峰加开第三窗口',
      ownerId: people.wang!.id,
      dueAt: Date.parse('2026-06-20T00:00:00Z'),
    })
    expect(task.statusCode, task.body).toBe(201)
  }, 180_000)
  afterAll(async () => {
    await t.app.close()
    await new Promise((resolve) => robots.server.close(resolve))
    if (other !== ctx.store) await other.close()
  })

  it('reminds before each deadline and escalates once it has passed, each exactly once across two instances', async () => {
    // Five days before the task's date: nothing yet.
    expect(await reminders(Date.parse('2026-06-15T05:00:00Z'))).toEqual({
      reminders: 0,
      escalations: 0,
    })
    // Within a day of it: its owner is reminded once.
    expect(await reminders(Date.parse('2026-06-19T06:00:00Z'))).toEqual({
      reminders: 1,
      escalations: 0,
    })
    // Past it, not done: the owner (also the plan's owner) and his supervisor are told once.
    expect(await reminders(Date.parse('2026-06-21T06:00:00Z'))).toEqual({
      reminders: 0,
      escalations: 1,
    })
    expect(await reminders(Date.parse('2026-06-22T06:00:00Z'))).toEqual({
      reminders: 0,
      escalations: 0,
    })
    // The plan itself: reminded the day before, escalated after (also to its creator).
    expect(await reminders(Date.parse('2026-07-30T12:00:00Z'))).toEqual({
      reminders: 1,
      escalations: 0,
    })
    expect(await reminders(Date.parse('2026-08-01T12:00:00Z'))).toEqual({
      reminders: 0,
      escalations: 1,
    })
    const plan = { plan: 'P-000001', verdict: null, link: `/app/plans?plan=${planId}` }
    expect(await told('wang')).toEqual([
      { ...plan, kind: 'plan_task_due', task: '高峰加开第三窗口' },
      { ...plan, kind: 'plan_overdue', task: '高峰加开第三窗口' },
      { ...plan, kind: 'plan_task_due', task: null },
      { ...plan, kind: 'plan_overdue', task: null },
    ])
    expect(await told('zhou')).toEqual([
      { ...plan, kind: 'plan_overdue', task: '高峰加开第三窗口' },
      { ...plan, kind: 'plan_overdue', task: null },
    ])
    expect(await told('li')).toEqual([{ ...plan, kind: 'plan_overdue', task: null }])
  })

  it('tells no one of a task done or a plan closed before its deadline', async () => {
    t.clock.now = Date.parse('2026-08-02T04:00:00Z')
    const second = await call('POST', '/plans', people.li!.auth, {
      title: '预约分流',
      problem: '高峰排队',
      causeCategory: 'method',
      rootCause: '无预约',
      metric: 'nps',
      unitIds: [ids.get('B')],
      ownerId: people.wang!.id,
      dueAt: t.clock.now + 2 * DAY,
      evidence: { source: 'manual' },
    })
    const id = second.json().id
    const withTask = await call('POST', `/plans/${id}/tasks`, people.li!.auth, {
      title: '上线预约',
      ownerId: people.wang!.id,
      dueAt: t.clock.now + DAY / 2,
    })
    const taskId = withTask.json().tasks[0].id
    await call('POST', `/plans/${id}/tasks/${taskId}/done`, people.wang!.auth)
    await call('POST', `/plans/${id}/transitions`, people.li!.auth, {
      status: 'abandoned',
      reason: '并入 P-000001',
    })
    const before = (await told('wang')).length
    expect(await reminders(t.clock.now + 3 * DAY)).toEqual({ reminders: 0, escalations: 0 })
    expect((await told('wang')).length).toBe(before)
  })

  it('tells the owner when the verdict changes after new data, once', async () => {
    // The action takes effect in June; in July there are no answers yet: not enough data,
    // recorded without telling anyone.
    t.clock.now = Date.parse('2026-06-15T06:00:00Z')
    const doing = await call('POST', `/plans/${planId}/transitions`, people.li!.auth, {
      status: 'do',
    })
    expect(doing.statusCode, doing.body).toBe(200)
    const overviewVerdict = async () =>
      (await call('GET', '/plans', people.li!.auth))
        .json()
        .plans.find((p: { id: string }) => p.id === planId).verdict
    // Not judged yet: the overview says so (null), not a verdict.
    expect(await overviewVerdict()).toBeNull()
    expect(await verdicts(Date.parse('2026-07-05T04:00:00Z'))).toEqual({ told: 0, measured: 1 })
    expect(await overviewVerdict()).toBe('not_enough_data')
    // July's answers: A rose to +100 while B stayed at 0.
    t.clock.now = Date.parse('2026-07-20T04:00:00Z')
    await answerJuly()
    const effect = (await call('GET', `/plans/${planId}/effect`, people.li!.auth)).json()
    expect(effect).toMatchObject({
      verdict: 'effective',
      treated: { before: { n: 60, value: 0 }, after: { n: 20, value: 100 } },
      comparison: { before: { n: 60, value: 0 }, after: { n: 20, value: 0 } },
    })
    // The app's own sweep, woken by the answers, may judge the plan first (at 20 July): either
    // way the owner is told once (below), and no later run tells anyone again.
    expect((await verdicts(Date.parse('2026-07-21T04:00:00Z'))).measured).toBe(1)
    expect(await verdicts(Date.parse('2026-07-22T04:00:00Z'))).toEqual({ told: 0, measured: 1 })
    // The plans overview shows the verdict last recorded.
    expect(await overviewVerdict()).toBe('effective')
    const verdictsTold = (await told('wang')).filter((n) => n.kind === 'plan_verdict')
    expect(verdictsTold).toEqual([
      {
        kind: 'plan_verdict',
        plan: 'P-000001',
        task: null,
        verdict: 'effective',
        link: `/app/plans?plan=${planId}`,
      },
    ])
    expect((await told('li')).filter((n) => n.kind === 'plan_verdict')).toEqual([])
  })

  it('sends each reminder, escalation and verdict to the WeCom, DingTalk and Feishu robots once', async () => {
    // The app's own sweep delivers (two instances at once are in notifications.api.test.ts).
    t.clock.now = Date.parse('2026-08-10T04:00:00Z')
    await t.jobs.runOnce()
    await t.jobs.runOnce()
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
        .sort()
    // Each event once: the task's reminder and escalation, the plan's, and the verdict (the first
    // "not enough data yet" is told to no one, robots included). The abandoned plan says nothing.
    const link = `/app/plans?plan=${planId}`
    const plan = 'P-000001 · 缩短排队'
    const chinese = [
      `【改进计划即将到期】\n改进计划 ${plan} 即将到期（截止 2026-07-31）。\n${link}`,
      `【改进计划即将到期】\n改进计划 ${plan} 的任务「高峰加开第三窗口」即将到期（截止 2026-06-20）。\n${link}`,
      `【改进计划已逾期】\n改进计划 ${plan} 已逾期（截止 2026-07-31）。\n${link}`,
      `【改进计划已逾期】\n改进计划 ${plan} 的任务「高峰加开第三窗口」已逾期（截止 2026-06-20）。\n${link}`,
      `【改进计划效果判定】\n改进计划 ${plan} 的效果判定变为：有效。\n${link}`,
    ].sort()
    expect(textsAt('/cgi-bin/webhook/send')).toEqual(chinese)
    expect(textsAt('/robot/send')).toEqual(chinese)
    expect(textsAt('/feishu/hook/abc')).toEqual(
      [
        `【Action plan due soon】\nAction plan ${plan} is due soon (due 2026-07-31).\n${link}`,
        `【Action plan due soon】\nTask "高峰加开第三窗口" of action plan ${plan} is due soon (due 2026-06-20).\n${link}`,
        `【Action plan overdue】\nAction plan ${plan} is overdue (due 2026-07-31).\n${link}`,
        `【Action plan overdue】\nTask "高峰加开第三窗口" of action plan ${plan} is overdue (due 2026-06-20).\n${link}`,
        `【Action plan verdict】\nThe verdict on action plan ${plan} is now: effective.\n${link}`,
      ].sort(),
    )
    expect(robots.received).toHaveLength(15)
  })
})
