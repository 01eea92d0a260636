import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { adminApi } from './admin-api.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// The dashboard's cross-tabulation of a survey weighted by a slider question (issue 21): the weight
// column offered is the slider's ('家庭人数 [household]'), and the table is weighted by the survey's
// rule, the answer without a household size left out (analyses-slider-weight.api.test.ts checks
// the figures on both stores: CSAT 5 × NPS 10 = 1.875, CSAT 5 × NPS 8 = 0.625, CSAT 1 × NPS 0 =
// 1.25). zh-CN and en-US at 1440 and 390 px.

const harness = useE2eHarness(process.env.E2E_WEB_DIR ? { webDir: process.env.E2E_WEB_DIR } : {})
const { apiSession, api } = adminApi(harness)
const SHOTS = process.env.SHOTS_DIR ?? 'test-results'

async function pick(page: Page, testId: string, text: RegExp) {
  const card = page.getByTestId('dashboard-crosstab')
  await card.getByTestId(testId).click()
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text })
    .first()
    .click()
  await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0)
}

it('weights the dashboard’s cross-tab by a slider question’s answers, in zh-CN and en-US', async () => {
  const run = Date.now().toString(36)
  const cookie = await apiSession()
  const survey = await api(cookie, 'POST', '/surveys', {
    title: { 'zh-CN': `按户交叉 ${run}`, 'en-US': `Household cross-tab ${run}` },
    questions: [
      { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿', 'en-US': 'Recommend' } },
      { key: 'csat', type: 'csat', title: { 'zh-CN': '满意度', 'en-US': 'Satisfaction' } },
      {
        key: 'household',
        type: 'slider',
        title: { 'zh-CN': '家庭人数', 'en-US': 'Household size' },
        required: false,
        slider: { min: 1, max: 6 },
      },
    ],
    settings: { weightField: 'household' },
  })
  const { slug } = await api(cookie, 'POST', `/surveys/${survey.id}/publish`)
  for (const [i, [nps, csat, household]] of [
    [10, 5, 3],
    [9, 4, 1],
    [6, 2, 1],
    [0, 1, 2],
    [8, 5, 1],
    [10, 3, null],
  ].entries())
    await api(cookie, 'POST', `/public/surveys/${slug}/responses`, {
      answers: household === null ? { nps, csat } : { nps, csat, household },
      clientResponseId: `slider-xt-${run}-${i}`,
    })

  const page = await loggedInPage(harness.browser, harness.server.url)
  for (const locale of ['zh-CN', 'en-US'] as const) {
    const en = locale === 'en-US'
    await page.setViewportSize({ width: 1440, height: 900 })
    await page.evaluate((l) => localStorage.setItem('manyi.locale', l), locale)
    await page.goto(`${harness.server.url}/app/surveys/${survey.id}`)
    await page.getByTestId('dashboard-crosstab').waitFor()
    await pick(page, 'crosstab-row', en ? /Satisfaction/ : /满意度/)
    await pick(page, 'crosstab-by', en ? /Recommend/ : /推荐意愿/)
    await pick(page, 'crosstab-weight', en ? /Household size/ : /家庭人数/)
    const grid = page.getByTestId('crosstab-grid')
    await expect
      .poll(async () => (await grid.textContent()) ?? '')
      .toContain(
        en
          ? 'Weighted by “Household size [household]”. Answers left out (no valid weight): 1.'
          : '按“家庭人数 [household]”加权。无有效权重、未计入的答卷：1。',
      )
    const text = (await grid.textContent()) ?? ''
    // Row CSAT 5: 0.625 + 1.875 = 2.50 in the totals column (weights scaled to the 5 answers kept).
    expect(text).toContain('0.63 (25.0%)0 (0.0%)1.88 (75.0%)2.50')
    expect(text).toContain('1.25 (100.0%)')
    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: 900 })
      await page.waitForFunction((w) => document.documentElement.scrollWidth <= w, width)
      await grid.scrollIntoViewIfNeeded()
      await page.screenshot({
        path: `${SHOTS}/crosstab-slider-weight-${width}-${locale}.png`,
        fullPage: true,
      })
    }
  }
}, 120_000)
