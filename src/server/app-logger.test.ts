import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { bootstrapFirstAdmin } from '../auth/bootstrap.js'
import { loadConfig } from '../config.js'
import { describeEachDialect } from '../db/test-dialects.js'
import type { JobRunner } from '../jobs/job-runner.js'
import { buildApp, composeApp } from './app.js'
import { appLogger } from './app-logger.js'
import { cookieHeader, SAMPLE_SURVEY, TEST_ADMIN } from './test-app.js'

/** Personal values and secrets the requests below carry; none may reach a log line. */
const SECRET = {
  wrongPassword: 'not-the-password-4711',
  unknownEmail: 'zhang.wei@example.cn',
  complainantName: '欧阳娜娜',
  complainantPhone: '13912345678',
  complainantEmail: 'li.na@example.com',
  answerEmail: 'wang.fang@example.org',
  answerPhone: '18687654321',
  queryEmail: 'zhao.lei@example.net',
  bearer: 'mny_0123456789abcdefSECRET',
}

describeEachDialect('the server log keeps no personal data or secrets', (ctx) => {
  const lines: string[] = []
  let app: FastifyInstance
  let jobs: JobRunner
  const clock = { now: Date.parse('2026-06-15T04:00:00Z') }

  beforeAll(async () => {
    await bootstrapFirstAdmin(ctx.store.db, TEST_ADMIN.email, TEST_ADMIN.password, clock.now)
    const config = loadConfig({}, { logLevel: 'trace', webDir: '/nonexistent' })
    const deps = composeApp({
      store: ctx.store,
      config,
      clock: () => clock.now,
      logDestination: { write: (line: string) => void lines.push(line) },
    })
    app = await buildApp(deps)
    jobs = deps.jobs
  })
  afterAll(async () => {
    await app?.close()
  })

  it('logs login, a complaint and a survey answer without their personal values', async () => {
    const refused = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: SECRET.unknownEmail, password: SECRET.wrongPassword },
    })
    expect(refused.statusCode).toBe(401)
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: TEST_ADMIN.email, password: SECRET.wrongPassword },
    })
    expect(wrong.statusCode).toBe(401)
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: TEST_ADMIN,
    })
    expect(login.statusCode).toBe(200)
    const cookie = cookieHeader(login)
    const sessionSecret = login.cookies[0]!.value
    const bearer = await app.inject({
      method: 'GET',
      url: '/api/v1/surveys',
      headers: { authorization: `Bearer ${SECRET.bearer}` },
    })
    expect(bearer.statusCode).toBe(401)

    const formKey = (
      await app.inject({ method: 'GET', url: '/api/v1/case-config', headers: { cookie } })
    ).json().publicFormKey as string
    const page = await app.inject({ method: 'GET', url: `/complain/${formKey}` })
    const shownAt = /name="shownAt" value="([^"]+)"/.exec(page.body)![1]!
    clock.now += 10_000
    const complaint = await app.inject({
      method: 'POST',
      url: `/complain/${formKey}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        text: `收费有误，请回电 ${SECRET.complainantPhone}`,
        name: SECRET.complainantName,
        phone: SECRET.complainantPhone,
        email: SECRET.complainantEmail,
        consent: 'true',
        shownAt,
      }).toString(),
    })
    expect(complaint.statusCode).toBe(200)

    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie },
      payload: SAMPLE_SURVEY,
    })
    const { id, slug } = created.json() as { id: string; slug: string }
    await app.inject({ method: 'POST', url: `/api/v1/surveys/${id}/publish`, headers: { cookie } })
    const answer = await app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses?ref=${encodeURIComponent(SECRET.queryEmail)}`,
      payload: {
        answers: {
          nps: 2,
          comment: `太慢了，联系我 ${SECRET.answerEmail} 或 ${SECRET.answerPhone}`,
        },
      },
    })
    expect(answer.statusCode).toBe(201)
    clock.now += 60_000
    await jobs.runOnce()

    const log = lines.join('')
    // The log did record the requests and the refused logins, by route and outcome.
    expect(log).toContain('"url":"/api/v1/auth/login"')
    expect(log).toContain('"url":"/complain/:key"')
    expect(log).toContain(`"url":"/api/v1/public/surveys/${slug}/responses?ref=*"`)
    expect(log.match(/"msg":"login refused"/g)).toHaveLength(2)
    expect(log).toContain('"code":"LOGIN_FAILED"')
    for (const value of [
      ...Object.values(SECRET),
      TEST_ADMIN.email,
      TEST_ADMIN.password,
      sessionSecret,
      formKey,
    ]) {
      expect(log).not.toContain(value)
    }
    expect(log).not.toMatch(/"(cookie|authorization|set-cookie)":"(?!\[redacted\])/)
  })
})

it('scrubs what any log call passes: nested personal keys, error texts and stacks, messages', () => {
  const lines: string[] = []
  const log = appLogger(loadConfig({}, { logLevel: 'info' }), {
    write: (line: string) => void lines.push(line),
  })
  const failure = new Error('mail to chen.jie@example.com failed; call +86 139-1234-5678')
  log.error({ err: failure, job: 'distribution' }, 'background job distribution failed')
  log.info({ caseId: '0193a4b5-7c2d-7e00-8f00-a13912345678' }, '电话13912345678请回电')
  log.info(
    { contact: { id: 'c-1', email: 'chen.jie@example.com', phone: '13912345678' }, headers: {} },
    'sent with Bearer mny_secret_token_value to 13912345678',
  )
  const out = lines.join('')
  // An id that happens to hold eleven digits is no phone number.
  expect(out).toContain('"caseId":"0193a4b5-7c2d-7e00-8f00-a13912345678"')
  expect(out).toContain('"msg":"电话[phone]请回电"')
  expect(out.replace('a13912345678', '')).not.toMatch(/chen\.jie|1391234|139-1234|mny_secret/)
  expect(out).toContain('"job":"distribution"')
  expect(out).toContain('"id":"c-1"')
  expect(out).toContain('mail to [email] failed; call [phone]')
  expect(out).toContain('"msg":"sent with Bearer [redacted] to [phone]"')
  expect(out).toContain('"headers":"[redacted]"')
})
