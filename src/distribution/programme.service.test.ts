import { afterAll, beforeAll, expect, it } from 'vitest'
import { connectStore, type Store } from '../db/connect.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { TEST_PG_URL } from '../db/test-store.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import { createUnit } from '../units/unit.service.js'
import { importContactList } from './contact-list.service.js'
import { insertContactList } from './contact.repository.js'
import { updateContactRules } from './contact-rules.service.js'
import { runDistributionJobs } from './distribution-jobs.js'
import { createDistribution, startDistribution } from './distribution.service.js'
import type { InvitationChannels } from './invitation-delivery.js'
import {
  createProgramme,
  listProgrammes,
  periodOf,
  runProgrammes,
  updateProgrammeStatus,
} from './programme.service.js'

// Recurring programmes on both stores: a quarterly survey to a contact list fires once in its
// quarter from its start date (in the organisation's time zone) — also with two instances on one
// PostgreSQL database at once — and its run's invitations pass the contact rules, the run showing
// sent and skipped by reason; a paused programme does not fire; a unit audience takes the contacts
// of the unit and those below it; empty audiences are refused.

// 2026-07-01 00:30 in Shanghai is still 2026-06-30 in UTC.
const START = Date.UTC(2026, 5, 30, 16, 30)
const DAY = 86_400_000
const OUTBOUND = { allowedHosts: [], emailConfigured: true }

describeEachDialect('programmes', (ctx) => {
  let scope: Scope
  let other: Store
  let surveyId: string
  let listId: string
  const sent: string[] = []
  const channels: InvitationChannels = {
    email: async (o) => {
      sent.push(o.contact.email!)
    },
    webhook: async (o) => {
      sent.push(o.contact.phone!)
    },
    mail: async () => {},
  }
  const send = (now: number) =>
    runDistributionJobs({ db: ctx.store.db, channels, baseUrl: 'https://s.example.com' }, now)
  const input = (overrides: Record<string, unknown> = {}) => ({
    name: '季度关系调研',
    surveyId,
    channel: 'email',
    email: { subject: '季度调研', body: '{name} 您好，请评价：{link}' },
    schedule: 'quarterly',
    startDate: '2026-07-01',
    audience: { kind: 'list', listId },
    ...overrides,
  })

  beforeAll(async () => {
    const organisation = await createOrganisation(ctx.store.db, 'Programme test', START)
    scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: organisation.id,
      actor: { type: 'user', id: 'u-prog', role: 'admin' },
      now: START - 10 * DAY,
    }
    other =
      ctx.dialect === 'postgres'
        ? connectStore({ url: TEST_PG_URL, schema: ctx.store.pgSchema, poolSize: 3 })
        : ctx.store
    const survey = await createSurvey(scope, {
      title: { 'zh-CN': '季度关系调研' },
      questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' } }],
    })
    await publishSurvey(scope, survey.id)
    surveyId = survey.id
    listId = (
      await importContactList(scope, '大客户', {
        file: 'key.csv',
        headers: ['email', 'phone', 'name'],
        rows: [
          ['sun@example.com', '', '孙'],
          ['qian@example.com', '', '钱'],
          ['', '13800138000', '李'],
        ],
      })
    ).list.id
  })

  afterAll(async () => {
    if (other !== ctx.store) await other.close()
  })

  it('names calendar periods', () => {
    expect(periodOf('monthly', '2026-07-01')).toBe('2026-07')
    expect(periodOf('quarterly', '2026-07-01')).toBe('2026-Q3')
    expect(periodOf('quarterly', '2026-12-31')).toBe('2026-Q4')
    expect(periodOf('yearly', '2026-03-01')).toBe('2026')
  })

  it('refuses an empty audience, an unknown list and a missing message with specific errors', async () => {
    // A list left empty (its contacts erased): no file import makes one.
    const empty = 'list-emptied'
    await insertContactList(scope.db, {
      id: empty,
      orgId: scope.orgId,
      name: '空名单',
      createdAt: START,
    })
    await expect(
      createProgramme(scope, input({ audience: { kind: 'list', listId: empty } }), OUTBOUND),
    ).rejects.toMatchObject({
      code: 'PROGRAMME_AUDIENCE_EMPTY',
      details: [{ path: 'audience.listId' }],
    })
    const unit = await createUnit(scope, { code: 'EMPTY', nameZh: '空门店' })
    await expect(
      createProgramme(scope, input({ audience: { kind: 'unit', unitId: unit.id } }), OUTBOUND),
    ).rejects.toMatchObject({
      code: 'PROGRAMME_AUDIENCE_EMPTY',
      details: [{ path: 'audience.unitId' }],
    })
    await expect(
      createProgramme(scope, input({ audience: { kind: 'list', listId: 'nope' } }), OUTBOUND),
    ).rejects.toMatchObject({ code: 'CONTACT_LIST_NOT_FOUND' })
    await expect(
      createProgramme(scope, input({ email: undefined }), OUTBOUND),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'email' }] })
    await expect(
      createProgramme(scope, input({ startDate: '2026-02-30' }), OUTBOUND),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'startDate' }] })
  })

  it('fires once in its quarter from the start date, with two instances at once, its run showing sent and skip reasons', async () => {
    await updateContactRules(scope, { capDays: 30, quietFrom: null, quietTo: null })
    // Asked by another survey five days before: capped in the programme's run.
    const d = await createDistribution(
      scope,
      surveyId,
      {
        name: '到店回访',
        listId: (
          await importContactList(scope, '到店', {
            file: 's.csv',
            headers: ['email'],
            rows: [['QIAN@example.com']],
          })
        ).list.id,
        channel: 'email',
        email: { subject: '请评价', body: '{link}' },
        reminders: { afterHours: 72, max: 0 },
      },
      { allowedHosts: [] },
    )
    await startDistribution({ ...scope, now: START - 5 * DAY }, d.id, () => {}, OUTBOUND)
    await send(START - 5 * DAY)
    expect(sent).toEqual(['qian@example.com'])
    sent.length = 0

    const programme = await createProgramme(scope, input(), OUTBOUND)
    expect(programme).toMatchObject({ status: 'active', schedule: 'quarterly', runs: [] })
    // 2026-06-30 23:59 in Shanghai: before the start date.
    expect(await runProgrammes(ctx.store.db, ctx.store.features, START - 31 * 60_000)).toEqual({
      fired: 0,
    })
    const both = await Promise.all([
      runProgrammes(ctx.store.db, ctx.store.features, START),
      runProgrammes(other.db, other.features, START),
    ])
    expect(both[0].fired + both[1].fired).toBe(1)
    expect((await runProgrammes(other.db, other.features, START + 40 * DAY)).fired).toBe(0)

    await send(START)
    expect(sent).toEqual(['sun@example.com'])
    const [shown] = await listProgrammes(scope)
    expect(shown!.runs).toHaveLength(1)
    expect(shown!.runs[0]).toMatchObject({
      period: '2026-Q3',
      error: null,
      funnel: { invited: 3, sent: 1, skipped: 2 },
      skips: { capped: 1, noAddress: 1, optedOut: 0, noConsent: 0, deferred: 0 },
    })

    // The next quarter fires again; a paused programme does not.
    const nextQuarter = Date.UTC(2026, 9, 1, 2, 0)
    expect((await runProgrammes(ctx.store.db, ctx.store.features, nextQuarter)).fired).toBe(1)
    await send(nextQuarter)
    await updateProgrammeStatus(scope, programme.id, { status: 'paused' })
    const nextYear = Date.UTC(2027, 0, 1, 2, 0)
    expect((await runProgrammes(ctx.store.db, ctx.store.features, nextYear)).fired).toBe(0)
    const [paused] = await listProgrammes(scope)
    expect(paused!.status).toBe('paused')
    expect(paused!.runs.map((r) => r.period)).toEqual(['2026-Q4', '2026-Q3'])
    await expect(
      updateProgrammeStatus(scope, 'missing', { status: 'active' }),
    ).rejects.toMatchObject({ code: 'PROGRAMME_NOT_FOUND' })
  })

  it('asks the contacts of a unit and the units below it, once per address', async () => {
    const region = await createUnit(scope, { code: 'NORTH', nameZh: '华北区' })
    await createUnit(scope, { code: 'BJ1', nameZh: '北京一店', parentId: region.id })
    await createUnit(scope, { code: 'SH1', nameZh: '上海一店' })
    for (const name of ['门店名单一', '门店名单二'])
      await importContactList(scope, name, {
        file: `${name}.csv`,
        headers: ['email', 'name', 'unit'],
        rows: [
          ['zhang@example.com', '张', 'BJ1'],
          ['he@example.com', '何', 'NORTH'],
          ['shanghai@example.com', '沪', 'SH1'],
        ],
      })
    await updateContactRules(scope, { capDays: null, quietFrom: null, quietTo: null })
    const programme = await createProgramme(
      scope,
      input({
        name: '华北年度调研',
        schedule: 'yearly',
        audience: { kind: 'unit', unitId: region.id },
      }),
      OUTBOUND,
    )
    const at = Date.UTC(2026, 7, 1, 2, 0)
    sent.length = 0
    expect(
      (await runProgrammes(ctx.store.db, ctx.store.features, at)).fired,
    ).toBeGreaterThanOrEqual(1)
    await send(at)
    expect(sent.sort()).toEqual(['he@example.com', 'zhang@example.com'])
    const shown = (await listProgrammes(scope)).find((p) => p.id === programme.id)!
    expect(shown.runs[0]).toMatchObject({ period: '2026', funnel: { invited: 2, sent: 2 } })
  })
})
