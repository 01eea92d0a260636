import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import { connectStore, type Store } from '../db/connect.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { TEST_PG_URL } from '../db/test-store.js'
import { startTestSmtpServer, type TestSmtpServer } from '../distribution/test-smtp.js'
import { runNotificationMail } from '../notifications/notification-mail.service.js'
import { smtpSender } from '../distribution/invitation-delivery.js'
import { cookieHeader, createTestApp, type TestApp } from '../server/test-app.js'
import { createUnit } from '../units/unit.service.js'
import { runAlertEvaluation } from './alert.service.js'

// Alert rules end to end on both stores, on answers made here (NPS, Asia/Shanghai; the test clock
// is 2026-06-15 12:00 local, half of June gone). Region R with stores S1, S2, S3:
//   May:  S1 30×10 + 10×8 → NPS 75 (n 40); S2 the same; S3 60×10 (n 60).
//   June: S1 10×10 + 10×8 + 20×3 → NPS −25 (n 40): a drop of 100 points;
//         S2 30×10 + 10×8 → 75 (n 40): no drop; S3 2×10: 2 answers in 14.5 days against 60
//         in May's 31 — a fall in answer volume (rate ratio 0.07).
// A period-drop rule on each child of R fires for S1 only; a volume rule for S3 only. Each alert
// is raised and told once, also when two evaluators run at the same moment (on PostgreSQL, two
// connection pools on one database); subscribers are told in the app and by e-mail (received by
// a local SMTP server), a member in quiet hours only once they end.

const QUESTIONS = [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' } }]
const PASSWORD = 'work-password-123'

describeEachDialect('alert rules and their delivery', (ctx) => {
  let t: TestApp
  let smtp: TestSmtpServer
  const units = new Map<string, string>()
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
  const store = () => ({ db: ctx.store.db, features: ctx.store.features })

  beforeAll(async () => {
    smtp = await startTestSmtpServer()
    t = await createTestApp(ctx.store, { smtpUrl: smtp.url })
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
    for (const [name, role] of [
      ['li', 'supervisor'],
      ['zhao', 'analyst'],
      ['wang', 'agent'],
    ] as const) {
      const id = await createUser(
        { db: ctx.store.db, orgId: t.orgId },
        { email: `${name}@corp.test`, displayName: name, password: PASSWORD, role },
        t.clock.now,
      )
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: `${name}@corp.test`, password: PASSWORD },
      })
      people[name] = { id, cookie: cookieHeader(login) }
    }
    const created = await call('POST', '/surveys', t.adminCookie, {
      title: { 'zh-CN': '门店满意度' },
      questions: QUESTIONS,
    })
    await call('POST', `/surveys/${created.json().id}/publish`, t.adminCookie, {})
    const slug = created.json().slug
    const june = t.clock.now
    const may = Date.parse('2026-05-12T04:00:00Z')
    const plan: Array<[string, number, number, number]> = [
      ['S1', 10, 30, may],
      ['S1', 8, 10, may],
      ['S2', 10, 30, may],
      ['S2', 8, 10, may],
      ['S3', 10, 60, may],
      ['S1', 10, 10, june],
      ['S1', 8, 10, june],
      ['S1', 3, 20, june],
      ['S2', 10, 30, june],
      ['S2', 8, 10, june],
      ['S3', 10, 2, june],
    ]
    let k = 0
    for (const [unit, nps, count, at] of plan) {
      t.clock.now = at
      for (let i = 0; i < count; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: `/api/v1/public/surveys/${slug}/responses`,
          payload: { answers: { nps }, clientResponseId: `alert-rule-${k++}`, segments: { unit } },
        })
        expect(res.statusCode, res.body).toBe(201)
      }
    }
    t.clock.now = june
  }, 120_000)

  afterAll(async () => {
    await t.app.close()
    await smtp.close()
  })

  it('lets analysts set rules and members subscribe; refuses agents, unknown units and half quiet hours', async () => {
    const drop = await call('POST', '/alert-rules', people.zhao!.cookie, {
      name: '门店 NPS 显著下降',
      kind: 'period_drop',
      metric: 'nps',
      unitId: units.get('R'),
      eachChild: true,
      params: { alpha: 0.01, minChange: 10 },
    })
    expect(drop.statusCode).toBe(201)
    expect(drop.json()).toMatchObject({
      kind: 'period_drop',
      eachChild: true,
      cooldownHours: 24,
      maxPerDay: 20,
      enabled: true,
    })
    const volume = await call('POST', '/alert-rules', t.adminCookie, {
      name: '答卷量骤降',
      kind: 'volume_fall',
      unitId: units.get('R'),
      eachChild: true,
      params: { minFall: 0.5, minAnswers: 20 },
    })
    expect(volume.statusCode).toBe(201)
    const byAgent = await call('POST', '/alert-rules', people.wang!.cookie, {
      name: 'x',
      kind: 'period_drop',
      unitId: units.get('R'),
    })
    expect(byAgent.statusCode).toBe(403)
    const unknownUnit = await call('POST', '/alert-rules', t.adminCookie, {
      name: 'x',
      kind: 'period_drop',
      unitId: 'no-such-unit',
    })
    expect(unknownUnit.statusCode).toBe(404)
    expect(unknownUnit.json().error.code).toBe('UNIT_NOT_FOUND')
    const badParams = await call('POST', '/alert-rules', t.adminCookie, {
      name: 'x',
      kind: 'period_drop',
      params: { alpha: 2 },
    })
    expect(badParams.statusCode).toBe(400)

    // li: every rule everywhere, by e-mail, quiet 11:00–13:00 (it is 12:00 in Shanghai);
    // zhao: the drop rule at S1, by e-mail, no quiet hours; wang: every rule at S2, in the app.
    expect((await call('POST', '/me/alert-subscriptions', people.li!.cookie, {})).statusCode).toBe(
      201,
    )
    const zhaoSub = await call('POST', '/me/alert-subscriptions', people.zhao!.cookie, {
      ruleId: drop.json().id,
      unitId: units.get('S1'),
    })
    expect(zhaoSub.json()).toMatchObject({ ruleId: drop.json().id, unitId: units.get('S1') })
    expect(
      (
        await call('POST', '/me/alert-subscriptions', people.wang!.cookie, {
          unitId: units.get('S2'),
        })
      ).statusCode,
    ).toBe(201)
    const half = await call('PUT', '/me/notification-settings', people.li!.cookie, {
      email: true,
      quietFrom: '11:00',
    })
    expect(half.statusCode).toBe(400)
    expect(half.json().error.code).toBe('QUIET_HOURS_INCOMPLETE')
    const quiet = await call('PUT', '/me/notification-settings', people.li!.cookie, {
      email: true,
      quietFrom: '11:00',
      quietTo: '13:00',
    })
    expect(quiet.json()).toEqual({
      email: true,
      quietFrom: '11:00',
      quietTo: '13:00',
      timeZone: 'Asia/Shanghai',
    })
    await call('PUT', '/me/notification-settings', people.zhao!.cookie, { email: true })
    const unknownSub = await call('DELETE', '/me/alert-subscriptions/nope', people.li!.cookie)
    expect(unknownSub.json().error.code).toBe('ALERT_SUBSCRIPTION_NOT_FOUND')
  })

  it('raises the drop at S1 and the volume fall at S3 once, also with two evaluators at once', async () => {
    let second: Store | null = null
    if (ctx.dialect === 'postgres')
      second = connectStore({ url: TEST_PG_URL, schema: ctx.store.pgSchema, poolSize: 5 })
    const other = second ? { db: second.db, features: second.features } : store()
    const [a, b] = await Promise.all([
      runAlertEvaluation(store(), t.clock.now),
      runAlertEvaluation(other, t.clock.now),
    ])
    await second?.close()
    expect(a.fired + b.fired).toBe(2)
    expect(a.rules).toBe(2)
    // Once more later that day: nothing new.
    expect((await runAlertEvaluation(store(), t.clock.now + 3_600_000)).fired).toBe(0)

    const alerts = (await call('GET', '/rule-alerts', t.adminCookie)).json().alerts as Array<{
      id: string
      ruleName: string
      unitId: string
      period: string
      state: string
      evidence: Record<string, unknown>
    }>
    expect(alerts).toHaveLength(2)
    const drop = alerts.find((x) => x.evidence.kind === 'period_drop')!
    expect(drop).toMatchObject({
      ruleName: '门店 NPS 显著下降',
      unitId: units.get('S1'),
      period: '2026-06',
      state: 'delivered',
    })
    expect(drop.evidence).toMatchObject({
      unitName: '门店S1',
      baselinePeriod: '2026-05',
      value: -25,
      baseline: 75,
      n: 40,
      baselineN: 40,
    })
    expect(drop.evidence.pValue as number).toBeLessThan(1e-6)
    const fall = alerts.find((x) => x.evidence.kind === 'volume_fall')!
    expect(fall).toMatchObject({ unitId: units.get('S3'), period: '2026-06' })
    expect(fall.evidence).toMatchObject({ value: 2, baseline: 60 })
    expect(fall.evidence.pValue as number).toBeLessThan(1e-6)

    // In the app: li (everything) both; zhao (the drop at S1) one; wang (S2) none.
    const bell = async (who: string) =>
      (await call('GET', '/me/notifications', people[who]!.cookie)).json().notifications as Array<{
        kind: string
        link: string
        params: Record<string, unknown>
      }>
    const li = await bell('li')
    expect(li.map((n) => n.kind)).toEqual(['alert_fired', 'alert_fired'])
    const zhao = await bell('zhao')
    expect(zhao).toHaveLength(1)
    expect(zhao[0]).toMatchObject({
      kind: 'alert_fired',
      link: `/app/alerts/${drop.id}`,
      params: { ruleName: '门店 NPS 显著下降', unitName: '门店S1', value: -25, baseline: 75 },
    })
    expect(await bell('wang')).toEqual([])
    // The link leads to the evidence.
    const opened = await call('GET', `/rule-alerts/${drop.id}`, people.zhao!.cookie)
    expect(opened.json().evidence.value).toBe(-25)
    expect((await call('GET', '/rule-alerts/nope', people.zhao!.cookie)).json().error.code).toBe(
      'ALERT_NOT_FOUND',
    )

    // E-mail: zhao's goes now; li's waits for 13:00 in Shanghai (05:00 UTC).
    const send = smtpSender(smtp.url, 'Manyi <alerts@manyi.test>')
    const deps = { db: ctx.store.db, send, baseUrl: 'https://manyi.example.cn' }
    // The app's own mail sweep, woken by the alert, may have sent it already (to the same SMTP
    // server): what counts is that exactly one mail, zhao's, reached the server now.
    const sentNow = await runNotificationMail(deps, t.clock.now)
    expect(sentNow.failed).toBe(0)
    // When the app's sweep has it, its SMTP delivery may still be under way.
    await vi.waitFor(() => expect(smtp.messages).toHaveLength(1), { timeout: 10_000 })
    expect(sentNow.sent).toBeLessThanOrEqual(1)
    const mail = smtp.messages[0]!
    expect(mail.to).toMatchObject({ value: [{ address: 'zhao@corp.test' }] })
    expect(mail.subject).toBe('满意 · 指标预警')
    expect(mail.text).toContain('预警「门店 NPS 显著下降」：门店S1 2026-06 较上期显著下降')
    expect(mail.text).toContain(`/app/alerts/${drop.id}`)
    expect(await runNotificationMail(deps, Date.parse('2026-06-15T04:59:00Z'))).toEqual({
      sent: 0,
      failed: 0,
    })
    expect(await runNotificationMail(deps, Date.parse('2026-06-15T05:00:00Z'))).toEqual({
      sent: 2,
      failed: 0,
    })
    expect(
      smtp.messages
        .slice(1)
        .map((m) => (m.to as { value: Array<{ address: string }> }).value[0]!.address),
    ).toEqual(['li@corp.test', 'li@corp.test'])
    // Sent is sent: nothing goes twice.
    expect(await runNotificationMail(deps, Date.parse('2026-06-15T06:00:00Z'))).toEqual({
      sent: 0,
      failed: 0,
    })
  })

  it('holds alerts back past the daily limit and finds nothing where nothing changed', async () => {
    const steady = await call('POST', '/alert-rules', t.adminCookie, {
      name: 'S2 下降',
      kind: 'period_drop',
      unitId: units.get('S2'),
    })
    const capped = await call('POST', '/alert-rules', t.adminCookie, {
      name: '每日一条',
      kind: 'volume_fall',
      unitId: units.get('R'),
      eachChild: true,
      params: { minFall: 0.5, minAnswers: 20 },
      maxPerDay: 1,
    })
    expect(capped.statusCode).toBe(201)
    const later = t.clock.now + 2 * 3_600_000
    const report = await runAlertEvaluation(store(), later)
    // S2 steady: nothing; the new volume rule: S3 again under its own key, delivered (1 ≤ cap).
    expect(report).toEqual({ rules: 4, fired: 1, heldBack: 0 })
    const mine = (
      await call('GET', `/rule-alerts?ruleId=${steady.json().id}`, t.adminCookie)
    ).json()
    expect(mine.alerts).toEqual([])
    // A copy of the capped rule on S3 alone after the cap was used: held back, told to nobody.
    const again = await call('PUT', `/alert-rules/${capped.json().id}`, t.adminCookie, {
      name: '每日一条',
      kind: 'period_drop',
      unitId: units.get('R'),
      eachChild: true,
      params: { alpha: 0.01 },
      maxPerDay: 1,
    })
    expect(again.statusCode).toBe(200)
    const before = (await call('GET', '/me/notifications', people.li!.cookie)).json().unread
    const held = await runAlertEvaluation(store(), later + 60_000)
    expect(held).toEqual({ rules: 4, fired: 0, heldBack: 1 })
    const list = (
      await call('GET', `/rule-alerts?ruleId=${capped.json().id}`, t.adminCookie)
    ).json()
    expect(list.alerts.map((a: { state: string }) => a.state).sort()).toEqual([
      'daily_limit',
      'delivered',
    ])
    expect((await call('GET', '/me/notifications', people.li!.cookie)).json().unread).toBe(before)
    // Removing a rule keeps its alerts; an unknown rule is ALERT_RULE_NOT_FOUND.
    expect(
      (await call('DELETE', `/alert-rules/${steady.json().id}`, t.adminCookie)).statusCode,
    ).toBe(204)
    expect(
      (await call('DELETE', `/alert-rules/${steady.json().id}`, t.adminCookie)).json().error.code,
    ).toBe('ALERT_RULE_NOT_FOUND')
  })
})
