import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { cookieHeader, createTestApp, SAMPLE_SURVEY, type TestApp } from '../test-app.js'

/** The smallest PNG there is (1×1, transparent) and a JPEG's first bytes. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
)
const JPEG_START = Buffer.from('ffd8ffe000104a464946', 'hex')

const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
})

describeEachDialect('respondent pages: branding, the complaint form, long surveys', (ctx) => {
  let t: TestApp
  let slug = ''
  let formKey = ''

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.adminCookie },
      payload: SAMPLE_SURVEY,
    })
    slug = created.json().slug
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${created.json().id}/publish`,
      headers: { cookie: t.adminCookie },
    })
    formKey = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/case-config',
        headers: { cookie: t.adminCookie },
      })
    ).json().publicFormKey
  })
  afterAll(async () => {
    await t.app.close()
  })

  const putBranding = (payload: unknown, cookie = t.adminCookie) =>
    t.app.inject({
      method: 'PUT',
      url: '/api/v1/organisation/branding',
      headers: { cookie },
      payload: payload as Record<string, unknown>,
    })

  it('an administrator sets colour and logo; respondent pages show them and serve the logo as stored', async () => {
    const res = await putBranding({
      color: '#1A7F37',
      logo: { type: 'image/png', data: PNG.toString('base64') },
    })
    expect(res.statusCode).toBe(200)
    const { branding } = res.json()
    expect(branding.color).toBe('#1A7F37')
    expect(branding.logoUrl).toMatch(new RegExp(`^/s/brand/${t.orgId}/logo\\?v=[\\w-]{16}$`))

    const page = await t.app.inject({ method: 'GET', url: `/s/${slug}` })
    expect(page.body).toContain('--brand:#1A7F37;--on-brand:#fff;--brand-ink:#1A7F37')
    // The logo's text alternative is the organisation's name.
    expect(page.body).toContain(`<img src="${branding.logoUrl}" alt="我的组织">`)
    const complaint = await t.app.inject({ method: 'GET', url: `/complain/${formKey}` })
    expect(complaint.body).toContain(`<img src="${branding.logoUrl}"`)

    const logo = await t.app.inject({ method: 'GET', url: branding.logoUrl })
    expect(logo.statusCode).toBe(200)
    expect(logo.headers['content-type']).toBe('image/png')
    expect(logo.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(logo.headers['x-content-type-options']).toBe('nosniff')
    expect(logo.rawPayload.equals(PNG)).toBe(true)
    // An old version's address names an image that is no longer there.
    const stale = await t.app.inject({
      method: 'GET',
      url: `/s/brand/${t.orgId}/logo?v=AAAAAAAAAAAAAAAA`,
    })
    expect(stale.statusCode).toBe(404)

    // Left out, the logo stays; null removes it.
    expect((await putBranding({ color: null })).json().branding).toEqual({
      color: null,
      logoUrl: branding.logoUrl,
    })
    expect((await putBranding({ color: null, logo: null })).json().branding.logoUrl).toBeNull()
    expect((await t.app.inject({ method: 'GET', url: branding.logoUrl })).statusCode).toBe(404)
  })

  it('refuses a colour that is not #rrggbb, a logo of another type, size or content, and non-administrators', async () => {
    const refused = async (payload: unknown) => {
      const res = await putBranding(payload)
      const { error } = res.json()
      return [res.statusCode, error.code, error.details?.[0]?.path]
    }
    expect(await refused({ color: '#fff;}body{display:none' })).toEqual([
      400,
      'VALIDATION_FAILED',
      'color',
    ])
    expect(
      await refused({
        color: null,
        logo: { type: 'image/svg+xml', data: Buffer.from('<svg/>').toString('base64') },
      }),
    ).toEqual([400, 'VALIDATION_FAILED', 'logo.type'])
    // Declared PNG, bytes of a JPEG: refused, since it would be served as what it claims.
    expect(
      await refused({
        color: null,
        logo: { type: 'image/png', data: JPEG_START.toString('base64') },
      }),
    ).toEqual([400, 'VALIDATION_FAILED', 'logo.data'])
    const big = Buffer.concat([PNG, Buffer.alloc(201 * 1024)])
    const tooBig = await putBranding({
      color: null,
      logo: { type: 'image/png', data: big.toString('base64') },
    })
    expect([tooBig.statusCode, tooBig.json().error.code]).toEqual([400, 'VALIDATION_FAILED'])

    await createUser(
      { db: ctx.store.db, orgId: t.orgId },
      {
        email: 'agent@test.local',
        displayName: 'A',
        password: 'agent-password-123',
        role: 'agent',
      },
      t.clock.now,
    )
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'agent@test.local', password: 'agent-password-123' },
    })
    const agent = await putBranding({ color: '#000000' }, cookieHeader(login))
    expect([agent.statusCode, agent.json().error.code]).toEqual([403, 'FORBIDDEN'])
  })

  it('the complaint form words its errors by field label in the page’s language', async () => {
    const page = await t.app.inject({ method: 'GET', url: `/complain/${formKey}` })
    const shownAt = /name="shownAt" value="([^"]+)"/.exec(page.body)![1]!
    t.clock.now += 10_000
    const res = await t.app.inject({
      method: 'POST',
      url: `/complain/${formKey}?lang=zh-CN`,
      ...form({ text: '停电三天', phone: '12', consent: 'true', shownAt }),
    })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain('电话：请填写有效的电话号码，或留空。')
    expect(res.body).not.toMatch(/phone:|is not a phone number/)
  })

  it('takes an anonymous complaint without consent, and asks consent only with contact details', async () => {
    const file = async (fields: Record<string, string>) => {
      const page = await t.app.inject({ method: 'GET', url: `/complain/${formKey}` })
      const shownAt = /name="shownAt" value="([^"]+)"/.exec(page.body)![1]!
      t.clock.now += 10_000
      return t.app.inject({
        method: 'POST',
        url: `/complain/${formKey}?lang=zh-CN`,
        ...form({ ...fields, shownAt }),
      })
    }
    const anonymous = await file({ text: '营业厅空调坏了一周没人修' })
    expect(anonymous.statusCode).toBe(200)
    expect(anonymous.body).toContain('您没有留下联系方式')
    const withPhone = await file({ text: '营业厅空调坏了一周没人修', phone: '13800138000' })
    expect(withPhone.statusCode).toBe(400)
    expect(withPhone.body).toContain(
      '联系方式：留下联系方式时，请勾选同意我们保存；也可以删去联系方式匿名提交。',
    )
  })

  it('splits the SERVQUAL template into a page per dimension with a progress bar', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys/from-template',
      headers: { cookie: t.adminCookie },
      payload: { template: 'servqual-22' },
    })
    const { id, slug: servqual } = created.json()
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${id}/publish`,
      headers: { cookie: t.adminCookie },
    })
    const page = await t.app.inject({ method: 'GET', url: `/s/${servqual}` })
    expect(page.body).toContain('<progress value="1" max="5"')
    expect(page.body).toContain('第 1 / 5 页')
    // Tangibles: items 1–4 only.
    expect(page.body.match(/data-key="sq\d+"/g)).toEqual([
      'data-key="sq1"',
      'data-key="sq2"',
      'data-key="sq3"',
      'data-key="sq4"',
    ])
  })
})
