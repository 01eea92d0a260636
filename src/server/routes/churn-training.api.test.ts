import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { createTestApp, type TestApp } from '../test-app.js'

// POST /churn/model/train starts a training and answers it at once (202) on both stores: the
// answer names the training with 0 of the organisation's 3 customers read; the training runs on
// after the answer, GET /churn/model/training follows it until it is done (null), and the model
// then says why none could be trained; the start is audited.

describeEachDialect('churn training over HTTP', (ctx) => {
  let t: TestApp
  const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { cookie: t.adminCookie },
      ...(payload ? { payload } : {}),
    })

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
  })
  afterAll(async () => {
    await t.app.close()
  })

  it('starts a training, answers it at once, and follows it to its outcome', async () => {
    for (const phone of ['13500000001', '13500000002', '13500000003'])
      expect(
        (await call('POST', '/customers', { keys: [{ kind: 'phone', value: phone }] })).statusCode,
      ).toBe(201)
    expect((await call('GET', '/churn/model/training')).json()).toEqual({ training: null })
    const started = await call('POST', '/churn/model/train')
    expect(started.statusCode, started.body).toBe(202)
    const training = started.json().training
    expect(training).toMatchObject({ startedAt: t.clock.now, customersRead: 0, customersTotal: 3 })
    await vi.waitFor(
      async () =>
        expect((await call('GET', '/churn/model/training')).json()).toEqual({ training: null }),
      { timeout: 10_000, interval: 50 },
    )
    expect((await call('GET', '/churn/model')).json()).toMatchObject({
      id: training.id,
      reason: 'not_enough_history',
      customersScored: 0,
      model: null,
    })
    const audit = await ctx.store.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'churn.train')
      .execute()
    expect(audit).toHaveLength(1)
  })
})
