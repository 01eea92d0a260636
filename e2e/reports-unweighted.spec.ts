import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { adminApi } from './admin-api.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// A unit report previewed on the reports page says its pooled figures are unweighted when a survey
// with respondent weights was answered at the unit (issue 21; the PDF, XLSX and scheduled PDFs are
// checked in src/reports/report-weighting.api.test.ts). zh-CN and en-US, 1440 and 390 px.

const harness = useE2eHarness(process.env.E2E_WEB_DIR ? { webDir: process.env.E2E_WEB_DIR } : {})
const { apiSession, api } = adminApi(harness)
const SHOTS = process.env.SHOTS_DIR ?? 'test-results'

async function pickUnit(page: Page, name: string) {
  await page
    .locator('.ant-select-dropdown:visible .ant-select-tree-title', { hasText: name })
    .click()
}

it('notes on the previewed report that its figures leave the survey weights out, in zh-CN and en-US', async () => {
  const run = Date.now().toString(36).toUpperCase()
  const cookie = await apiSession()
  const unit = await api(cookie, 'POST', '/units', {
    code: `RW-${run}`,
    nameZh: `加权报告店${run}`,
    nameEn: `Weighted report store ${run}`,
    type: 'hall',
    parentId: null,
  })
  const survey = await api(cookie, 'POST', '/surveys', {
    title: { 'zh-CN': `按户抽样调查${run}`, 'en-US': `Household sample ${run}` },
    questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐', 'en-US': 'Recommend' } }],
    settings: { hiddenFields: ['unit', 'w'], weightField: 'w' },
  })
  const { slug } = await api(cookie, 'POST', `/surveys/${survey.id}/publish`)
  for (const [i, [nps, w]] of [
    [10, '3'],
    [0, '1'],
  ].entries())
    await api(cookie, 'POST', `/public/surveys/${slug}/responses`, {
      answers: { nps },
      segments: { unit: unit.code, w },
      clientResponseId: `report-unweighted-${run}-${i}`,
    })
  const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' })
    .format(new Date())
    .slice(0, 7)
  await expect
    .poll(
      async () =>
        (await api(cookie, 'GET', `/reports/content?unitId=${unit.id}&period=${month}`))
          .weightedSurveys.length,
    )
    .toBe(1)

  const page = await loggedInPage(harness.browser, harness.server.url)
  for (const locale of ['zh-CN', 'en-US'] as const) {
    const en = locale === 'en-US'
    await page.evaluate((l) => localStorage.setItem('manyi.locale', l), locale)
    await page.setViewportSize({ width: 1440, height: 900 })
    await page.goto(`${harness.server.url}/app/reports?tab=report`)
    await page.getByTestId('report-unit').click()
    await pickUnit(page, en ? `Weighted report store ${run}` : `加权报告店${run}`)
    await page.getByPlaceholder(en ? 'Period' : '期间').fill(month)
    await page.getByTestId('report-show').click()
    await page.getByTestId('report-unweighted').waitFor()
    expect(await page.getByTestId('report-unweighted').textContent()).toBe(
      en
        ? `Unweighted: this report's metrics, league and targets pool every survey's answers alike, without respondent weights; surveys with respondent weights answered in the period: 1 (Household sample ${run}). Their weighted figures are on each survey's dashboard.`
        : `未加权：本报告的指标、排名和目标把各问卷的答卷等同合并计算，未使用受访者权重；本期有 1 份设有受访者权重的问卷（按户抽样调查${run}），其加权结果见各问卷的仪表盘。`,
    )
    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: 900 })
      await page.waitForFunction((w) => document.documentElement.scrollWidth <= w, width)
      await page.screenshot({
        path: `${SHOTS}/reports-unweighted-${width}-${locale}.png`,
        fullPage: true,
      })
    }
  }
}, 120_000)
