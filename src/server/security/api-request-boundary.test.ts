import { readFileSync } from 'node:fs'
import type { LightMyRequestResponse } from 'fastify'
import { beforeAll, expect, it } from 'vitest'
import { ErrorBodySchema } from '../../shared/error-schema.js'
import { SAMPLE_SURVEY, useSqliteTestApp } from '../test-app.js'

/**
 * Requests the JSON API must refuse before any handler runs — over-long or
 * broken paths, bodies that are not JSON (a form post is what a cross-site
 * page can send without a CORS preflight), broken JSON, too much of it — each
 * answered in the documented error shape with its own code, and nothing written.
 */

const t = useSqliteTestApp()
const documented = new Set(
  [...readFileSync('docs/errors.md', 'utf8').matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]),
)

function expectError(
  response: LightMyRequestResponse,
  status: number,
  code: string,
): {
  code: string
  message: string
  details: Array<{ path: string; reason: string; allowed?: string }>
} {
  expect({ status: response.statusCode, type: response.headers['content-type'] }).toEqual({
    status,
    type: expect.stringContaining('application/json'),
  })
  const body = ErrorBodySchema.parse(response.json())
  expect(body.error.code).toBe(code)
  expect(documented).toContain(code)
  return body.error
}

let surveyId: string
const surveyCount = async () =>
  (
    await t.current.app.inject({
      method: 'GET',
      url: '/api/v1/surveys',
      headers: { cookie: t.current.adminCookie },
    })
  ).json().surveys.length

beforeAll(async () => {
  const created = await t.current.app.inject({
    method: 'POST',
    url: '/api/v1/surveys',
    headers: { cookie: t.current.adminCookie },
    payload: SAMPLE_SURVEY,
  })
  surveyId = created.json().id
})

it('answers a 10,000-character path parameter with 414 PATH_TOO_LONG, without echoing it', async () => {
  const long = 'x'.repeat(10_000)
  for (const url of [
    `/api/v1/surveys/${long}`,
    `/api/v1/public/surveys/${long}`,
    `/api/v1/surveys/${long}/summary`,
  ]) {
    const response = await t.current.app.inject({
      method: 'GET',
      url,
      headers: { cookie: t.current.adminCookie },
    })
    const error = expectError(response, 414, 'PATH_TOO_LONG')
    expect(error.details).toEqual([
      { path: 'path', reason: 'a path parameter is too long', allowed: 'at most 100 characters' },
    ])
    expect(response.body.length).toBeLessThan(1000)
  }
  // Also anonymously, and also for an unknown route: the 404 echoes only the first 200 characters.
  expectError(
    await t.current.app.inject({ method: 'GET', url: `/api/v1/surveys/${long}` }),
    414,
    'PATH_TOO_LONG',
  )
  const unknown = await t.current.app.inject({
    method: 'GET',
    url: `/api/v1/no-such-thing/${long}/x`,
  })
  expectError(unknown, 404, 'ROUTE_NOT_FOUND')
  expect(unknown.body.length).toBeLessThan(1000)
})

it('answers a broken %-escape in the path with 400 URL_MALFORMED', async () => {
  expectError(
    await t.current.app.inject({
      method: 'GET',
      url: '/api/v1/surveys/%E0%A4%A',
      headers: { cookie: t.current.adminCookie },
    }),
    400,
    'URL_MALFORMED',
  )
})

it('refuses form posts, multipart, text/plain and other non-JSON bodies on the JSON API with 415, writing nothing', async () => {
  const before = await surveyCount()
  const bodies: Array<[string, string]> = [
    ['application/x-www-form-urlencoded', 'title=x&questions=y'],
    [
      'multipart/form-data; boundary=abc',
      '--abc\r\nContent-Disposition: form-data; name="title"\r\n\r\nx\r\n--abc--\r\n',
    ],
    ['text/plain', JSON.stringify(SAMPLE_SURVEY)],
    ['text/plain;charset=UTF-8', JSON.stringify(SAMPLE_SURVEY)],
    ['application/xml', '<survey/>'],
    ['application/octet-stream', JSON.stringify(SAMPLE_SURVEY)],
  ]
  for (const [type, payload] of bodies) {
    const create = await t.current.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.current.adminCookie, 'content-type': type },
      payload,
    })
    const error = expectError(create, 415, 'UNSUPPORTED_MEDIA_TYPE')
    expect(error.details).toEqual([
      {
        path: 'content-type',
        reason: `${JSON.stringify(type.split(';')[0])} is not accepted`,
        allowed: 'application/json',
      },
    ])
    const update = await t.current.app.inject({
      method: 'PUT',
      url: `/api/v1/surveys/${surveyId}`,
      headers: { cookie: t.current.adminCookie, 'content-type': type },
      payload,
    })
    expectError(update, 415, 'UNSUPPORTED_MEDIA_TYPE')
  }
  // Login and the public answer API too: a cross-site form cannot log anyone in or post answers.
  expectError(
    await t.current.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'email=admin%40test.local&password=correct-horse-battery',
    }),
    415,
    'UNSUPPORTED_MEDIA_TYPE',
  )
  expectError(
    await t.current.app.inject({
      method: 'POST',
      url: '/api/v1/public/surveys/any/responses',
      headers: { 'content-type': 'text/plain' },
      payload: '{"answers":{}}',
    }),
    415,
    'UNSUPPORTED_MEDIA_TYPE',
  )
  expect(await surveyCount()).toBe(before)
  // An unknown route stays a 404 whatever its body.
  expectError(
    await t.current.app.inject({
      method: 'POST',
      url: '/api/v1/no-such-route',
      headers: { cookie: t.current.adminCookie, 'content-type': 'text/plain' },
      payload: 'x',
    }),
    404,
    'ROUTE_NOT_FOUND',
  )
  // JSON with a charset parameter or in capitals is still JSON.
  const json = await t.current.app.inject({
    method: 'POST',
    url: '/api/v1/surveys',
    headers: { cookie: t.current.adminCookie, 'content-type': 'Application/JSON; charset=utf-8' },
    payload: JSON.stringify(SAMPLE_SURVEY),
  })
  expect(json.statusCode).toBe(201)
})

it('answers broken, empty and prototype-polluting JSON with 400 INVALID_JSON', async () => {
  for (const payload of [
    '{"title":',
    '',
    '{"__proto__":{"admin":true},"title":"x"}',
    '{"constructor":{"prototype":{"admin":true}}}',
  ]) {
    const response = await t.current.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.current.adminCookie, 'content-type': 'application/json' },
      payload,
    })
    const error = expectError(response, 400, 'INVALID_JSON')
    expect(error.details[0]?.path).toBe('body')
  }
})

it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE naming the limit', async () => {
  const payload = JSON.stringify({ ...SAMPLE_SURVEY, padding: 'x'.repeat(70_000) })
  const error = expectError(
    await t.current.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.current.adminCookie, 'content-type': 'application/json' },
      payload,
    }),
    413,
    'PAYLOAD_TOO_LARGE',
  )
  expect(error.details).toEqual([
    { path: 'body', reason: 'too large', allowed: 'at most 65536 bytes' },
  ])
})

it('still takes the raw file upload of an import job, and form posts on the server-rendered pages', async () => {
  const upload = await t.current.app.inject({
    method: 'POST',
    url: `/api/v1/surveys/${surveyId}/responses/import-jobs?file=answers.csv`,
    headers: { cookie: t.current.adminCookie, 'content-type': 'application/octet-stream' },
    payload: Buffer.from('nps\n9\n'),
  })
  expect(upload.statusCode).toBe(202)
  // …but not as JSON: the operation says it takes octet-stream only.
  const asJson = await t.current.app.inject({
    method: 'POST',
    url: `/api/v1/surveys/${surveyId}/responses/import-jobs?file=answers.csv`,
    headers: { cookie: t.current.adminCookie, 'content-type': 'application/json' },
    payload: '{}',
  })
  expect(expectError(asJson, 415, 'UNSUPPORTED_MEDIA_TYPE').details[0]?.allowed).toBe(
    'application/octet-stream',
  )
  const page = await t.current.app.inject({
    method: 'POST',
    url: '/s/unknown-slug',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'nps=9',
  })
  expect(page.statusCode).toBe(404)
  expect(page.headers['content-type']).toContain('text/html')
})

it('answers a template name that is an object with a non-function toString with 400, not 500 (found by the API fuzz)', async () => {
  const response = await t.current.app.inject({
    method: 'POST',
    url: '/api/v1/surveys/from-template',
    headers: { cookie: t.current.adminCookie },
    payload: { template: { toString: 'x', valueOf: 1 } },
  })
  const error = expectError(response, 400, 'VALIDATION_FAILED')
  expect(error.details.map((d) => d.path)).toEqual(['template'])
})
