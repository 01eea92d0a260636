import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { loadConfig } from '../../config.js'
import type { Store } from '../../db/connect.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { buildApp } from '../app.js'
import { createTestApp, SAMPLE_SURVEY, TEST_ADMIN, type TestApp } from '../test-app.js'

/** A second app on the same store (its administrator made by createTestApp), configured apart. */
async function appOn(store: Store, overrides: Record<string, unknown>): Promise<FastifyInstance> {
  const config = loadConfig({}, { logLevel: 'silent', webDir: '/nonexistent', ...overrides })
  return buildApp({ store, config, clock: () => Date.parse('2026-06-15T04:00:00Z') })
}

describeEachDialect('HSTS and Secure cookies follow MANYI_PUBLIC_URL', (ctx) => {
  let https: TestApp
  let http: FastifyInstance
  let slug = ''

  beforeAll(async () => {
    https = await createTestApp(ctx.store, { publicUrl: 'https://manyi.example.cn' })
    http = await appOn(ctx.store, { publicUrl: 'http://10.0.0.8:3000' })
    const created = await https.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: https.adminCookie },
      payload: SAMPLE_SURVEY,
    })
    slug = created.json().slug
    const { id } = created.json()
    await https.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${id}/publish`,
      headers: { cookie: https.adminCookie },
    })
  })
  afterAll(async () => {
    await https?.app.close()
    await http?.close()
  })

  const login = (app: FastifyInstance) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: TEST_ADMIN })

  it('over https: a year of HSTS on the admin API, pages and the public answer API, and Secure cookies', async () => {
    const signedIn = await login(https.app)
    expect(signedIn.headers['strict-transport-security']).toBe('max-age=31536000')
    expect(signedIn.cookies).toHaveLength(1)
    expect(signedIn.cookies[0]).toMatchObject({ httpOnly: true, secure: true })
    expect(String(signedIn.headers['set-cookie'])).toMatch(/; Secure/)
    const page = await https.app.inject({ method: 'GET', url: `/s/${slug}` })
    expect(page.statusCode).toBe(200)
    expect(page.headers['strict-transport-security']).toBe('max-age=31536000')
    const answer = await https.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses`,
      payload: { answers: { nps: 9 } },
    })
    expect(answer.statusCode).toBe(201)
    expect(answer.headers['strict-transport-security']).toBe('max-age=31536000')
    const unknown = await https.app.inject({ method: 'GET', url: '/no-such-page' })
    expect(unknown.headers['strict-transport-security']).toBe('max-age=31536000')
  })

  it('over plain http: no HSTS anywhere and cookies without Secure', async () => {
    const signedIn = await login(http)
    expect(signedIn.statusCode).toBe(200)
    expect(signedIn.headers['strict-transport-security']).toBeUndefined()
    expect(signedIn.cookies[0]).toMatchObject({ httpOnly: true })
    expect(signedIn.cookies[0]!.secure).toBeUndefined()
    expect(String(signedIn.headers['set-cookie'])).not.toMatch(/Secure/)
    for (const url of [`/s/${slug}`, '/api/docs', '/healthz']) {
      const res = await http.inject({ method: 'GET', url })
      expect(res.headers['strict-transport-security'], url).toBeUndefined()
    }
  })

  it('MANYI_COOKIE_SECURE=true still makes cookies Secure behind a TLS proxy without a public URL', async () => {
    const proxied = await appOn(ctx.store, { cookieSecure: 'true' })
    try {
      const signedIn = await login(proxied)
      expect(signedIn.cookies[0]).toMatchObject({ secure: true })
      expect(signedIn.headers['strict-transport-security']).toBeUndefined()
    } finally {
      await proxied.close()
    }
  })
})
