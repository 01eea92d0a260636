import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { adminApi } from './admin-api.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// The case page offers the same one-click correction of the comment's sentiment and topics as
// the text insights page: the corrected sentiment shows at once, and both are stored as the
// organisation's corrections (GET /api/v1/text/learning lists them).

// E2E_WEB_DIR: serve an admin app built elsewhere (a private `vite build --outDir`).
const harness = useE2eHarness(process.env.E2E_WEB_DIR ? { webDir: process.env.E2E_WEB_DIR } : {})
const { apiSession, api } = adminApi(harness)
const shots = process.env.SHOTS_DIR ?? 'test-results/case-text-correction'

async function shoot(page: Page, name: string) {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 })
    await page.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: true })
  }
  await page.setViewportSize({ width: 1366, height: 900 })
}

it('an agent corrects the sentiment and topics of a case’s comment on the case page', async () => {
  const cookie = await apiSession()
  const filed = await api(cookie, 'POST', '/feedback', {
    channel: 'hotline',
    kind: 'complaint',
    text: '小区充电桩一直用不了，物业也不管',
  })
  // Read in the background: until the comment has its analysis.
  await expect
    .poll(async () => (await api(cookie, 'GET', `/feedback/${filed.feedback.id}`)).analysis, {
      timeout: 20_000,
    })
    .not.toBeNull()

  const page = await loggedInPage(harness.browser, harness.server.url)
  await page.goto(`${harness.server.url}/app/cases/${filed.caseId}`)
  await page.getByTestId('case-correct').waitFor()
  const shown = await page.getByTestId('case-sentiment').textContent()
  const target = shown === '正面' ? 'negative' : 'positive'
  const word = target === 'positive' ? '正面' : '负面'
  await page.getByTestId(`case-correct-${target}`).click()
  await expect.poll(() => page.getByTestId('case-sentiment').textContent()).toBe(word)

  await page.getByTestId('case-correct-topics').click()
  await page.getByTestId('case-correct-topics').locator('input').fill('停电')
  await page
    .locator('.ant-select-dropdown:visible')
    .getByTitle('停电与抢修', { exact: true })
    .click()
  await page.keyboard.press('Escape')
  await expect
    .poll(async () => {
      const learning = await api(cookie, 'GET', '/text/learning')
      return learning.recent.find((c: { feedbackId: string }) => c.feedbackId === filed.feedback.id)
    })
    .toMatchObject({ sentiment: target, topics: expect.arrayContaining(['outage_repair']) })
  await expect.poll(() => page.getByTestId('case-topic').allTextContents()).toContain('停电与抢修')
  await shoot(page, 'case-zh-CN')

  await page.evaluate(() => localStorage.setItem('manyi.locale', 'en-US'))
  await page.reload()
  // The comment may still wait to be analysed again: the correction buttons are there either way.
  await page.getByTestId('case-correct').waitFor()
  expect(await page.getByTestId('case-text').textContent()).toContain('Sentiment and topics read')
  expect(await page.getByTestId('case-correct').textContent()).toContain('Positive')
  await shoot(page, 'case-en-US')
  await page.context().close()
})
