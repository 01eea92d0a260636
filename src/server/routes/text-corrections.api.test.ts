import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Store } from '../../db/connect.js'
import { createTestStore, describeEachDialect } from '../../db/test-dialects.js'
import { createTestApp, type TestApp } from '../test-app.js'

// Corrections over HTTP: the one-click correction, its refusals, the settings read back without
// the organisation's model, and the learning summary.
describeEachDialect('text corrections over HTTP', (ctx) => {
  let t: TestApp
  let store: Store
  beforeAll(async () => {
    store = await createTestStore(ctx.dialect)
    t = await createTestApp(store)
  })
  afterAll(async () => {
    await t.app.close()
    await store.close()
  })

  it('corrects a record, refuses bad input with specific errors, and reports the learning', async () => {
    const cookie = t.adminCookie
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/feedback',
      headers: { cookie },
      payload: { channel: 'api', kind: 'complaint', text: 'still waiting for my refund' },
    })
    const feedback = created.json().feedback
    expect(feedback.analysis.sentiment).toBe('negative')

    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/feedback/${feedback.id}/text-correction`,
      headers: { cookie },
      payload: { sentiment: 'neutral', topics: ['billing'] },
    })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      feedbackId: feedback.id,
      sentiment: 'neutral',
      topics: ['billing'],
      previousSentiment: 'negative',
    })
    const listed = await t.app.inject({ url: '/api/v1/feedback', headers: { cookie } })
    expect(listed.json().feedback[0]).toMatchObject({ sentiment: 'neutral', topics: ['billing'] })

    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/v1/feedback/${feedback.id}/text-correction`,
      headers: { cookie },
      payload: { sentiment: 'furious' },
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.code).toBe('VALIDATION_FAILED')
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/v1/feedback/nope/text-correction',
      headers: { cookie },
      payload: { sentiment: 'positive' },
    })
    expect(missing.statusCode).toBe(404)
    expect(missing.json().error.code).toBe('FEEDBACK_NOT_FOUND')

    const learning = await t.app.inject({ url: '/api/v1/text/learning', headers: { cookie } })
    expect(learning.json()).toMatchObject({
      corrections: 1,
      minimum: 10,
      pending: true,
      model: null,
      recent: [expect.objectContaining({ feedbackId: feedback.id, sentiment: 'neutral' })],
    })
    const config = await t.app.inject({ url: '/api/v1/text/config', headers: { cookie } })
    expect(Object.keys(config.json()).sort()).toEqual(['topics', 'userWords'])
  })
})
