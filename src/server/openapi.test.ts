import { expect, it } from 'vitest'
import { useSqliteTestApp } from './test-app.js'

const t = useSqliteTestApp()

it('documents the API with OpenAPI at /api/docs', async () => {
  const app = t.current.app
  const spec = (await app.inject({ method: 'GET', url: '/api/docs/json' })).json()
  expect(spec.openapi).toMatch(/^3\./)
  for (const path of ['/api/v1/surveys', '/api/v1/surveys/{id}', '/api/v1/surveys/{id}/publish', '/api/v1/surveys/{id}/close', '/api/v1/surveys/{id}/summary', '/api/v1/public/surveys/{slug}/responses', '/api/v1/analyses/{method}']) {
    expect(Object.keys(spec.paths)).toContain(path)
  }
  expect(spec.paths['/api/v1/surveys'].post.requestBody.content['application/json'].schema.required).toEqual(['title', 'questions'])
  const ui = await app.inject({ method: 'GET', url: '/api/docs/' })
  expect(ui.statusCode).toBe(200)
  expect(ui.headers['content-type']).toContain('text/html')
})
