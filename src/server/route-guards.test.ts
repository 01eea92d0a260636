import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import type { Store } from '../db/connect.js'
import { createTestStore } from '../db/test-store.js'
import { declaredRoutes } from './plugins/route-permission.js'
import { cookieHeader, createTestApp, type TestApp } from './test-app.js'

/** Reachable without credentials, by design: answering, logging in, and the survey's public questions. */
const PUBLIC = [/^\/api\/v1\/public\//, /^\/api\/v1\/auth\/login(\/|$)/]
const SOME_ID = '0193a7c2-0000-7000-8000-000000000000'

let store: Store
let t: TestApp
let operations: Array<{ method: string; path: string }>

beforeAll(async () => {
  store = await createTestStore('sqlite')
  t = await createTestApp(store)
  const spec = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json() as {
    paths: Record<string, Record<string, unknown>>
  }
  operations = Object.entries(spec.paths)
    .filter(([path]) => !PUBLIC.some((p) => p.test(path)))
    .flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })),
    )
})
afterAll(async () => {
  await t.app.close()
  await store.close()
})

const call = (op: { method: string; path: string }, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: op.method as 'GET',
    url: op.path.replace(/\{[^}]+\}/g, SOME_ID),
    headers,
    payload: op.method === 'GET' || op.method === 'DELETE' ? undefined : {},
  })

it('refuses every documented admin API route without credentials (401), before reading its input', async () => {
  const open: string[] = []
  for (const op of operations) {
    const res = await call(op)
    if (res.statusCode !== 401 || res.json().error?.code !== 'UNAUTHENTICATED')
      open.push(`${op.method} ${op.path} → ${res.statusCode}`)
  }
  expect(open).toEqual([])
  // The spec really lists the admin API (a broken spec must not make this pass).
  expect(operations.length).toBeGreaterThanOrEqual(55)
  expect(operations.map((op) => `${op.method} ${op.path}`)).toEqual(
    expect.arrayContaining([
      'PUT /api/v1/surveys/{id}',
      'PUT /api/v1/case-config',
      'POST /api/v1/tokens',
      'GET /api/v1/surveys/{id}/responses/export',
    ]),
  )
})

it('refuses every documented write to a viewer (403), except trying the text analysis', async () => {
  await createUser(
    { db: store.db, orgId: t.orgId },
    {
      email: 'viewer@test.local',
      displayName: 'Vera',
      password: 'viewer-password-1',
      role: 'viewer',
    },
    t.clock.now,
  )
  const cookie = cookieHeader(
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'viewer@test.local', password: 'viewer-password-1' },
    }),
  )
  const allowed: string[] = []
  // Routes declared `signed-in` are every member's own business (logging out, which would end
  // this session, switching organisation, one's own second factor): not called here.
  const own = new Set(
    declaredRoutes(t.app)
      .filter((r) => r.access === 'signed-in')
      .map((r) => `${r.method} ${r.url.replace(/:(\w+)/g, '{$1}')}`),
  )
  for (const op of operations.filter(
    (o) => o.method !== 'GET' && !own.has(`${o.method} ${o.path}`),
  )) {
    const res = await call(op, { cookie })
    if (res.statusCode !== 403) allowed.push(`${op.method} ${op.path} → ${res.statusCode}`)
  }
  // A viewer reads the alerts of their units, so they may subscribe to them for themselves (and
  // remove their own subscriptions: an unknown one is 404, never someone else's).
  expect(allowed).toEqual([
    'POST /api/v1/text/analyze → 400',
    'POST /api/v1/me/alert-subscriptions → 201',
    'DELETE /api/v1/me/alert-subscriptions/{id} → 404',
  ])
  // Uploads are refused before their body is read: even a body no parser takes gets 403, not 415.
  const upload = await t.app.inject({
    method: 'POST',
    url: `/api/v1/surveys/${SOME_ID}/responses/import-jobs`,
    headers: { cookie, 'content-type': 'application/x-unknown' },
    payload: 'x'.repeat(100_000),
  })
  expect(upload.statusCode).toBe(403)
})

it('refuses anonymous callers before their body is read', async () => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/surveys',
    headers: { 'content-type': 'application/x-unknown' },
    payload: 'x'.repeat(100_000),
  })
  expect(res.statusCode).toBe(401)
  expect(res.json().error.code).toBe('UNAUTHENTICATED')
})
