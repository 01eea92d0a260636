import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Store } from '../db/connect.js'
import { createTestStore } from '../db/test-store.js'
import { createTestApp, type TestApp } from './test-app.js'

let store: Store
let t: TestApp
beforeAll(async () => {
  store = await createTestStore('sqlite')
  t = await createTestApp(store)
})
afterAll(async () => {
  await t.app.close()
  await store.close()
})

it('documents the API with OpenAPI at /api/docs', async () => {
  const spec = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json()
  expect(spec.openapi).toMatch(/^3\./)
  for (const path of ['/api/v1/surveys', '/api/v1/surveys/{id}', '/api/v1/surveys/{id}/publish', '/api/v1/surveys/{id}/close', '/api/v1/surveys/{id}/summary', '/api/v1/public/surveys/{slug}/responses', '/api/v1/analyses/{method}']) {
    expect(Object.keys(spec.paths)).toContain(path)
  }
  expect(spec.paths['/api/v1/surveys'].post.requestBody.content['application/json'].schema.required).toEqual(['title', 'questions'])
  const ui = await t.app.inject({ method: 'GET', url: '/api/docs/' })
  expect(ui.statusCode).toBe(200)
  expect(ui.headers['content-type']).toContain('text/html')
})
