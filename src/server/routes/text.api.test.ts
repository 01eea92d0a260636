import { afterEach, beforeEach, expect, it } from 'vitest'
import type { Store } from '../../db/connect.js'
import { createTestStore, describeEachDialect } from '../../db/test-dialects.js'
import { runEmergingTopicAlerts } from '../../text/text-jobs.js'
import { createTestApp, otherOrganisationAdmin, type TestApp } from '../test-app.js'

const DAY = 86_400_000

describeEachDialect(
  'text analytics on feedback: on ingest, insights, emerging topics, taxonomy changes',
  (ctx) => {
    let t: TestApp
    let store: Store
    let bearer = ''
    const admin = () => ({ authorization: `Bearer ${bearer}` })
    const post = (text: string, extra: object = {}) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/feedback',
        headers: admin(),
        payload: { channel: 'api', kind: 'suggestion', text, ...extra },
      })

    // Each test gets a store and organisation of its own, so none sees another's feedback or taxonomy.
    beforeEach(async () => {
      store = await createTestStore(ctx.dialect)
      t = await createTestApp(store)
      bearer = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/tokens',
          headers: { cookie: t.adminCookie },
          payload: { name: 'text', role: 'admin' },
        })
      ).json().token
    })
    afterEach(async () => {
      await t.app.close()
      await store.close()
    })

    it('analyses feedback as it arrives', async () => {
      const res = await post('服务态度很好，但是配送太慢了')
      expect(res.json().feedback.analysis).toMatchObject({
        language: 'zh',
        topics: ['service_attitude', 'wait_time', 'delivery'],
        aspects: expect.arrayContaining([
          expect.objectContaining({ topic: 'service_attitude', sentiment: 'positive' }),
          expect.objectContaining({ topic: 'delivery', sentiment: 'negative' }),
        ]),
      })
      const html = await post('<script>alert(1)</script>营业员态度恶劣')
      expect(html.json().feedback.text).toBe('<script>alert(1)</script>营业员态度恶劣')
      expect(html.json().feedback.analysis).toMatchObject({
        sentiment: 'negative',
        topics: ['service_attitude'],
      })
      const emoji = await post('👍👍')
      expect(emoji.json().feedback.analysis).toMatchObject({
        language: 'none',
        sentiment: 'positive',
        topics: [],
      })
      const empty = await post('   ')
      expect(empty.statusCode).toBe(400)
      expect(empty.json().error.details[0]).toMatchObject({
        path: 'text',
        reason: 'must not be empty',
      })
      const tooLong = await post('很好'.repeat(6000))
      expect(tooLong.json().error.details[0].path).toBe('text')
      const tryIt = await t.app.inject({
        method: 'POST',
        url: '/api/v1/text/analyze',
        headers: admin(),
        payload: { text: '電費賬單有誤，客服一直推諉' },
      })
      expect(tryIt.json()).toMatchObject({
        language: 'zh',
        sentiment: 'negative',
        topics: ['service_attitude', 'billing'],
      })
    })

    it('finds an emerging topic and raises one alert a day', async () => {
      // Four baseline weeks: 10 comments a week, one about billing; then a week of 20 with 9 about billing.
      const end = t.clock.now
      let n = 0
      for (let week = 4; week >= 1; week--) {
        for (let i = 0; i < 10; i++) {
          const at = new Date(end - week * 7 * DAY - DAY - i * 3600_000).toISOString()
          await post(i === 0 ? '电费账单看不懂' : `营业厅排队很久 ${n++}`, { receivedAt: at })
        }
      }
      for (let i = 0; i < 20; i++) {
        const at = new Date(end - 2 * DAY - i * 3600_000).toISOString()
        await post(i < 9 ? `这个月电费账单多收了钱 ${i}` : `营业厅排队很久 ${n++}`, {
          receivedAt: at,
        })
      }
      const from = new Date(end - 40 * DAY).toISOString().slice(0, 10)
      const to = new Date(end).toISOString().slice(0, 10)
      const insights = (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/text/insights?from=${from}&to=${to}`,
          headers: admin(),
        })
      ).json()
      expect(insights.emerging.map((e: { topic: string }) => e.topic)).toEqual(['billing'])
      expect(insights.topics.find((x: { key: string }) => x.key === 'billing').count).toBe(13)
      expect(
        insights.keywords
          .slice(0, 2)
          .map((k: { word: string }) => k.word)
          .sort(),
      ).toEqual(['排队', '营业厅'])
      expect((await runEmergingTopicAlerts(store.db, end)).raised).toBe(1)
      expect((await runEmergingTopicAlerts(store.db, end + 60_000)).raised).toBe(0)
      const alerts = (
        await t.app.inject({ method: 'GET', url: '/api/v1/alerts', headers: admin() })
      ).json().alerts
      expect(alerts).toHaveLength(1)
      expect(alerts[0]).toMatchObject({ kind: 'emerging_topic', key: 'billing' })
      expect(alerts[0].title).toContain('账单计费')
      const drill = (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/feedback?from=${from}&to=${to}&topic=billing&limit=50`,
          headers: admin(),
        })
      ).json().feedback
      expect(drill).toHaveLength(13)
    })

    it('analyses everything again when the taxonomy changes', async () => {
      // Feedback analysed under the default taxonomy: one about queueing, one about something else.
      await post('营业厅排队很久')
      await post('服务态度很好，但是配送太慢了')
      const config = (
        await t.app.inject({ method: 'GET', url: '/api/v1/text/config', headers: admin() })
      ).json()
      const queue = { key: 'queue', label: { 'zh-CN': '排队' }, keywords: ['排队'], examples: [] }
      const saved = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/text/config',
        headers: admin(),
        payload: { ...config, topics: [queue], userWords: ['网上营业厅'] },
      })
      expect(saved.statusCode).toBe(200)
      await t.jobs.runOnce()
      const rows = await store.db.selectFrom('feedback').select(['topics', 'analysed_at']).execute()
      expect(rows.every((r) => r.analysed_at !== null)).toBe(true)
      expect(new Set(rows.map((r) => r.topics))).toEqual(new Set(['queue', '']))
      const duplicate = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/text/config',
        headers: admin(),
        payload: { topics: [queue, queue] },
      })
      expect(duplicate.json().error.details).toEqual([
        { path: 'topics.1.key', reason: 'duplicate topic key' },
      ])
    })

    it("keeps an organisation's dictionary words to itself", async () => {
      // The first organisation saves '网上营业厅'; the second has no words of its own.
      const config = (
        await t.app.inject({ method: 'GET', url: '/api/v1/text/config', headers: admin() })
      ).json()
      const saved = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/text/config',
        headers: admin(),
        payload: { ...config, userWords: ['网上营业厅'] },
      })
      expect(saved.statusCode).toBe(200)
      const eve = await otherOrganisationAdmin(t, store)
      for (const headers of [admin(), eve]) {
        for (let i = 0; i < 2; i++)
          await t.app.inject({
            method: 'POST',
            url: '/api/v1/feedback',
            headers,
            payload: { channel: 'api', kind: 'complaint', text: `网上营业厅登录不了 ${i}` },
          })
      }
      const day = new Date(t.clock.now + 8 * 3600_000).toISOString().slice(0, 10)
      const words = async (headers: Record<string, string>) =>
        (
          await t.app.inject({
            method: 'GET',
            url: `/api/v1/text/insights?from=${day}&to=${day}`,
            headers,
          })
        )
          .json()
          .keywords.map((k: { word: string }) => k.word)
      expect(await words(admin())).toContain('网上营业厅')
      expect(await words(eve)).not.toContain('网上营业厅')
      expect(await words(eve)).toContain('营业厅')
    })
  },
)
