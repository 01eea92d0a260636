import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Store } from '../../db/connect.js'
import { createTestStore, describeEachDialect } from '../../db/test-dialects.js'
import { createTestApp, otherOrganisationAdmin, type TestApp } from '../test-app.js'

// The public case status lookup over HTTP on both stores: a customer with the case number and
// status key reads the status, deadline and replies; a guess, another organisation's case, a
// missing key and a flood of tries learn nothing.

const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
})

describeEachDialect('public case status lookup', (ctx) => {
  let store: Store
  let t: TestApp
  let other: { cookie: string; orgId: string }
  const ours = { id: '', number: '', key: '' }
  const second = { id: '', number: '', key: '' }
  const theirs = { number: '', key: '' }

  const api = (method: 'GET' | 'POST', url: string, cookie: string, payload?: object) =>
    t.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) })
  const complaint = async (cookie: string, text: string) => {
    const res = await api('POST', '/api/v1/feedback', cookie, {
      channel: 'hotline',
      kind: 'complaint',
      text,
    })
    expect(res.statusCode).toBe(201)
    return res.json().caseId as string
  }
  const keyOf = async (cookie: string, caseId: string) => {
    const res = await api('GET', `/api/v1/cases/${caseId}/status-key`, cookie)
    expect(res.statusCode).toBe(200)
    return res.json() as { number: string; key: string; url: string }
  }
  const lookUp = (fields: Record<string, string>, ip: string, orgId = t.orgId, lang = 'zh-CN') =>
    t.app.inject({
      method: 'POST',
      url: `/case-status/${orgId}?lang=${lang}`,
      remoteAddress: ip,
      ...form(fields),
    })

  beforeAll(async () => {
    store = await createTestStore(ctx.dialect)
    // Lookups allowed per client and minute: max(5, 300 / 30) = 10.
    t = await createTestApp(store, { publicRateLimit: 300, publicUrl: 'https://s.example.cn' })
    ours.id = await complaint(t.adminCookie, '营业厅排队一个小时没人管')
    Object.assign(ours, await keyOf(t.adminCookie, ours.id))
    second.id = await complaint(t.adminCookie, '电费账单金额不对')
    Object.assign(second, await keyOf(t.adminCookie, second.id))
    await api('POST', `/api/v1/cases/${ours.id}/transitions`, t.adminCookie, {
      status: 'acknowledged',
    })
    await api('POST', `/api/v1/cases/${ours.id}/messages`, t.adminCookie, {
      visibility: 'customer',
      body: '您好，我们已安排专人跟进 <b>排队</b> 问题。',
    })
    await api('POST', `/api/v1/cases/${ours.id}/messages`, t.adminCookie, {
      visibility: 'internal',
      body: '内部备注：当天只开了两个窗口',
    })
    const eve = await otherOrganisationAdmin(t, store)
    const me = (await api('GET', '/api/v1/auth/me', eve.cookie)).json()
    other = { cookie: eve.cookie, orgId: me.organisation.id }
    const theirCase = await complaint(eve.cookie, '别家的投诉')
    Object.assign(theirs, await keyOf(eve.cookie, theirCase))
  })
  afterAll(async () => {
    await t.app.close()
    await store.close()
  })

  it('gives staff the number, key and page address of a case', async () => {
    expect(ours.number).toBe('C-000001')
    expect(ours.key).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/)
    expect(second.key).not.toBe(ours.key)
    expect((await keyOf(t.adminCookie, ours.id)).key).toBe(ours.key)
    expect((await keyOf(t.adminCookie, ours.id)).url).toBe(
      `https://s.example.cn/case-status/${t.orgId}`,
    )
    // Numbers are per organisation: the other one's first case is C-000001 too.
    expect(theirs.number).toBe('C-000001')
    const foreign = await api('GET', `/api/v1/cases/${ours.id}/status-key`, other.cookie)
    expect(foreign.statusCode).toBe(404)
    expect((await t.app.inject({ url: `/api/v1/cases/${ours.id}/status-key` })).statusCode).toBe(
      401,
    )
  })

  it('shows the form without a login, the number filled in from the address', async () => {
    const page = await t.app.inject({
      url: `/case-status/${t.orgId}?case=C-000001`,
      remoteAddress: '203.0.113.1',
    })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('查询处理进度')
    expect(page.body).toContain('value="C-000001"')
    expect(page.body).not.toContain('营业厅排队')
    expect(page.headers['cache-control']).toBe('no-store')
  })

  it('with the number and key shows the status, deadline and replies, never internal notes', async () => {
    const found = await lookUp({ number: ours.number, key: ours.key }, '203.0.113.2')
    expect(found.statusCode).toBe(200)
    expect(found.body).toContain('已受理')
    expect(found.body).toContain('我们将在')
    expect(found.body).toContain('前处理完毕。')
    expect(found.body).toContain('您好，我们已安排专人跟进 &lt;b&gt;排队&lt;/b&gt; 问题。')
    expect(found.body).not.toContain('<b>排队</b>')
    expect(found.body).not.toContain('内部备注')
    expect(found.body).not.toContain('电费账单')
    // Typed by hand: lower case, without the dash, the digits only of the number.
    const typed = await lookUp(
      { number: '1', key: ` ${ours.key.replace('-', '').toLowerCase()} ` },
      '203.0.113.2',
    )
    expect(typed.statusCode).toBe(200)
    expect(typed.body).toContain('已受理')
    const en = await lookUp({ number: ours.number, key: ours.key }, '203.0.113.2', t.orgId, 'en-US')
    expect(en.body).toContain('Accepted')
    expect(en.body).toContain('Our replies')
    const untouched = await lookUp({ number: second.number, key: second.key }, '203.0.113.2')
    expect(untouched.body).toContain('已收到')
    expect(untouched.body).toContain('前首次答复您。')
    expect(untouched.body).toContain('暂未答复')
  })

  it('refuses a missing key or number and names no case', async () => {
    const noKey = await lookUp({ number: ours.number }, '203.0.113.3')
    expect(noKey.statusCode).toBe(400)
    expect(noKey.body).toContain('请填写案件编号和查询码。')
    expect(noKey.body).not.toContain('已受理')
    const noNumber = await lookUp({ key: ours.key }, '203.0.113.3')
    expect(noNumber.statusCode).toBe(400)
    expect(noNumber.body).toContain('请填写案件编号和查询码。')
    const badNumber = await lookUp({ number: '1 OR 1=1', key: ours.key }, '203.0.113.3')
    expect(badNumber.statusCode).toBe(400)
    expect(badNumber.body).toContain('案件编号的格式应如 C-000042。')
  })

  it('answers a wrong key exactly as an unknown number, and does not show the key back', async () => {
    const guessed = await lookUp({ number: ours.number, key: 'AAAAA-AAAAA' }, '203.0.113.4')
    const unknown = await lookUp({ number: 'C-000999', key: 'AAAAA-AAAAA' }, '203.0.113.4')
    const swapped = await lookUp({ number: ours.number, key: second.key }, '203.0.113.4')
    for (const miss of [guessed, unknown, swapped]) {
      expect(miss.statusCode).toBe(404)
      expect(miss.body).toContain('没有找到与该案件编号和查询码相符的案件')
      expect(miss.body).not.toContain('已受理')
      expect(miss.body).not.toContain('AAAAA-AAAAA')
      expect(miss.body).not.toContain(second.key)
    }
    expect(guessed.body.replace(ours.number, 'C-000999')).toBe(unknown.body)
  })

  it('does not open another organisation’s case, whose number is the same', async () => {
    const across = await lookUp({ number: theirs.number, key: theirs.key }, '203.0.113.5')
    expect(across.statusCode).toBe(404)
    expect(across.body).not.toContain('别家的投诉')
    expect(across.body).not.toContain('已收到')
    const ourKeyThere = await lookUp(
      { number: ours.number, key: ours.key },
      '203.0.113.5',
      other.orgId,
    )
    expect(ourKeyThere.statusCode).toBe(404)
    const theirPage = await lookUp(
      { number: theirs.number, key: theirs.key },
      '203.0.113.5',
      other.orgId,
    )
    expect(theirPage.statusCode).toBe(200)
    expect(theirPage.body).toContain('已收到')
    const nowhere = await lookUp({ number: ours.number, key: ours.key }, '203.0.113.5', 'no-org')
    expect(nowhere.statusCode).toBe(404)
    expect(nowhere.body).not.toContain('已受理')
  })

  it('the complaint form’s receipt gives the number, key and link that open the new case', async () => {
    const formKey = (await api('GET', '/api/v1/case-config', t.adminCookie)).json().publicFormKey
    const shown = await t.app.inject({ url: `/complain/${formKey}`, remoteAddress: '203.0.113.6' })
    const shownAt = /name="shownAt" value="([^"]+)"/.exec(shown.body)![1]!
    t.clock.now += 10_000
    const sent = await t.app.inject({
      method: 'POST',
      url: `/complain/${formKey}`,
      remoteAddress: '203.0.113.6',
      ...form({ text: '抄表员未按约定时间上门', phone: '13700000000', consent: 'true', shownAt }),
    })
    expect(sent.statusCode).toBe(200)
    expect(sent.body).toContain('受理编号 C-000003')
    const key = /data-status-key>([^<]+)</.exec(sent.body)![1]!
    const staffView = await api('GET', '/api/v1/cases?limit=10', t.adminCookie)
    const opened = staffView.json().cases.find((c: { number: string }) => c.number === 'C-000003')
    expect((await keyOf(t.adminCookie, opened.id)).key).toBe(key)
    expect(sent.body).toContain(
      `href="https://s.example.cn/case-status/${t.orgId}?case=C-000003&amp;lang=zh-CN"`,
    )
    const found = await lookUp({ number: 'C-000003', key }, '203.0.113.6')
    expect(found.statusCode).toBe(200)
    expect(found.body).toContain('已收到')
  })

  it('lets a client try ten times a minute, then refuses it (and it alone)', async () => {
    for (let i = 0; i < 10; i++) {
      const miss = await lookUp({ number: ours.number, key: `GUESS-${i}0000` }, '198.51.100.9')
      expect(miss.statusCode).toBe(404)
    }
    const refused = await lookUp({ number: ours.number, key: ours.key }, '198.51.100.9')
    expect(refused.statusCode).toBe(429)
    expect(refused.body).not.toContain('已受理')
    expect((await lookUp({ number: ours.number, key: ours.key }, '198.51.100.10')).statusCode).toBe(
      200,
    )
  })
})
