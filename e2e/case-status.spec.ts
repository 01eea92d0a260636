import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { adminApi } from './admin-api.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// A customer follows their complaint on a phone without an account: the agent reads the case's
// status key on the case page and gives it; the public page /case-status/<organisation> with the
// case number and key shows the status, the deadline and the replies, in zh-CN and en-US.

const harness = useE2eHarness(process.env.E2E_WEB_DIR ? { webDir: process.env.E2E_WEB_DIR } : {})
const { apiSession, api } = adminApi(harness)
const shots = process.env.SHOTS_DIR ?? 'test-results/case-status'

async function shoot(page: Page, name: string, widths = [390, 1440]) {
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 })
    // Nothing may be wider than the screen (the page scrolls only downwards).
    await page.waitForFunction((w) => document.documentElement.scrollWidth <= w, width)
    await page.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: true })
  }
}

it('the agent gives the status key and the customer reads the case on a phone', async () => {
  const cookie = await apiSession()
  const opened = await api(cookie, 'POST', '/feedback', {
    channel: 'hotline',
    kind: 'complaint',
    text: '营业厅排队一个多小时，窗口只开了两个',
  })
  const caseId = opened.caseId as string
  await api(cookie, 'POST', `/cases/${caseId}/transitions`, { status: 'acknowledged' })
  await api(cookie, 'POST', `/cases/${caseId}/messages`, {
    visibility: 'customer',
    body: '您好，非常抱歉让您久等，我们已增开窗口并安排专人回访。',
  })
  await api(cookie, 'POST', `/cases/${caseId}/messages`, {
    visibility: 'internal',
    body: '内部：当班长已约谈',
  })
  const expected = await api(cookie, 'GET', `/cases/${caseId}/status-key`)
  const me = await api(cookie, 'GET', '/auth/me')

  // The agent's case page shows the key beside the case's other facts.
  const staff = await loggedInPage(harness.browser, harness.server.url)
  await staff.goto(`${harness.server.url}/app/cases/${caseId}`)
  await expect.poll(() => staff.getByTestId('case-status-key').textContent()).toBe(expected.key)
  // Why it was opened, in words, not the rule's code.
  expect(await staff.getByTestId('case-reason').textContent()).toBe('客户投诉')
  expect(await staff.getByTestId('case-status-page').getAttribute('href')).toBe(
    `${expected.url}?case=${expected.number}&lang=zh-CN`,
  )
  await shoot(staff, 'case-page-key-zh-CN', [1440, 390])
  await staff.context().close()

  // The customer on a phone, no login: the number is filled in from the link, the key typed.
  const context = await harness.browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    locale: 'zh-CN',
  })
  const phone = await context.newPage()
  const problems: string[] = []
  phone.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
  await phone.goto(
    `${harness.server.url}/case-status/${me.organisation.id}?case=${expected.number}`,
  )
  expect(await phone.getByLabel('案件编号').inputValue()).toBe(expected.number)

  // A wrong key shows nothing of the case and asks to check.
  await phone.getByLabel('查询码').fill('AAAAA-AAAAA')
  await phone.getByRole('button', { name: '查询' }).click()
  await phone.getByRole('alert').waitFor()
  expect(await phone.getByRole('alert').textContent()).toContain(
    '没有找到与该案件编号和查询码相符的案件',
  )
  expect(await phone.locator('.status-card').count()).toBe(0)
  expect(await phone.getByLabel('查询码').inputValue()).toBe('')
  await shoot(phone, 'case-status-miss-zh-CN', [390])
  // The miss is answered 404, which the browser logs as a failed load; nothing else may be logged.
  expect(problems).toEqual([
    'Failed to load resource: the server responded with a status of 404 (Not Found)',
  ])
  problems.length = 0

  // The key as read out on the phone: lower case, no dash.
  await phone.getByLabel('查询码').fill(expected.key.replace('-', '').toLowerCase())
  await phone.getByRole('button', { name: '查询' }).click()
  const card = phone.locator('.status-card')
  await card.waitFor()
  const text = await card.textContent()
  expect(text).toContain(`案件编号 ${expected.number}`)
  expect(text).toContain('已受理')
  expect(text).toContain('前处理完毕。')
  expect(text).toContain('您好，非常抱歉让您久等，我们已增开窗口并安排专人回访。')
  expect(text).not.toContain('内部')
  expect(text).not.toContain('营业厅排队')
  await shoot(phone, 'case-status-zh-CN')

  // In English, from the page's language link.
  await phone.setViewportSize({ width: 390, height: 844 })
  await phone.getByRole('link', { name: 'English' }).click()
  await phone.getByLabel('Case number').fill(expected.number)
  await phone.getByLabel('Status key').fill(expected.key)
  await phone.getByRole('button', { name: 'Check' }).click()
  await phone.locator('.status-card').waitFor()
  const english = await phone.locator('.status-card').textContent()
  expect(english).toContain('Accepted')
  expect(english).toContain('We aim to resolve it by')
  expect(english).toContain('Our replies')
  expect(await phone.locator('html').getAttribute('lang')).toBe('en-US')
  await shoot(phone, 'case-status-en-US')
  expect(problems).toEqual([])
  await context.close()
})
