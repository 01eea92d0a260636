import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

const harness = useE2eHarness()
const DAY = 86_400_000
const SHOTS = process.env.SHOTS_DIR ?? 'test-results'

// Store A: NPS 10 (w 3), 9, 6, 0 (w 2), 8 → weighted 12.5 on n_eff 4 (unweighted 0).
// Store B: 10, 10, 7 (w 2), 3, 8 and 9 with the bad weight 'abc' (left out) → 16.7 on n_eff 4.5
// (unweighted 33.3). All: (6 − 4)/14 = 14.3 on 10 answers, n_eff 196/24 = 8.2 (issue 21;
// segment-comparison-weighted.api.test.ts checks the figures on both stores).
const ANSWERS: Array<[string, number, string]> = [
  ['A', 10, '3'],
  ['A', 9, '1'],
  ['A', 6, '1'],
  ['A', 0, '2'],
  ['A', 8, '1'],
  ['B', 10, '1'],
  ['B', 10, '1'],
  ['B', 7, '2'],
  ['B', 3, '1'],
  ['B', 8, '1'],
  ['B', 9, 'abc'],
]

/** The ranked table's i-th row as text (rank, segment, † when below 30 effective answers, n, n_eff, score, …). */
/** The weighted survey the first test makes, whose dashboard the second opens. */
let weightedSurveyId = ''

/** How far the ranked table's content is wider than its box, in pixels (≤ 0: no sideways scroll). */
const tableOverflow = (page: Page) =>
  page.getByTestId('seg-table').evaluate((table) => {
    const content = table.querySelector('.ant-table-content, .ant-table-body') ?? table
    return content.scrollWidth - content.clientWidth
  })

const rowText = async (page: Page, i: number) =>
  (await page.getByTestId('seg-table').locator('tbody tr.ant-table-row').nth(i).textContent()) ?? ''

it('compares stores of a weighted survey on weighted figures with n_eff and says so, in zh-CN and en-US at 1440 and 390 px', async () => {
  const { store, url } = harness.server
  const run = Date.now().toString(36)
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now() - DAY))!
  const survey = await publishSurvey(
    scope,
    (
      await createSurvey(scope, {
        title: { 'zh-CN': `门店加权比较 ${run}`, 'en-US': `Weighted stores ${run}` },
        questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐', 'en-US': 'Recommend' } }],
        settings: { hiddenFields: ['store', 'w'], weightField: 'w' },
      })
    ).id,
  )
  for (const [i, [segment, nps, w]] of ANSWERS.entries()) {
    const res = await fetch(`${url}/api/v1/public/surveys/${survey.slug}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        answers: { nps },
        // Store A's answers came by link, B's by QR code: the dashboard's channels are the stores.
        channel: segment === 'A' ? 'link' : 'qr',
        clientResponseId: `seg-weighted-${run}-${i}`,
        segments: { store: segment, w },
      }),
    })
    expect(res.status).toBe(201)
  }
  weightedSurveyId = survey.id
  const address = `${url}/app/segments?survey=${survey.id}&field=store`

  const page = await loggedInPage(harness.browser, url)
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.goto(address)
  await page.getByTestId('seg-weighted').waitFor()
  expect(await page.getByTestId('seg-weighted').textContent()).toContain(
    '已加权（权重字段 w）：各分组的得分、95% 区间、与其余答卷的检验和月度热力图均按受访者权重计算',
  )
  expect(await page.getByTestId('seg-weighted').textContent()).toContain(
    '1 份答卷无有效权重，未计入',
  )
  expect(await page.getByTestId('seg-overall').textContent()).toBe(
    '全部答卷（加权）：14.3（10 份，n_eff = 8.2）',
  )
  await expect.poll(() => rowText(page, 0)).toMatch(/^1B †54\.516\.7/)
  expect(await rowText(page, 1)).toMatch(/^2A †54\.012\.5/)
  await page.screenshot({ path: `${SHOTS}/segments-weighted-1440-zh-CN.png`, fullPage: true })
  await page.setViewportSize({ width: 390, height: 900 })
  await page.waitForFunction(() => document.documentElement.scrollWidth <= 390)
  // At phone width the table folds into three columns and fits its card: no sideways scroll
  // inside it either (it used to scroll through nine columns). Each row still reads rank and
  // segment, answers and n_eff, score and interval, difference, Holm p and verdict.
  await expect.poll(() => tableOverflow(page)).toBeLessThanOrEqual(0)
  expect(await rowText(page, 0)).toMatch(/^1\. B †n = 5n_eff = 4\.516\.7/)
  await page.screenshot({ path: `${SHOTS}/segments-weighted-390-zh-CN.png`, fullPage: true })

  for (const width of [1440, 390]) {
    const context = await harness.browser.newContext({
      viewport: { width, height: 900 },
      locale: 'en-US',
    })
    await context.addCookies(await page.context().cookies())
    const p = await context.newPage()
    await p.addInitScript(() => localStorage.setItem('manyi.locale', 'en-US'))
    await p.goto(address)
    await p.getByTestId('seg-weighted').waitFor()
    expect(await p.getByTestId('seg-weighted').textContent()).toContain(
      'Weighted (weight field w): each segment’s score, 95% interval, test against the rest and the monthly heat map use the respondent weights',
    )
    expect(await p.getByTestId('seg-overall').textContent()).toBe(
      'All answers (weighted): 14.3 (10 answers, n_eff = 8.2)',
    )
    if (width === 390) await expect.poll(() => tableOverflow(p)).toBeLessThanOrEqual(0)
    await p.screenshot({ path: `${SHOTS}/segments-weighted-${width}-en-US.png`, fullPage: true })
    await context.close()
  }
}, 120_000)

it('weights the dashboard’s channel comparison of that survey and marks it, in zh-CN and en-US at 1440 and 390 px', async () => {
  const { url } = harness.server
  // The survey the test before made (a later test's retry keeps the server, harness.ts).
  const survey = { id: weightedSurveyId }
  const page = await loggedInPage(harness.browser, url)
  for (const locale of ['zh-CN', 'en-US'] as const) {
    await page.evaluate((l) => localStorage.setItem('manyi.locale', l), locale)
    await page.setViewportSize({ width: 1440, height: 900 })
    await page.goto(`${url}/app/surveys/${survey.id}`)
    await page.getByTestId('channels-weighted').waitFor()
    expect(await page.getByTestId('channels-weighted').textContent()).toBe(
      locale === 'en-US' ? 'weighted' : '已加权',
    )
    expect(await page.getByTestId('dashboard-weighted-note').textContent()).toContain(
      locale === 'en-US'
        ? 'Channels are weighted too; distributions are not.'
        : '渠道对比也已加权；分布不加权。',
    )
    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: 900 })
      // Opened at each width, as a phone opens it; chart-resize.spec.ts shrinks the window from
      // 1440 to 390 px without a reload.
      await page.goto(`${url}/app/surveys/${survey.id}`)
      await page.getByTestId('channels-weighted').waitFor()
      await expect
        .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
        .toBeLessThanOrEqual(width)
      await page.screenshot({
        path: `${SHOTS}/dashboard-weighted-channels-${width}-${locale}.png`,
        fullPage: true,
      })
    }
  }
}, 120_000)
