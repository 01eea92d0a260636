import { sql } from 'kysely'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { loadConfig } from '../../config.js'
import { buildApp, composeApp } from '../../server/app.js'
import type { Store } from '../connect.js'
import type { DialectName } from '../dialect-features.js'
import { migrateToLatest, MIGRATIONS } from '../migrate.js'
import {
  createTestStore,
  migrateBesideOtherTests,
  postgresReachable,
  TEST_PG_URL,
} from '../test-store.js'
import { parseDataKeys } from '../../personal-data/keyring.js'
import { FIXTURE_ADMIN, FIXTURE_DATA_KEYS, loadFixture } from './fixtures.js'
import { MIGRATION_HISTORY } from './history.js'
import { describeSchema, type SchemaDescription } from './schema-description.js'

/**
 * Upgrades never break: a database made by any earlier release of main (one
 * fixture per historical migration state and dialect, made by that release's
 * own code: scripts/make-upgrade-fixtures.ts) migrated by today's code has
 * exactly a fresh database's schema, keeps its data readable and works.
 */

const pgAvailable = await postgresReachable()
if (!pgAvailable && process.env.CI === 'true')
  throw new Error(`PostgreSQL is not reachable at ${TEST_PG_URL}`)

const DAY_MS = 86_400_000

/** Migrate, retrying when another test process drops its own schema meanwhile (test-store.ts). */
const migrateBeside = (store: Store) =>
  store.pgSchema ? migrateBesideOtherTests(store, store.pgSchema) : migrateToLatest(store)
const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10)

for (const dialect of ['sqlite', 'postgres'] as const satisfies readonly DialectName[]) {
  describe(`upgrading old databases [${dialect}]`, () => {
    if (dialect === 'postgres' && !pgAvailable) {
      it('runs on PostgreSQL', ({ skip }) => skip(`PostgreSQL not reachable at ${TEST_PG_URL}`))
      return
    }
    let fresh: SchemaDescription
    beforeAll(async () => {
      const store = await createTestStore(dialect)
      try {
        fresh = await describeSchema(store)
      } finally {
        await store.close()
      }
    })

    for (const state of MIGRATION_HISTORY) {
      it(`${state.id}: ${state.change} → today's schema, old data readable, everything works`, async () => {
        const store = await loadFixture(state.id, dialect, TEST_PG_URL)
        let app: FastifyInstance | undefined
        try {
          await migrateBeside(store)
          expect(await describeSchema(store)).toEqual(fresh)
          // Migrating again changes nothing (the repair included).
          await migrateBeside(store)
          expect(await describeSchema(store)).toEqual(fresh)

          const journey = await startApp(store)
          app = journey.app
          await journey.run()
        } finally {
          await app?.close()
          await store.close()
        }
      }, 60_000)
    }

    // 0007–0012 were registered empty at 5dba3cf and given bodies one by one after it
    // (0008 at 7d70ecd, 0011 at 79790b1, 0009/0010/0012 at 6481700): a database migrated
    // at one of those commits has some steps recorded as done that never ran.
    const STEPS_RECORDED_EMPTY: Array<[string, string, string[]]> = [
      ['5dba3cf (every new step empty)', 's09-b3b02d4', []],
      [
        '79790b1 (0008 and 0011 with bodies, the others empty)',
        's10-ab7557e',
        ['0008-complaint-form-keys', '0011-job-leases'],
      ],
    ]
    for (const [commit, fixture, ranForReal] of STEPS_RECORDED_EMPTY) {
      it(`runs the steps recorded without effect at ${commit} and reaches today's schema`, async () => {
        const store = await loadFixture(fixture, dialect, TEST_PG_URL)
        try {
          const table = store.pgSchema
            ? sql.table(`${store.pgSchema}.manyi_migrations`)
            : sql.table('manyi_migrations')
          const latest = (
            await sql<{ at: string }>`select max(timestamp) as at from ${table}`.execute(store.db)
          ).rows[0]!.at
          let at = Date.parse(latest)
          // Only 0007–0012 existed then; later steps are simply pending.
          for (const name of Object.keys(MIGRATIONS).filter((n) => n >= '0007' && n < '0013')) {
            if (ranForReal.includes(name)) await MIGRATIONS[name]!.up(store.db)
            at += 1000
            await sql`insert into ${table} (name, timestamp) values (${name}, ${new Date(at).toISOString()})`.execute(
              store.db,
            )
          }
          const report = await migrateToLatest(store)
          const stepsWithBodies = Object.keys(MIGRATIONS).filter((n) => n >= '0008')
          expect(report.applied).toEqual(stepsWithBodies.filter((n) => !ranForReal.includes(n)))
          expect(await describeSchema(store)).toEqual(fresh)
          expect((await migrateToLatest(store)).applied).toEqual([])
        } finally {
          await store.close()
        }
      }, 60_000)
    }
  })
}

/** Today's app on the migrated store, logged in as the fixture's administrator. */
async function startApp(store: Store) {
  const counts = async (table: string) =>
    Number(
      (
        await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(
          store.db,
        )
      ).rows[0]!.n,
    )
  // The fixture's data spans the year before it was made; "now" is just after its last answer.
  const last = Number(
    (
      await sql<{ at: number | string }>`select max(submitted_at) as at from responses`.execute(
        store.db,
      )
    ).rows[0]!.at,
  )
  const first = Number(
    (
      await sql<{ at: number | string }>`select min(submitted_at) as at from responses`.execute(
        store.db,
      )
    ).rows[0]!.at,
  )
  const clock = { now: last + 60_000 }
  const config = loadConfig({}, { logLevel: 'silent', webDir: '/nonexistent' })
  const deps = composeApp({
    store,
    config,
    clock: () => clock.now,
    dataKeys: parseDataKeys(FIXTURE_DATA_KEYS),
  })
  const app = await buildApp(deps)

  const run = async () => {
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: FIXTURE_ADMIN,
    })
    expect(login.statusCode, login.body).toBe(200)
    const headers = { cookie: login.cookies.map((c) => `${c.name}=${c.value}`).join('; ') }
    const get = async (url: string) => {
      const response = await app.inject({ method: 'GET', url, headers })
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200)
      return response.json()
    }
    const post = async (url: string, payload: object = {}) => {
      const response = await app.inject({ method: 'POST', url, headers, payload })
      expect(response.statusCode, `${url}: ${response.body}`).toBeLessThan(300)
      return response.json()
    }

    // Old answers: the survey the fixture answered itself, listed and summarised with every answer it holds.
    const answered = (
      await sql<{
        survey_id: string
      }>`select survey_id from responses where client_response_id = 'fixture-answer-0'`.execute(
        store.db,
      )
    ).rows[0]!.survey_id
    const stored = async () =>
      Number(
        (
          await sql<{
            n: number | string
          }>`select count(*) as n from responses where survey_id = ${answered}`.execute(store.db)
        ).rows[0]!.n,
      )
    const before = await stored()
    expect(before).toBeGreaterThanOrEqual(4)
    const survey = (await get('/api/v1/surveys')).surveys.find(
      (s: { id: string }) => s.id === answered,
    )
    expect(survey.responses).toBe(before)
    const window = `from=${isoDay(first - DAY_MS)}&to=${isoDay(clock.now + DAY_MS)}`
    expect((await get(`/api/v1/surveys/${answered}/summary?${window}`)).totals.responses).toBe(
      before,
    )

    // A new answer is taken and counted.
    const answer = await app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${survey.slug}/responses`,
      payload: { answers: { nps: 1, csat: 1, ces: 1, comment: '升级以后：还是排队太久' } },
    })
    expect(answer.statusCode, answer.body).toBe(201)
    expect(await stored()).toBe(before + 1)
    expect((await get(`/api/v1/surveys/${answered}/summary?${window}`)).totals.responses).toBe(
      before + 1,
    )

    // Old cases (where the release had them) open with their whole timeline.
    const oldCase = (
      await sql<{ id: string }>`select id from cases order by created_at limit 1`
        .execute(store.db)
        .catch(() => ({ rows: [] as Array<{ id: string }> }))
    ).rows[0]
    if (oldCase) {
      const events = await counts('case_events')
      expect(events).toBeGreaterThan(0)
      const detail = await get(`/api/v1/cases/${oldCase.id}`)
      const own = Number(
        (
          await sql<{
            n: number | string
          }>`select count(*) as n from case_events where case_id = ${oldCase.id}`.execute(store.db)
        ).rows[0]!.n,
      )
      expect(detail.events).toHaveLength(own)
      expect(detail.events[0].type).toBe('created')
    }

    // A complaint on the public form opens a case (one, for this complaint: the sweep the form
    // kicks may open cases for the fixture's older answers at the same moment, so the table's
    // count is not the measure).
    const key = (await get('/api/v1/case-config')).publicFormKey as string
    const page = await app.inject({ method: 'GET', url: `/complain/${key}` })
    expect(page.statusCode, page.body).toBe(200)
    const hidden = Object.fromEntries(
      [...page.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [
        m[1]!,
        m[2]!,
      ]),
    )
    clock.now += 60_000
    const complaint = await app.inject({
      method: 'POST',
      url: `/complain/${key}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        ...hidden,
        text: '升级以后投诉：门店关门太早',
        name: '钱先生',
        email: 'qian@example.com',
        consent: 'true',
      }).toString(),
    })
    expect(complaint.statusCode, complaint.body).toBe(200)
    const complaintCases = (
      await sql<{
        id: string
      }>`select c.id from cases c join feedback f on f.id = c.feedback_id where f.text = '升级以后投诉：门店关门太早'`.execute(
        store.db,
      )
    ).rows
    expect(complaintCases).toHaveLength(1)
    const caseId = complaintCases[0]!.id

    // The sweeps (intake of the old answers, SLA, distribution, reply delivery, text) run without a failure.
    const { jobs } = deps
    const failures = vi.spyOn(
      (jobs as unknown as { log: { error: (...args: unknown[]) => void } }).log,
      'error',
    )
    try {
      clock.now += DAY_MS
      expect(await jobs.runOnce()).toBe(true)
      expect(failures.mock.calls).toEqual([])
    } finally {
      failures.mockRestore()
    }

    // The case workflow: assign, reply, resolve (logged in again: a day has passed).
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: FIXTURE_ADMIN,
    })
    expect(again.statusCode, again.body).toBe(200)
    headers.cookie = again.cookies.map((c) => `${c.name}=${c.value}`).join('; ')
    const me = await get('/api/v1/auth/me')
    const userId = (me.user?.id ?? me.id) as string
    await post(`/api/v1/cases/${caseId}/assign`, { ownerId: userId })
    await post(`/api/v1/cases/${caseId}/transitions`, { status: 'acknowledged' })
    await post(`/api/v1/cases/${caseId}/messages`, {
      visibility: 'customer',
      body: '钱先生您好，营业时间已延长。',
    })
    await post(`/api/v1/cases/${caseId}/transitions`, { status: 'investigating' })
    const cause = (await get('/api/v1/case-config')).causes[0].key as string
    await post(`/api/v1/cases/${caseId}/recovery`, { cause, responsibility: 'ours' })
    expect(
      (
        await post(`/api/v1/cases/${caseId}/transitions`, {
          status: 'resolved',
          note: '已延长营业时间',
        })
      ).status,
    ).toBe('resolved')
    const detail = await get(`/api/v1/cases/${caseId}`)
    expect(detail.ownerId).toBe(userId)
    // Its delivery is tracked (pending, or already tried by a sweep the reply kicked).
    expect(detail.events.find((e: { type: string }) => e.type === 'reply')).toMatchObject({
      visibility: 'customer',
      delivery: expect.any(String),
    })
  }
  return { app, run }
}
