import { expect, it } from 'vitest'
import { z } from 'zod'
import { loadConfig } from '../config.js'
import { createTestStore } from '../db/test-store.js'
import { buildApp } from './app.js'
import { type ApiRoute, apiRoutes } from './openapi-docs.js'
import { useSqliteTestApp } from './test-app.js'

const t = useSqliteTestApp()

it('documents the API with OpenAPI at /api/docs', async () => {
  const app = t.current.app
  const spec = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json()
  expect(spec.openapi).toMatch(/^3\./)
  for (const path of [
    '/api/v1/surveys',
    '/api/v1/surveys/{id}',
    '/api/v1/surveys/{id}/publish',
    '/api/v1/surveys/{id}/close',
    '/api/v1/surveys/{id}/summary',
    '/api/v1/public/surveys/{slug}/responses',
    '/api/v1/analyses/{method}',
  ]) {
    expect(Object.keys(spec.paths)).toContain(path)
  }
  expect(
    spec.paths['/api/v1/surveys'].post.requestBody.content['application/json'].schema.required,
  ).toEqual(['title', 'questions'])
  const ui = await app.inject({ method: 'GET', url: '/api/docs/' })
  expect(ui.statusCode).toBe(200)
  expect(ui.headers['content-type']).toContain('text/html')
})

type Operation = {
  security?: Array<Record<string, string[]>>
  responses: Record<
    string,
    { content?: Record<string, { schema: { $ref?: string } & Record<string, unknown> }> }
  >
}

function operationsOf(spec: {
  paths: Record<string, Record<string, Operation>>
}): Array<{ method: string; path: string; op: Operation }> {
  return Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method, path, op })),
  )
}

// The same rule as openapi-docs.ts: answering, and every step of signing in.
const isPublic = (path: string) =>
  path.startsWith('/api/v1/public/') || path.startsWith('/api/v1/auth/login')

it('declares the bearer token and the session cookie, and which operations need one', async () => {
  const spec = (await t.current.app.inject({ method: 'GET', url: '/api/docs/json' })).json()
  expect(spec.components.securitySchemes).toEqual({
    bearerToken: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    sessionCookie: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'manyi_session' }),
  })
  const operations = operationsOf(spec)
  expect(operations.length).toBeGreaterThan(40)
  for (const { method, path, op } of operations) {
    expect({ method, path, security: op.security }).toEqual({
      method,
      path,
      security: isPublic(path) ? [] : [{ bearerToken: [] }, { sessionCookie: [] }],
    })
  }
  // What the document says is what the server does: an anonymous call is refused exactly where a credential is declared.
  for (const { method, path, op } of operations) {
    const url = path.replace(/\{[^}]+\}/g, 'nope')
    const response = await t.current.app.inject({ method: method.toUpperCase() as 'GET', url })
    const refused = response.statusCode === 401 && response.json().error.code === 'UNAUTHENTICATED'
    expect({ method, path, refused }).toEqual({
      method,
      path,
      refused: (op.security?.length ?? 0) > 0,
    })
  }
})

it('documents the error answers of every operation with the one error body', async () => {
  const spec = (await t.current.app.inject({ method: 'GET', url: '/api/docs/json' })).json()
  expect(spec.components.schemas.ErrorBody.properties.error.required).toEqual([
    'code',
    'message',
    'details',
  ])
  for (const { method, path, op } of operationsOf(spec)) {
    const statuses = Object.keys(op.responses).map(Number)
    const errors = statuses.filter((status) => status >= 400)
    for (const status of errors) {
      expect({
        method,
        path,
        status,
        schema: op.responses[status]!.content?.['application/json']?.schema,
      }).toEqual({ method, path, status, schema: { $ref: '#/components/schemas/ErrorBody' } })
    }
    const expected = [400, 500]
    if (!isPublic(path)) expected.push(401, 403, 404)
    if (method !== 'get') expected.push(413, 415)
    if (path.includes('{')) expected.push(404, 414)
    expect({ method, path, errors }).toEqual({
      method,
      path,
      errors: expect.arrayContaining(expected),
    })
  }
  // Rate-limited operations say so.
  expect(Object.keys(spec.paths['/api/v1/auth/login'].post.responses)).toEqual(
    expect.arrayContaining(['401', '429']),
  )
  expect(Object.keys(spec.paths['/api/v1/public/surveys/{slug}/responses'].post.responses)).toEqual(
    expect.arrayContaining(['404', '410', '429']),
  )
  expect(Object.keys(spec.paths['/api/v1/surveys'].get.responses)).not.toContain('429')
})

/** The /api/ routes whose answer is not declared: hidden from the document, or without a schema for a success. */
function undeclaredAnswers(routes: readonly ApiRoute[]): string[] {
  return routes
    .filter((route) => !route.url.startsWith('/api/docs'))
    .filter((route) => route.hidden || !route.responseStatuses.some((s) => s.startsWith('2')))
    .map((route) => `${route.method} ${route.url}`)
}

it('declares the answer of every /api/ route with a response schema, and documents it', async () => {
  const routes = apiRoutes(t.current.app)
  expect(routes.length).toBeGreaterThan(50)
  expect(undeclaredAnswers(routes)).toEqual([])
  const spec = (await t.current.app.inject({ method: 'GET', url: '/api/docs/json' })).json()
  for (const { method, path, op } of operationsOf(spec)) {
    const successes = Object.entries(op.responses).filter(([status]) => status.startsWith('2'))
    expect({ method, path, successes: successes.length > 0 }).toEqual({
      method,
      path,
      successes: true,
    })
    for (const [status, response] of successes) {
      // A JSON answer, a file, or (204) nothing: never "Default Response", never an empty schema (z.any()).
      const schemas = Object.values(response.content ?? {}).map((c) => c.schema)
      const declared =
        status === '204'
          ? schemas.length === 0
          : schemas.length > 0 && schemas.every((schema) => Object.keys(schema).length > 0)
      expect({ method, path, status, declared }).toEqual({ method, path, status, declared: true })
    }
  }
  // The dashboard's answer is documented down to the previous period's totals.
  const summary =
    spec.paths['/api/v1/surveys/{id}/summary'].get.responses['200'].content['application/json']
      .schema
  expect(summary.properties.previousPeriod.required).toEqual(['from', 'to', 'totals', 'changes'])
})

it('finds a route that does not declare its answer', () => {
  const declared = {
    method: 'GET',
    url: '/api/v1/surveys',
    hidden: false,
    responseStatuses: ['200'],
  }
  expect(
    undeclaredAnswers([
      declared,
      { ...declared, url: '/api/v1/new-thing', responseStatuses: [] },
      { ...declared, url: '/api/v1/errors-only', responseStatuses: ['404'] },
      { ...declared, url: '/api/v1/hidden', hidden: true },
    ]),
  ).toEqual(['GET /api/v1/new-thing', 'GET /api/v1/errors-only', 'GET /api/v1/hidden'])
})

it('sends only the fields the response schema declares, and a 500 when an answer does not fit', async () => {
  const store = await createTestStore('sqlite')
  const config = loadConfig({}, { logLevel: 'silent', webDir: '/nonexistent' })
  const app = await buildApp({ store, config, clock: () => Date.parse('2026-06-15T04:00:00Z') })
  try {
    // A probe beside the real routes, with the app's serializer and error handler.
    app.get<{ Querystring: { misfit?: string } }>(
      '/api/v1/public/probe',
      { schema: { response: { 200: z.object({ name: z.string(), createdAt: z.string() }) } } },
      async (request) =>
        request.query.misfit
          ? { name: 42, createdAt: '2026-06-15T04:00:00.000Z' }
          : { name: 'Ada', createdAt: '2026-06-15T04:00:00.000Z', passwordHash: 'argon2id$…' },
    )
    const fitting = await app.inject({ method: 'GET', url: '/api/v1/public/probe' })
    expect(fitting.statusCode).toBe(200)
    expect(fitting.json()).toEqual({ name: 'Ada', createdAt: '2026-06-15T04:00:00.000Z' })
    expect(fitting.body).not.toContain('passwordHash')
    const misfit = await app.inject({ method: 'GET', url: '/api/v1/public/probe?misfit=1' })
    expect(misfit.statusCode).toBe(500)
    expect(misfit.json()).toEqual({
      error: { code: 'INTERNAL_ERROR', message: expect.any(String), details: [] },
    })
    expect(misfit.body).not.toContain('42')
  } finally {
    await app.close()
    await store.close()
  }
})
