import { expect, it } from 'vitest'
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
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>
}

function operationsOf(spec: {
  paths: Record<string, Record<string, Operation>>
}): Array<{ method: string; path: string; op: Operation }> {
  return Object.entries(spec.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method, path, op })),
  )
}

const isPublic = (path: string) =>
  path.startsWith('/api/v1/public/') || path === '/api/v1/auth/login'

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
