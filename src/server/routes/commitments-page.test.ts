import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Store } from '../../db/connect.js'
import { createTestStore } from '../../db/test-store.js'
import { createTestApp, type TestApp } from '../test-app.js'

describe('public commitments page', () => {
  let store: Store
  let t: TestApp
  const open = (ip: string, lang = 'zh-CN') =>
    t.app.inject({ url: `/commitments/${t.orgId}?lang=${lang}`, remoteAddress: ip })

  beforeAll(async () => {
    store = await createTestStore('sqlite')
    t = await createTestApp(store, { publicRateLimit: 2 })
  })
  afterAll(async () => {
    await t.app.close()
    await store.close()
  })

  it('says so when nothing is published yet, without a login', async () => {
    const page = await open('203.0.113.9', 'en-US')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('No commitments published yet.')
  })

  it('is rate-limited per client like the other public pages', async () => {
    expect((await open('203.0.113.7')).statusCode).toBe(200)
    expect((await open('203.0.113.7')).statusCode).toBe(200)
    const refused = await open('203.0.113.7')
    expect(refused.statusCode).toBe(429)
    expect(refused.headers['retry-after']).toBe('60')
    expect((await open('198.51.100.4')).statusCode).toBe(200)
  })
})
