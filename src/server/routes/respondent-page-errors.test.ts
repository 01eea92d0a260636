import { beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { PAGE_TEXT } from '../pages/page-text.js'
import { createTestApp, SAMPLE_SURVEY, type TestApp } from '../test-app.js'

/**
 * Respondent pages speak the visitor's language: a bad complaint form names its
 * problems in Chinese (not the API's `text: please describe …`), and a rate
 * limit or unstorable text on the complaint and unsubscribe pages is a page,
 * not the API's JSON with its raw code.
 */
const form = (fields: Record<string, string>, remoteAddress: string) => ({
  headers: {
    'content-type': 'application/x-www-form-urlencoded',
    'accept-language': 'zh-CN,zh;q=0.9',
  },
  payload: new URLSearchParams(fields).toString(),
  remoteAddress,
})
const zh = PAGE_TEXT['zh-CN']
const RAW = /[A-Z]{3,}_[A-Z_]+|please describe|e-mail address|"error":/
/**
 * The page's visible words and markup without its hidden inputs: the form's shownAt token carries
 * a random base64url nonce and signature, which now and then hold three capitals, "_" and more
 * capitals, the shape of an error code (a full run failed on it; the same test passed alone).
 */
const shown = (body: string) => body.replace(/<input type="hidden"[^>]*>/g, '')

describeEachDialect('respondent page errors are pages in the visitor’s language', (ctx) => {
  let t: TestApp
  let key = ''

  beforeAll(async () => {
    // 30 a minute for survey pages makes 5 a minute for the complaint form.
    t = await createTestApp(ctx.store, { publicRateLimit: 30 })
    key = (
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/case-config',
        headers: { cookie: t.adminCookie },
      })
    ).json().publicFormKey
  })

  const shownAt = async (remoteAddress: string) => {
    const page = await t.app.inject({
      method: 'GET',
      url: `/complain/${key}?lang=zh-CN`,
      remoteAddress,
    })
    t.clock.now += 10_000
    return /name="shownAt" value="([^"]+)"/.exec(page.body)![1]!
  }

  it('names each problem of the complaint form in Chinese, without the English reasons', async () => {
    const address = '198.51.100.1'
    const res = await t.app.inject({
      method: 'POST',
      url: `/complain/${key}?lang=zh-CN`,
      ...form({ text: 'bad', email: 'not-an-address', shownAt: await shownAt(address) }, address),
    })
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toMatch(/^text\/html/)
    // Each problem named by its field's label, in the order of the form.
    const lines = [...res.body.matchAll(/<li><a href="#(\w+)">([^<]*)<\/a><\/li>/g)].map((m) => [
      m[1],
      m[2],
    ])
    expect(lines).toEqual([
      ['text', `${zh.complaintText}：${zh.complaintTextNeeded}`],
      ['email', `${zh.contactEmail}：${zh.complaintEmailInvalid}`],
      ['consent', `${zh.complaintContact}：${zh.complaintConsentNeeded}`],
    ])
    expect(shown(res.body)).not.toMatch(RAW)
  })

  it('answers text no store can keep with a notice page, not JSON', async () => {
    const address = '198.51.100.2'
    const res = await t.app.inject({
      method: 'POST',
      url: `/complain/${key}?lang=zh-CN`,
      ...form(
        { text: 'the screen \u0000 broke', consent: 'true', shownAt: await shownAt(address) },
        address,
      ),
    })
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toMatch(/^text\/html/)
    expect(res.body).toContain(zh.invalidTextBody)
    expect(shown(res.body)).not.toMatch(RAW)
  })

  it('answers a rate-limited complaint form and unsubscribe page with a notice page in Chinese', async () => {
    for (const url of [`/complain/${key}?lang=zh-CN`, '/u/inv_unknown-token-0000?lang=zh-CN']) {
      const remoteAddress = url.startsWith('/u/') ? '198.51.100.4' : '198.51.100.3'
      let last = await t.app.inject({ method: 'GET', url, remoteAddress })
      // Bounded: the limit is 5 (complaint form) or 30 (unsubscribe) a minute.
      for (let i = 0; i < 40 && last.statusCode !== 429; i++)
        last = await t.app.inject({ method: 'GET', url, remoteAddress })
      expect([url, last.statusCode]).toEqual([url, 429])
      expect(last.headers['content-type']).toMatch(/^text\/html/)
      expect(last.body).toContain(zh.rateLimited)
      expect(last.body).not.toMatch(RAW)
    }
  })

  it('says when a survey opens in the organisation’s time zone, not a fixed Asia/Shanghai', async () => {
    await ctx.store.db
      .updateTable('organisations')
      .set({ timezone: 'America/New_York' })
      .where('id', '=', t.orgId)
      .execute()
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.adminCookie },
      payload: { ...SAMPLE_SURVEY, settings: { opensAt: '2026-07-01T02:30:00.000Z' } },
    })
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${created.json().id}/publish`,
      headers: { cookie: t.adminCookie },
    })
    const remoteAddress = '198.51.100.5'
    const url = `/s/${created.json().slug}`
    const zhPage = await t.app.inject({ method: 'GET', url: `${url}?lang=zh-CN`, remoteAddress })
    const enPage = await t.app.inject({ method: 'GET', url: `${url}?lang=en-US`, remoteAddress })
    expect([zhPage.statusCode, enPage.statusCode]).toEqual([404, 404])
    // 02:30 UTC is 22:30 the day before in New York (in Shanghai it would be 1 July, 10:30).
    expect(zhPage.body).toContain('该问卷将于 2026年6月30日 22:30 开放，请届时再来。')
    expect(enPage.body).toContain('It opens at June 30, 2026 at 10:30 PM. Please come back then.')
  })
})
