import { beforeAll, expect, it } from 'vitest'
import { analyzeReliability } from '../../analytics/cronbach-alpha.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { createTestApp, SAMPLE_SURVEY, type TestApp } from '../test-app.js'

describeEachDialect('survey settings: hidden fields, open and close times, quota', (ctx) => {
  let t: TestApp
  const admin = () => ({ cookie: t.adminCookie })
  const create = async (settings: object) => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: admin(),
      payload: { ...SAMPLE_SURVEY, settings },
    })
    if (created.statusCode !== 201) return created
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${created.json().id}/publish`,
      headers: admin(),
    })
    return created
  }
  const answer = (slug: string, nps = 9) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses`,
      payload: { answers: { nps } },
    })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
  })

  it('keeps declared hidden fields and the channel from the link, and nothing else', async () => {
    const { slug, id } = (await create({ hiddenFields: ['store', 'region'] })).json()
    const page = await t.app.inject({
      method: 'GET',
      url: `/s/${slug}?store=A12&region=${encodeURIComponent('华东')}&channel=qr&evil=${encodeURIComponent('<x>')}`,
    })
    expect(page.body).toContain('<input type="hidden" name="h_store" value="A12">')
    expect(page.body).toContain('<input type="hidden" name="channel" value="qr">')
    expect(page.body).not.toContain('evil')
    const posted = await t.app.inject({
      method: 'POST',
      url: `/s/${slug}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        clientResponseId: 'hidden-0001',
        nps: '9',
        h_store: 'A12',
        h_region: '华东',
        h_evil: 'x',
        channel: 'qr',
      }).toString(),
    })
    expect(posted.statusCode).toBe(200)
    const rows = await ctx.store.db
      .selectFrom('responses')
      .select(['channel', 'segments'])
      .where('survey_id', '=', id)
      .execute()
    expect(rows.map((r) => ({ channel: r.channel, segments: JSON.parse(r.segments) }))).toEqual([
      { channel: 'qr', segments: { store: 'A12', region: '华东' } },
    ])
  })

  it('takes answers only between opensAt and closesAt', async () => {
    const { slug } = (
      await create({ opensAt: '2026-06-20T00:00:00+08:00', closesAt: '2026-06-30T00:00:00+08:00' })
    ).json()
    const early = await answer(slug)
    expect(early.statusCode).toBe(404)
    expect(early.json().error).toMatchObject({
      code: 'SURVEY_NOT_OPEN_YET',
      opensAt: '2026-06-20T00:00:00+08:00',
    })
    const page = await t.app.inject({ method: 'GET', url: `/s/${slug}?lang=en-US` })
    expect(page.body).toContain('This survey has not started yet')
    t.clock.now = Date.parse('2026-06-25T00:00:00Z')
    expect((await answer(slug)).statusCode).toBe(201)
    t.clock.now = Date.parse('2026-06-30T00:00:00Z')
    expect((await answer(slug)).json().error.code).toBe('SURVEY_CLOSED')
    t.clock.now = Date.parse('2026-06-15T04:00:00Z')
  })

  it('stops at the response quota', async () => {
    const { slug } = (await create({ responseQuota: 2 })).json()
    expect((await answer(slug)).statusCode).toBe(201)
    expect((await answer(slug)).statusCode).toBe(201)
    const third = await answer(slug)
    expect(third.statusCode).toBe(410)
    expect(third.json().error).toMatchObject({ code: 'SURVEY_QUOTA_REACHED', responseQuota: 2 })
    const page = await t.app.inject({ method: 'GET', url: `/s/${slug}` })
    expect(page.statusCode).toBe(410)
    expect(page.body).toContain('问卷已收满')
    // Answers arriving together do not overshoot it either.
    const { slug: rushed, id } = (await create({ responseQuota: 3 })).json()
    const statuses = (await Promise.all(Array.from({ length: 10 }, () => answer(rushed)))).map(
      (r) => r.statusCode,
    )
    expect(statuses.filter((s) => s === 201)).toHaveLength(3)
    expect(statuses.filter((s) => s === 410)).toHaveLength(7)
    expect(
      await ctx.store.db.selectFrom('responses').select('id').where('survey_id', '=', id).execute(),
    ).toHaveLength(3)
  })

  it('pilot answers stay out of the dashboard but feed the item analysis', async () => {
    const questions = [
      { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' }, required: true },
      ...['clear', 'fast', 'kind'].map((key) => ({
        key,
        type: 'likert5',
        title: { 'zh-CN': key },
      })),
    ]
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: admin(),
      payload: { title: { 'zh-CN': '试点' }, questions, settings: { pilot: true } },
    })
    const { id, slug } = created.json()
    await t.app.inject({ method: 'POST', url: `/api/v1/surveys/${id}/publish`, headers: admin() })
    for (const [nps, clear, fast, kind] of [
      [9, 5, 4, 2],
      [6, 2, 2, 4],
      [8, 4, 4, 3],
      [10, 5, 5, 1],
    ]) {
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${slug}/responses`,
        payload: { answers: { nps, clear, fast, kind } },
      })
    }
    const flags = await ctx.store.db
      .selectFrom('responses')
      .select('quality_flags')
      .where('survey_id', '=', id)
      .execute()
    expect(flags.map((f) => f.quality_flags)).toEqual(['pilot', 'pilot', 'pilot', 'pilot'])
    const summary = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${id}/summary?from=2026-06-01&to=2026-06-30`,
      headers: admin(),
    })
    expect(summary.json().totals.responses).toBe(0)
    const pilot = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${id}/analysis?from=2026-06-01&to=2026-06-30&pilot=only`,
      headers: admin(),
    })
    expect(pilot.json().n).toBe(4)
    const scale = pilot.json().reliability[0]
    const expected = analyzeReliability(
      ['clear', 'fast', 'kind'],
      [
        [5, 2, 4, 5],
        [4, 2, 4, 5],
        [2, 4, 3, 1],
      ],
    )
    expect(scale.alpha).toBeCloseTo(expected.alpha, 12)
    expect(scale.items.find((i: { item: string }) => i.item === 'kind')).toMatchObject({
      isWeak: true,
    })
    const live = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${id}/analysis?from=2026-06-01&to=2026-06-30`,
      headers: admin(),
    })
    expect(live.json().n).toBe(0)
  })

  it('survey pages may be framed by other sites; the admin app may not', async () => {
    const { slug } = (await create({})).json()
    const page = await t.app.inject({ method: 'GET', url: `/s/${slug}` })
    expect(page.headers['content-security-policy']).toContain('frame-ancestors *')
    expect(page.headers['x-frame-options']).toBeUndefined()
    const widget = await t.app.inject({ method: 'GET', url: '/widget.js' })
    expect(widget.statusCode).toBe(200)
    expect(widget.headers['cross-origin-resource-policy']).toBe('cross-origin')
    const { gzipSync } = await import('node:zlib')
    expect(gzipSync(widget.rawPayload).length).toBeLessThan(15 * 1024)
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/json' })
    expect(docs.headers['x-frame-options']).toBe('SAMEORIGIN')
  })

  it('editing a published survey makes a new version; answers keep the version they answered', async () => {
    const created = await create({})
    const { id, slug } = created.json()
    expect((await answer(slug)).statusCode).toBe(201)
    const edited = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/surveys/${id}`,
      headers: admin(),
      payload: {
        ...SAMPLE_SURVEY,
        questions: [
          ...SAMPLE_SURVEY.questions,
          { key: 'extra', type: 'likert5', title: { 'zh-CN': '新增题目' } },
        ],
      },
    })
    expect(edited.json()).toMatchObject({ version: 2, status: 'published' })
    const later = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses`,
      payload: { answers: { nps: 8, extra: 4 } },
    })
    expect(later.statusCode).toBe(201)
    const versions = await ctx.store.db
      .selectFrom('responses')
      .select(['survey_version', 'answers'])
      .where('survey_id', '=', id)
      .orderBy('submitted_at')
      .orderBy('id')
      .execute()
    expect(versions.map((v) => [v.survey_version, JSON.parse(v.answers)])).toEqual([
      [1, { nps: 9 }],
      [2, { nps: 8, extra: 4 }],
    ])
    // Both versions count in the same dashboard: questions are joined by key.
    const summary = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${id}/summary?from=2026-06-01&to=2026-06-30`,
      headers: admin(),
    })
    expect(summary.json().totals.nps).toMatchObject({ n: 2, promoters: 1, passives: 1 })
  })

  it('names invalid settings', async () => {
    const bad = await create({
      opensAt: '2026-07-01T00:00:00Z',
      closesAt: '2026-06-01T00:00:00Z',
      hiddenFields: ['Store'],
    })
    expect(bad.statusCode).toBe(400)
    expect(
      bad
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
    ).toEqual(['settings.closesAt', 'settings.hiddenFields.0'])
  })

  it("flags careless answers by the survey's own thresholds", async () => {
    const flagsOf = async (settings: object) => {
      const { id, slug } = (await create(settings)).json()
      // One answer, the form open for one second.
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${slug}/responses`,
        payload: { answers: { nps: 9 }, startedAt: t.clock.now - 1_000 },
      })
      return (
        await ctx.store.db
          .selectFrom('responses')
          .select('quality_flags')
          .where('survey_id', '=', id)
          .executeTakeFirstOrThrow()
      ).quality_flags
    }
    expect(await flagsOf({})).toBe('speeder')
    expect(await flagsOf({ quality: { minSecondsPerAnswer: 0.5 } })).toBe('')
    expect(await flagsOf({ quality: { minSecondsPerAnswer: 0, straightLineMin: 0 } })).toBe('')
    const bad = await create({ quality: { minSecondsPerAnswer: -1, straightLineMin: 1 } })
    expect(bad.json().error.details).toEqual([
      {
        path: 'settings.quality.minSecondsPerAnswer',
        reason: 'must be 0 (off) or more',
        rule: 'too_small',
        limit: 0,
      },
      { path: 'settings.quality.straightLineMin', reason: 'must be 0 (off) or at least 2' },
    ])
  })

  it('takes signed fields only from a valid signed link, on the page and through the API', async () => {
    const { id, slug } = (
      await create({ hiddenFields: ['customer_id', 'store'], signedFields: ['customer_id'] })
    ).json()
    const signed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${id}/signed-links`,
      headers: admin(),
      payload: { fields: { customer_id: 'C-1001', store: 'A12' } },
    })
    expect(signed.statusCode).toBe(201)
    const { token, url } = signed.json()
    expect(url).toBe(`http://localhost:80/s/${slug}?t=${token}`)

    // Forged plain parameters for a signed field are dropped; the signed value wins.
    const page = await t.app.inject({
      method: 'GET',
      url: `/s/${slug}?t=${token}&customer_id=EVIL&store=B01`,
    })
    expect(page.body).toContain('<input type="hidden" name="h_customer_id" value="C-1001">')
    const posted = await t.app.inject({
      method: 'POST',
      url: `/s/${slug}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        clientResponseId: 'signed-00001',
        nps: '7',
        t: token,
        h_customer_id: 'EVIL',
        h_store: 'B01',
      }).toString(),
    })
    expect(posted.statusCode).toBe(200)
    const unsigned = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses`,
      payload: { answers: { nps: 5 }, segments: { customer_id: 'EVIL', store: 'B02' } },
    })
    expect(unsigned.statusCode).toBe(201)
    const rows = await ctx.store.db
      .selectFrom('responses')
      .select(['nps', 'segments'])
      .where('survey_id', '=', id)
      .orderBy('nps')
      .execute()
    expect(rows.map((r) => [r.nps, JSON.parse(r.segments)])).toEqual([
      [5, { store: 'B02' }],
      [7, { customer_id: 'C-1001', store: 'A12' }],
    ])

    const tampered = `${token.split('.')[0]}x.${token.split('.')[1]}`
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses`,
      payload: { answers: { nps: 5 }, linkToken: tampered },
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error).toMatchObject({
      code: 'LINK_TOKEN_INVALID',
      details: [{ path: 'linkToken', reason: 'the signature does not match' }],
    })
    expect(
      (await t.app.inject({ method: 'GET', url: `/s/${slug}?t=${tampered}` })).statusCode,
    ).toBe(400)

    const expired = await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${id}/signed-links`,
      headers: admin(),
      payload: { fields: { customer_id: 'C-2' }, expiresAt: '2026-06-01T00:00:00Z' },
    })
    const late = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses`,
      payload: { answers: { nps: 5 }, linkToken: expired.json().token },
    })
    expect(late.json().error.details[0].reason).toBe('the link has expired')
    const undeclared = await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${id}/signed-links`,
      headers: admin(),
      payload: { fields: { phone: '1' } },
    })
    expect(undeclared.json().error.details).toEqual([
      {
        path: 'fields.phone',
        reason: 'not a hidden field of this survey',
        allowed: 'customer_id, store',
      },
    ])
    const notHidden = await create({ hiddenFields: ['store'], signedFields: ['customer_id'] })
    expect(notHidden.json().error.details).toEqual([
      expect.objectContaining({
        path: 'settings.signedFields',
        reason: 'must name declared hidden fields',
      }),
    ])
  })
})
