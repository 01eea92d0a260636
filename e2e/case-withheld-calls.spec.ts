import { mkdirSync } from 'node:fs'
import { expect, it } from 'vitest'
import { adminApi } from './admin-api.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// Issue 19 in the browser, beside case-withheld.spec.ts: a case opened from an answer before its
// survey was made anonymous, resolved and waiting for its telephone follow-up (回访). The call list
// and the call screen name it as withheld instead of an empty title; the customer's 360° page no
// longer lists the case or the answer. Neither shows the comment or the account. Screenshots in
// zh-CN and en-US at 1440 and 390 px (SHOTS_DIR).

const harness = useE2eHarness()
const { apiSession, api } = adminApi(harness)
const shots = process.env.SHOTS_DIR ?? 'test-results/case-withheld-calls'

const TITLE = {
  'zh-CN': '匿名调查的回答（已隐藏）',
  'en-US': 'Answer to an anonymous survey (withheld)',
} as const

it('names an anonymous survey’s case as withheld on the follow-up calls and leaves it off the customer', async () => {
  mkdirSync(shots, { recursive: true })
  const { url } = harness.server
  const cookie = await apiSession()
  // A failing test is tried again on the same server: each attempt has its own words.
  const run = Date.now().toString(36).toUpperCase()
  const secret = `主管天天骂人${run}`
  const account = `E-${run}`
  const survey = {
    title: { 'zh-CN': '员工意见调查', 'en-US': 'Staff opinion survey' },
    questions: [
      { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿', 'en-US': 'Recommend' } },
      { key: 'comment', type: 'text', title: { 'zh-CN': '意见', 'en-US': 'Comments' } },
    ],
    settings: { hiddenFields: ['account'] },
  }
  const created = await api(cookie, 'POST', '/surveys', survey)
  const published = await api(cookie, 'POST', `/surveys/${created.id}/publish`)
  const res = await fetch(`${url}/api/v1/public/surveys/${published.slug}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ answers: { nps: 1, comment: secret }, segments: { account } }),
  })
  expect(res.status).toBe(201)
  // The same customer's answer to a customer survey (no case: a promoter) stays on their page.
  const store = await api(cookie, 'POST', '/surveys', {
    ...survey,
    title: { 'zh-CN': '门店满意度', 'en-US': 'Store survey' },
  })
  const storeLink = await api(cookie, 'POST', `/surveys/${store.id}/publish`)
  const kept = await fetch(`${url}/api/v1/public/surveys/${storeLink.slug}/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ answers: { nps: 9 }, segments: { account } }),
  })
  expect(kept.status).toBe(201)
  let opened: { id: string; number: string } | undefined
  await expect
    .poll(
      async () => {
        const found = await api(cookie, 'GET', `/cases?q=${encodeURIComponent(account)}`)
        opened = found.cases[0]
        return found.total
      },
      { timeout: 60_000, interval: 250 },
    )
    .toBe(1)
  const caseId = opened!.id
  // The administrator owns and resolves it: a call on their list.
  const me = await api(cookie, 'GET', '/auth/me')
  await api(cookie, 'POST', `/cases/${caseId}/assign`, { ownerId: me.user?.id ?? me.id })
  await api(cookie, 'POST', `/cases/${caseId}/transitions`, { status: 'acknowledged' })
  await api(cookie, 'POST', `/cases/${caseId}/transitions`, { status: 'investigating' })
  await api(cookie, 'POST', `/cases/${caseId}/recovery`, { cause: 'wait_time' })
  await api(cookie, 'POST', `/cases/${caseId}/transitions`, { status: 'resolved' })
  const customerId = (await api(cookie, 'GET', `/customers/of/case/${caseId}`)).customerId
  await api(cookie, 'PUT', `/surveys/${created.id}`, {
    ...survey,
    settings: { ...survey.settings, anonymity: { minGroup: 5 } },
  })

  const page = await loggedInPage(harness.browser, url)
  for (const locale of ['zh-CN', 'en-US'] as const)
    for (const width of [1440, 390]) {
      const context = await harness.browser.newContext({ viewport: { width, height: 900 }, locale })
      await context.addCookies(await page.context().cookies())
      const p = await context.newPage()
      await p.addInitScript((l) => localStorage.setItem('manyi.locale', l), locale)
      await p.goto(`${url}/app/follow-up-calls`)
      const open = p.getByTestId(`call-open-${opened!.number}`)
      await open.waitFor()
      const row = p.locator('tr', { has: open })
      expect(await row.getByTestId('call-case-title-withheld').textContent()).toBe(TITLE[locale])
      await open.click()
      const screen = p.getByTestId('call-console')
      await expect
        .poll(
          async () => (await screen.locator('.ant-card-head-title').first().textContent()) ?? '',
        )
        .toBe(`${opened!.number} · ${TITLE[locale]}`)
      const body = (await p.locator('body').textContent()) ?? ''
      expect(body).not.toContain(secret)
      expect(body).not.toContain(account)
      const overflow = await p.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      )
      expect(overflow).toBeLessThanOrEqual(0)
      await p.screenshot({ path: `${shots}/calls-withheld-${locale}-${width}.png`, fullPage: true })

      // The customer's page: the case and the answer are gone from the timeline.
      await p.goto(`${url}/app/customers/${customerId}`)
      // The store survey's answer stays: the timeline has loaded.
      await p.getByTestId('timeline-answer').first().waitFor()
      await expect.poll(() => p.locator('.ant-card-loading').count()).toBe(0)
      expect(await p.getByTestId('timeline-case').count()).toBe(0)
      expect(await p.getByTestId('timeline-answer').count()).toBe(1)
      expect(await p.getByTestId('timeline-answer').textContent()).toContain('NPS 9')
      const customer = (await p.locator('body').textContent()) ?? ''
      expect(customer).not.toContain(opened!.number)
      expect(customer).not.toContain(secret)
      await p.screenshot({
        path: `${shots}/customer-withheld-${locale}-${width}.png`,
        fullPage: true,
      })
      await context.close()
    }
  await page.context().close()
}, 300_000)
