import { afterAll, beforeAll, expect, it } from 'vitest'
import { connectStore, type Store } from '../db/connect.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { TEST_PG_URL } from '../db/test-store.js'
import { DeliveryFailure, type OutgoingMail } from '../distribution/invitation-delivery.js'
import { createTestApp, type TestApp } from '../server/test-app.js'
import { createUnit } from '../units/unit.service.js'
import { REPORT_MAIL_STALE_MS, runScheduledReports } from './report-schedule.service.js'
import { claimReportMail, dueUnsentReportMail } from './report.repository.js'

// A scheduled report made and archived whose e-mail did not go — the mail server refused it for
// a while, or the instance sending it stopped — is sent later, to the addresses not yet sent to,
// exactly once: every later run is made by two instances at once (on PostgreSQL two connection
// pools on one database; on SQLite the one file) and once more by each.

const MINUTE = 60_000
const T0 = Date.parse('2026-11-05T04:00:00Z')

describeEachDialect('scheduled report e-mails sent later, once', (ctx) => {
  let t: TestApp
  let other: Store
  let unitId = ''
  /** The administrator acts through a token: the clock moves past any session. */
  let admin = ''
  /** Every message any instance handed to the mail server: the report's id and the address. */
  const delivered: Array<{ report: string; to: string; subject: string; files: string[] }> = []
  const deliver = async (mail: OutgoingMail) => {
    delivered.push({
      report: String(mail.headers?.['X-Manyi-Report']),
      to: mail.to.address,
      subject: mail.subject,
      files: (mail.attachments ?? []).map((a) => a.filename),
    })
  }
  const run = (store: Store, now: number, mail = deliver) =>
    runScheduledReports(
      { db: store.db, features: store.features, mail, baseUrl: 'https://csm.example.cn' },
      now,
    )
  /** Both instances run the job at the same moment, then each once more; the messages sent. */
  async function twoInstances(now: number): Promise<number> {
    const before = delivered.length
    await Promise.all([run(ctx.store, now), run(other, now)])
    await run(ctx.store, now)
    await run(other, now)
    return delivered.length - before
  }
  const schedule = (kind: 'monthly' | 'weekly', recipients: string[]) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/reports/schedules',
      headers: { authorization: admin },
      payload: { unitId, kind, recipients },
    })
  const archive = async () =>
    (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/reports/archive',
        headers: { authorization: admin },
      })
    ).json().reports as Array<{
      id: string
      kind: string
      period: string
      sentAt: number | null
      mailPending: number
      mailError: string | null
    }>

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    other =
      ctx.dialect === 'postgres'
        ? connectStore({ url: TEST_PG_URL, schema: ctx.store.pgSchema, poolSize: 3 })
        : ctx.store
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'retry-admin', role: 'admin' },
      now: Date.parse('2026-01-01T00:00:00Z'),
    }
    unitId = (await createUnit(scope, { code: 'S', nameZh: '西湖店', nameEn: 'West Lake' })).id
    const token = await t.app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { cookie: t.adminCookie },
      payload: { name: 'retry', role: 'admin', expiresInDays: 365 },
    })
    admin = `Bearer ${token.json().token}`
    t.clock.now = T0
  }, 120_000)
  afterAll(async () => {
    await t.app.close()
    if (other !== ctx.store) await other.close()
  })

  it('sends a report the mail server refused for a while once it takes mail again, to the address it missed, once', async () => {
    const created = await schedule('monthly', ['ok@retry.test', 'later@retry.test'])
    expect(created.statusCode, created.body).toBe(201)
    // The first run: the server takes the first message and refuses the second for now.
    const refusing = async (mail: OutgoingMail) => {
      if (mail.to.address === 'later@retry.test')
        throw new DeliveryFailure('421 4.3.2 Service not available, try later', false)
      await deliver(mail)
    }
    await run(ctx.store, T0, refusing)
    expect(delivered.map((d) => d.to)).toEqual(['ok@retry.test'])
    const [made] = await archive()
    expect(made).toMatchObject({
      kind: 'monthly',
      period: '2026-10',
      sentAt: null,
      mailPending: 1,
      mailError: 'later@retry.test: 421 4.3.2 Service not available, try later',
    })
    // Within the 5 minutes' delay after the failure nothing goes, whoever runs.
    expect(await twoInstances(T0 + MINUTE)).toBe(0)
    // After it, one of the two instances sends the missed address its message, once.
    expect(await twoInstances(T0 + 6 * MINUTE)).toBe(1)
    expect(delivered.slice(1)).toEqual([
      {
        report: made!.id,
        to: 'later@retry.test',
        subject: '西湖店 月报 2026-10',
        files: ['S-monthly-2026-10.pdf', 'S-monthly-2026-10.xlsx'],
      },
    ])
    expect((await archive()).find((r) => r.id === made!.id)).toMatchObject({
      sentAt: T0 + 6 * MINUTE,
      mailPending: 0,
      mailError: null,
    })
    expect(await twoInstances(T0 + 2 * 60 * MINUTE)).toBe(0)
  }, 120_000)

  it('sends a report whose sending instance stopped once its claim is stale, only to the addresses left, once', async () => {
    const created = await schedule('weekly', ['first@retry.test', 'second@retry.test'])
    expect(created.statusCode, created.body).toBe(201)
    const start = T0 + 3 * 60 * MINUTE
    // An instance makes the week's report, sends the first message and stops during the second:
    // its mail call never returns.
    let stopped: () => void = () => undefined
    const reachedSecond = new Promise<void>((resolve) => {
      stopped = resolve
    })
    const stopping = async (mail: OutgoingMail) => {
      if (mail.to.address === 'second@retry.test') {
        stopped()
        return new Promise<void>(() => undefined)
      }
      await deliver(mail)
    }
    void run(ctx.store, start, stopping)
    await reachedSecond
    const before = delivered.length
    expect(delivered.at(-1)).toMatchObject({ to: 'first@retry.test' })
    const weekly = (await archive()).find((r) => r.kind === 'weekly')!
    expect(weekly).toMatchObject({ period: '2026-10-26', sentAt: null })
    // While its claim is fresh the others leave it alone (it may still be sending).
    expect(await twoInstances(start + 10 * MINUTE)).toBe(0)
    // Once stale, one instance sends the message left, once; the first address gets nothing more.
    const later = start + REPORT_MAIL_STALE_MS + MINUTE
    expect(await twoInstances(later)).toBe(1)
    expect(delivered.slice(before)).toEqual([
      {
        report: weekly.id,
        to: 'second@retry.test',
        subject: '西湖店 周报 2026-10-26',
        files: ['S-weekly-2026-10-26.pdf', 'S-weekly-2026-10-26.xlsx'],
      },
    ])
    expect((await archive()).find((r) => r.id === weekly.id)?.sentAt).toBe(later)
    expect(await twoInstances(later + 60 * MINUTE)).toBe(0)
    // Each address of each report got exactly one message.
    expect(delivered.map((d) => d.to).sort()).toEqual([
      'first@retry.test',
      'later@retry.test',
      'ok@retry.test',
      'second@retry.test',
    ])
  }, 180_000)

  it('lets exactly one of two instances that both found an unsent e-mail claim it', async () => {
    const created = await schedule('monthly', ['race@retry.test'])
    expect(created.statusCode, created.body).toBe(201)
    const start = T0 + 6 * 60 * MINUTE
    const refusingAll = async () => {
      throw new DeliveryFailure('421 4.3.2 Service not available, try later', false)
    }
    await run(ctx.store, start, refusingAll)
    const due = start + 6 * MINUTE
    const options = { staleMs: REPORT_MAIL_STALE_MS, maxAttempts: 12, limit: 20 }
    // Both read the store before either claims: each finds the same report's e-mail due.
    const [foundHere, foundThere] = await Promise.all([
      dueUnsentReportMail(ctx.store.db, due, options),
      dueUnsentReportMail(other.db, due, options),
    ])
    expect(foundHere.map((f) => f.id)).toEqual(foundThere.map((f) => f.id))
    expect(foundHere).toHaveLength(1)
    const claims = await Promise.all([
      claimReportMail(ctx.store.db, foundHere[0]!, 'instance-1', due),
      claimReportMail(other.db, foundThere[0]!, 'instance-2', due),
    ])
    const won = claims.filter((c) => c !== undefined)
    expect(won).toHaveLength(1)
    expect(won[0]).toMatchObject({ pending: ['race@retry.test'], attempts: 1 })
    // Claimed, it is due to nobody else until the claim is stale.
    expect(await dueUnsentReportMail(other.db, due + MINUTE, options)).toEqual([])
  }, 120_000)
})
