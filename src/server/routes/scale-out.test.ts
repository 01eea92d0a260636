import { afterAll, beforeAll, expect, it } from 'vitest'
import { connectStore, type Store } from '../../db/connect.js'
import { describeOnDialects } from '../../db/test-dialects.js'
import { TEST_PG_URL } from '../../db/test-store.js'
import { buildApp } from '../app.js'
import { loadConfig } from '../../config.js'
import { createTestApp, SAMPLE_SURVEY, type TestApp } from '../test-app.js'

// SQLite is the single-instance store; several instances share PostgreSQL.
describeOnDialects(['postgres'], 'several instances on one database', (ctx) => {
  let first: TestApp
  let secondStore: Store
  let slug: string
  let surveyId: string

  beforeAll(async () => {
    first = await createTestApp(ctx.store)
    const created = await first.app.inject({ method: 'POST', url: '/api/v1/surveys', headers: { cookie: first.adminCookie }, payload: SAMPLE_SURVEY })
    surveyId = created.json().id
    slug = created.json().slug
    await first.app.inject({ method: 'POST', url: `/api/v1/surveys/${surveyId}/publish`, headers: { cookie: first.adminCookie } })
  })
  afterAll(async () => {
    await first.app.close()
    await secondStore?.close()
  })

  it('stores a retried answer once when the retry reaches another instance', async () => {
    secondStore = connectStore({ url: TEST_PG_URL, schema: ctx.store.pgSchema, poolSize: 3 })
    const second = await buildApp({ store: secondStore, config: loadConfig({}, { logLevel: 'silent', webDir: '/nonexistent' }), clock: () => first.clock.now })
    const submit = (app: typeof second, key: string, nps: number) =>
      app.inject({ method: 'POST', url: `/api/v1/public/surveys/${slug}/responses`, headers: { 'idempotency-key': key }, payload: { answers: { nps } } })
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => submit(i % 2 === 0 ? first.app : second, `shared-key-${Math.floor(i / 2)}`, i % 11)),
    )
    expect(results.every((r) => r.statusCode === 201 || r.statusCode === 200)).toBe(true)
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(20)
    for (let k = 0; k < 20; k++) expect(results[2 * k]!.json().id).toBe(results[2 * k + 1]!.json().id)
    const counts = await ctx.store.db.selectFrom('response_daily_counts').select((eb) => eb.fn.sum<number>('responses').as('n')).where('survey_id', '=', surveyId).executeTakeFirstOrThrow()
    expect(Number(counts.n)).toBe(20)
    await second.close()
  })
})
