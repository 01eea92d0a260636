import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../db/test-dialects.js'
import { createTestApp, type TestApp } from '../server/test-app.js'
import { addBusinessMinutes } from './business-calendar.js'
import { CaseConfigSchema } from './case-config.schema.js'

// The case settings' per-kind switches and SLAs (issue 20), as the settings page saves them
// through PUT /case-config: a kind switched off opens no work item (its feedback is still
// stored), a kind's own SLA times its new work items, and a deadline outside the schema's bounds
// is refused with the field named. Both stores; the test clock is Monday 2026-06-15 12:00 Shanghai.

describeEachDialect('case settings per kind of work item', (ctx) => {
  let t: TestApp
  const calendar = CaseConfigSchema.parse({}).calendar
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: t.adminCookie },
      ...(payload === undefined ? {} : { payload }),
    })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
  })
  afterAll(async () => {
    await t.app.close()
  })

  it('starts with every kind on and the default SLAs', async () => {
    const config = (await call('GET', '/case-config')).json()
    expect(config.rules).toMatchObject({ inquiries: true, suggestions: true, praise: true })
    expect(config.kindSla).toEqual({
      inquiry: { firstResponseMinutes: 240, resolutionMinutes: 540 },
      suggestion: { firstResponseMinutes: 540, resolutionMinutes: 2700 },
      praise: { firstResponseMinutes: 540, resolutionMinutes: 1620 },
    })
  })

  it('saves the switches and SLAs; a kind switched off opens no work item, the others use their SLA', async () => {
    const { publicFormKey: _key, ...config } = (await call('GET', '/case-config')).json()
    const saved = await call('PUT', '/case-config', {
      ...config,
      rules: { ...config.rules, praise: false, suggestions: true, inquiries: true },
      kindSla: {
        inquiry: { firstResponseMinutes: 30, resolutionMinutes: 120 },
        suggestion: { firstResponseMinutes: 1080, resolutionMinutes: 4320 },
        praise: { firstResponseMinutes: 540, resolutionMinutes: 1620 },
      },
    })
    expect(saved.statusCode, saved.body).toBe(200)
    const read = (await call('GET', '/case-config')).json()
    expect(read.rules).toMatchObject({ inquiries: true, suggestions: true, praise: false })
    expect(read.kindSla.inquiry).toEqual({ firstResponseMinutes: 30, resolutionMinutes: 120 })
    expect(read.kindSla.suggestion).toEqual({ firstResponseMinutes: 1080, resolutionMinutes: 4320 })

    const praise = await call('POST', '/feedback', {
      channel: 'web',
      kind: 'praise',
      text: '营业厅王姐服务很耐心',
    })
    expect(praise.statusCode, praise.body).toBe(201)
    expect(praise.json().caseId ?? null).toBeNull()
    expect((await call('GET', '/cases?kind=praise')).json().total).toBe(0)

    for (const [kind, first, resolution] of [
      ['inquiry', 30, 120],
      ['suggestion', 1080, 4320],
    ] as const) {
      const res = await call('POST', '/feedback', { channel: 'web', kind, text: `${kind} 一条` })
      expect(res.statusCode, res.body).toBe(201)
      const c = (await call('GET', `/cases/${res.json().caseId}`)).json()
      expect(c.kind).toBe(kind)
      expect(Date.parse(c.firstResponseDue), kind).toBe(
        addBusinessMinutes(t.clock.now, first, calendar),
      )
      expect(Date.parse(c.resolutionDue), kind).toBe(
        addBusinessMinutes(t.clock.now, resolution, calendar),
      )
    }
  })

  it('refuses an SLA outside its bounds, naming the field, and keeps the stored one', async () => {
    const { publicFormKey: _key, ...config } = (await call('GET', '/case-config')).json()
    const bad = await call('PUT', '/case-config', {
      ...config,
      kindSla: { ...config.kindSla, praise: { firstResponseMinutes: 0, resolutionMinutes: 1620 } },
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.code).toBe('VALIDATION_FAILED')
    expect(bad.json().error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'kindSla.praise.firstResponseMinutes' }),
      ]),
    )
    const read = (await call('GET', '/case-config')).json()
    expect(read.kindSla.praise).toEqual({ firstResponseMinutes: 540, resolutionMinutes: 1620 })
  })
})
