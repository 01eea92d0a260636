import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../../db/connect.js'
import { createTestStore } from '../../db/test-store.js'
import { createTestApp, SAMPLE_SURVEY, type TestApp } from '../test-app.js'

describe('public answer API rate limit', () => {
  let store: Store
  let t: TestApp
  let slug: string
  const submit = (ip: string, nps: number) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/public/surveys/${slug}/responses`,
      remoteAddress: ip,
      payload: { answers: { nps } },
    })

  beforeAll(async () => {
    store = await createTestStore('sqlite')
    t = await createTestApp(store, { publicRateLimit: 3 })
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
  })
  afterAll(async () => {
    await t.app.close()
    await store.close()
  })

  it('takes answers up to the limit without limit headers, then answers 429 with Retry-After and the limit', async () => {
    for (const nps of [9, 8, 7]) {
      const accepted = await submit('203.0.113.7', nps)
      expect(accepted.statusCode).toBe(201)
      expect(accepted.headers['x-ratelimit-remaining']).toBeUndefined()
    }
    const refused = await submit('203.0.113.7', 6)
    expect(refused.statusCode).toBe(429)
    expect(refused.json().error.code).toBe('RATE_LIMITED')
    expect(refused.headers['retry-after']).toBe('60')
    expect(refused.headers['x-ratelimit-limit']).toBe('3')
    expect(refused.headers['x-ratelimit-remaining']).toBe('0')
    // Another client is not held back, and the refused answer was not stored.
    expect((await submit('198.51.100.4', 10)).statusCode).toBe(201)
    const stored = await store.db
      .selectFrom('responses')
      .select('nps')
      .orderBy('submitted_at')
      .orderBy('id')
      .execute()
    expect(stored.map((r) => r.nps)).toEqual([9, 8, 7, 10])
  })
})
