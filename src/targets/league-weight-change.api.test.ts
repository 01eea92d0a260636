import { beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { insertResponseRows } from '../responses/response-insert.js'
import { buildResponseRow } from '../responses/response-row.js'
import { createTestApp, otherOrganisationAdmin, type TestApp } from '../server/test-app.js'
import type { Survey } from '../surveys/survey.schema.js'
import { createUnit } from '../units/unit.service.js'

// Over HTTP on both stores: saving a survey with another weight field answers at once with the
// rebuild queued (GET /api/v1/surveys/:id/rollup-rebuild), the app's background jobs run it, and
// the weighted league then ranks on the new weights. Hand-worked NPS: hall A answers 10 (w 3,
// v 1) and 0 (w 1, v 1): by w (100·3 − 100)/4 = 50 with n_eff 16/10 = 1.6; by v 0 with n_eff 2.

describeEachDialect('a weight field change over HTTP', (ctx) => {
  let t: TestApp
  let survey: Survey
  const ids = new Map<string, string>()
  const request = (
    method: 'GET' | 'PUT' | 'POST',
    url: string,
    payload?: unknown,
    cookie?: string,
  ) =>
    t.app.inject({
      method,
      url,
      headers: { cookie: cookie ?? t.adminCookie },
      ...(payload !== undefined && { payload: payload as object }),
    })
  const input = (weightField: string) => ({
    title: { 'zh-CN': '营业厅' },
    questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' } }],
    settings: { hiddenFields: ['w', 'v'], weightField },
  })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const scope: Scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: t.orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: t.clock.now,
    }
    for (const [code, parent] of [
      ['P', null],
      ['A', 'P'],
    ] as const) {
      const unit = await createUnit(scope, {
        code,
        nameZh: code,
        parentId: parent ? ids.get(parent)! : null,
      })
      ids.set(code, unit.id)
    }
    survey = (await request('POST', '/api/v1/surveys', input('w'))).json()
    expect((await request('POST', `/api/v1/surveys/${survey.id}/publish`, {})).statusCode).toBe(200)
    await insertResponseRows(
      ctx.store.db,
      (
        [
          [10, '3', '1'],
          [0, '1', '1'],
        ] as const
      ).map(([nps, w, v], i) =>
        buildResponseRow({
          survey,
          orgId: t.orgId,
          timezone: 'Asia/Shanghai',
          answers: { nps },
          clientResponseId: `api-weight-${i}`,
          locale: 'zh-CN',
          channel: 'link',
          segments: { w, v },
          submittedAt: t.clock.now - 3_600_000 + i,
          unitId: ids.get('A')!,
        }),
      ),
    )
  })

  it('queues the rebuild, runs it in the background and the league follows', async () => {
    const month = new Date(t.clock.now + 8 * 3_600_000).toISOString().slice(0, 7)
    const hallA = async () => {
      const league = await request(
        'GET',
        `/api/v1/units/league?parentId=${ids.get('P')}&metric=nps&period=${month}&minN=1&surveyId=${survey.id}`,
      )
      expect(league.statusCode).toBe(200)
      return league.json().rows[0] as { raw: number; n: number }
    }
    const a = await hallA()
    expect(a.raw).toBeCloseTo(50, 10)
    expect(a.n).toBeCloseTo(1.6, 10)
    const status = () => request('GET', `/api/v1/surveys/${survey.id}/rollup-rebuild`)
    expect((await status()).json()).toEqual({ job: null })

    const saved = await request('PUT', `/api/v1/surveys/${survey.id}`, input('v'))
    expect(saved.statusCode).toBe(200)
    expect(saved.json().settings.weightField).toBe('v')
    expect((await status()).json().job).toMatchObject({ status: 'queued', weightField: 'v' })

    // The job waits out the other instances' 2-second survey caches before it is taken.
    expect(await t.jobs.runOnce()).toBe(true)
    expect((await status()).json().job).toMatchObject({ status: 'queued' })
    t.clock.now += 3_000
    expect(await t.jobs.runOnce()).toBe(true)
    expect((await status()).json().job).toMatchObject({ status: 'done', done: 2, total: 2 })
    const b = await hallA()
    expect(b.raw).toBeCloseTo(0, 10)
    expect(b.n).toBeCloseTo(2, 10)

    // Another organisation's administrator learns nothing of it.
    const eve = await otherOrganisationAdmin(t, ctx.store)
    const foreign = await request(
      'GET',
      `/api/v1/surveys/${survey.id}/rollup-rebuild`,
      undefined,
      eve.cookie,
    )
    expect(foreign.statusCode).toBe(404)
  })
})
