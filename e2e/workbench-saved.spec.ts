import { readFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { useE2eHarness } from './harness.js'
import { checkScreen, type Locale, userTextCorpus, watchPage } from './journey-checks.js'
import { E2E_ADMIN } from './server.js'
import { chooseWorkbenchMethod, setWorkbenchField } from './workbench-pick.js'

const harness = useE2eHarness()

const SURVEY = {
  title: { 'zh-CN': '营业厅服务调查', 'en-US': 'Service hall survey' },
  questions: [
    {
      key: 'nps',
      type: 'nps',
      title: {
        'zh-CN': '您向亲友推荐本营业厅的可能性？',
        'en-US': 'How likely are you to recommend us?',
      },
    },
  ],
}
// Aggregated Kano counts (our own numbers), the categories headed in Chinese.
const KANO_COUNTS =
  '属性,魅力,期望,必备,无差异,反向,可疑\n线上预约,30,12,5,20,1,0\n叫号提醒,8,25,40,10,0,1\n'

const WORDS: Record<Locale, { fromSurvey: string; last30: string; quarter: string; nps: string }> =
  {
    'zh-CN': { fromSurvey: '问卷答卷', last30: '近 30 天', quarter: '本季度', nps: 'NPS 净推荐值' },
    'en-US': {
      fromSurvey: 'A survey’s answers',
      last30: 'Last 30 days',
      quarter: 'This quarter',
      nps: 'NPS',
    },
  }

async function download(page: Page, click: () => Promise<void>) {
  const [file] = await Promise.all([page.waitForEvent('download'), click()])
  return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) }
}

it('an analyst exports a result, saves it, runs it again on new answers; the date range is shared and kept', async () => {
  const context = await harness.browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    acceptDownloads: true,
  })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  await page.goto(`${harness.server.url}/app/`)
  await page.getByLabel('邮箱').fill(E2E_ADMIN.email)
  await page.getByLabel('密码').fill(E2E_ADMIN.password)
  await page.getByRole('button', { name: /登\s*录/ }).click()
  await page.getByTestId('switch-language').waitFor()
  const api = (path: string, data?: unknown) =>
    page.request.post(`${harness.server.url}/api/v1${path}`, data === undefined ? {} : { data })
  const survey = await (await api('/surveys', SURVEY)).json()
  expect((await api(`/surveys/${survey.id}/publish`)).status()).toBe(200)
  let i = 0
  const answer = async (nps: number) =>
    expect(
      (
        await api(`/public/surveys/${survey.slug}/responses`, {
          answers: { nps },
          clientResponseId: `saved-answer-${i++}`,
          segments: { store: nps >= 9 ? '南京路' : '西湖' },
        })
      ).status(),
    ).toBe(201)
  for (const nps of [10, 9, 9, 6]) await answer(nps)
  const corpus = await userTextCorpus(harness.server.store)
  // The saved analysis's name is the analyst's own words.
  const userText = {
    joined: `${corpus.joined}\n营业厅 NPS 月报`,
    items: new Set([...corpus.items, '营业厅 NPS 月报']),
  }
  const problems: string[] = []
  watchPage(page, 'workbench-saved', problems)
  const today = await page.evaluate(() =>
    new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()),
  )

  // NPS on the survey's last 30 days, exported as Excel under the method's name and the date.
  await page.goto(`${harness.server.url}/app/analyses`)
  await page.getByTestId('analysis-source').getByText(WORDS['zh-CN'].fromSurvey).click()
  await page.getByTestId('analysis-survey').click()
  await page.getByTitle(SURVEY.title['zh-CN'], { exact: true }).click()
  await page.getByTestId('analysis-columns-read').waitFor()
  await page.getByTestId('analysis-period').click()
  await page.getByTitle(WORDS['zh-CN'].last30, { exact: true }).click()
  await setWorkbenchField(page, 'column', SURVEY.questions[0]!.title['zh-CN'])
  await page.getByTestId('run-analysis').click()
  await page.getByTestId('analysis-result').waitFor()
  const xlsx = await download(page, () => page.getByTestId('export-xlsx').click())
  expect(xlsx.name).toBe(`NPS-净推荐值-${today}.xlsx`)
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer)
  const summary = book.worksheets[0]!
  expect(summary.name).toBe('摘要')
  const figures = Object.fromEntries(
    summary.getSheetValues().flatMap((row) => (Array.isArray(row) ? [[row[1], row[2]]] : [])),
  )
  expect(figures).toMatchObject({ 指标: '值', 净推荐值: 50 })

  // Saved, then run again after a new answer: the saved analysis reads it.
  await page.getByTestId('save-analysis').click()
  await page.getByTestId('save-analysis-name').fill('营业厅 NPS 月报')
  await page.getByTestId('save-analysis-ok').click()
  const saved = page.getByTestId('saved-analyses').locator('tbody tr.ant-table-row')
  await expect.poll(() => saved.count()).toBe(1)
  expect(await saved.first().textContent()).toContain('营业厅 NPS 月报')
  expect(await saved.first().textContent()).toContain(WORDS['zh-CN'].last30)
  await answer(0)
  await page.getByTestId('saved-rerun').click()
  await expect
    .poll(() => page.getByTestId('saved-run-rows').textContent())
    .toContain('在 5 行数据上运行')

  // Only one store's rows: 10, 9, 9 of 南京路.
  const dropdown = () => page.locator('.ant-select-dropdown:visible')
  await page.getByTestId('analysis-filter-column-0').click()
  await dropdown().getByTitle('store', { exact: true }).click()
  await page.getByTestId('analysis-filter-values-0').click()
  await page.keyboard.type('南京路')
  await page.keyboard.press('Enter')
  await page.keyboard.press('Escape')
  const runNps = async () => {
    const response = page.waitForResponse((r) => r.url().endsWith('/api/v1/analyses/nps'))
    await page.getByTestId('run-analysis').click()
    const sent = (await response).request().postDataJSON().filters
    return { sent, result: await (await response).json() }
  }
  const onlyStore = await runNps()
  expect(onlyStore.sent).toEqual([{ column: 'store', operator: 'in', values: ['南京路'] }])
  expect(onlyStore.result).toMatchObject({ n: 3, promoters: 3, nps: 100 })
  // A second condition, scores of at most 9: both apply, 9 and 9 of 南京路 remain.
  await page.getByTestId('analysis-filter-add').click()
  await page.getByTestId('analysis-filter-column-1').click()
  await dropdown().getByTitle(SURVEY.questions[0]!.title['zh-CN'], { exact: true }).click()
  await page.getByTestId('analysis-filter-operator-1').click()
  await dropdown().getByTitle('≤（至多）', { exact: true }).click()
  await page.getByRole('spinbutton', { name: '数值' }).fill('9')
  const twoConditions = await runNps()
  expect(twoConditions.sent).toEqual([
    { column: 'store', operator: 'in', values: ['南京路'] },
    { column: expect.stringContaining('[nps]'), operator: 'lte', values: ['9'] },
  ])
  expect(twoConditions.result).toMatchObject({ n: 2, promoters: 2, nps: 100 })
  // The store condition turned round: every store but 南京路, at most 9 — 西湖's 6 and 0.
  await page.getByTestId('analysis-filter-operator-0').click()
  await dropdown().getByTitle('不是其中之一', { exact: true }).click()
  expect((await runNps()).result).toMatchObject({ n: 2, detractors: 2, nps: -100 })
  await checkScreen({
    page,
    label: 'saved-zh-CN-1440',
    name: 'workbench-filters',
    locale: 'zh-CN',
    userText,
    problems,
  })

  // Aggregated Kano counts from a file: the chart saved as SVG and PNG.
  await page.getByTestId('analysis-source').getByText('上传文件').click()
  await chooseWorkbenchMethod(page, 'Kano 模型')
  await page
    .locator('input[type=file]')
    .first()
    .setInputFiles({
      name: 'kano-counts.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(KANO_COUNTS, 'utf8'),
    })
  await page
    .locator('[data-testid="analysis-columns-read"][data-source="kano-counts.csv"]')
    .waitFor()
  const kano = page.waitForResponse((r) => r.url().endsWith('/api/v1/analyses/kano'))
  await page.getByTestId('run-analysis').click()
  const features = (await (await kano).json()).features
  expect(
    features.map((f: { feature: string; category: string }) => [f.feature, f.category]),
  ).toEqual([
    ['线上预约', 'A'],
    ['叫号提醒', 'M'],
  ])
  const chart = page.getByTestId('kano-scatter')
  await chart.waitFor()
  const svg = await download(page, () => chart.getByTestId('chart-svg').click())
  expect(svg.name).toBe(`Kano-模型-kano-scatter-${today}.svg`)
  expect(svg.bytes.toString('utf8')).toMatch(/^<svg[\s\S]*线上预约/)
  const png = await download(page, () => chart.getByTestId('chart-png').click())
  expect(png.name).toBe(`Kano-模型-kano-scatter-${today}.png`)
  expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG')

  // The date range chosen on complaints is the one on text insights, and stays after a reload.
  await page.goto(`${harness.server.url}/app/complaints`)
  await page.getByTestId('date-range').first().click()
  await page.getByText(WORDS['zh-CN'].quarter, { exact: true }).click()
  const quarterStart = `${today.slice(0, 5)}${String(Math.floor((Number(today.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`
  await expect
    .poll(async () =>
      (await page.request.get(`${harness.server.url}/api/v1/me/preferences`)).json(),
    )
    .toEqual({ dateRange: { preset: 'quarter' } })
  await page.goto(`${harness.server.url}/app/text`)
  await expect.poll(() => page.getByTestId('date-range').first().inputValue()).toBe(quarterStart)

  // What the analyst sees, in both languages, on a desktop and a phone.
  for (const locale of ['zh-CN', 'en-US'] as const) {
    await page.evaluate((l) => localStorage.setItem('manyi.locale', l), locale)
    await page.goto(`${harness.server.url}/app/analyses`)
    await page.getByTestId('saved-rerun').click()
    await page.getByTestId('saved-run').waitFor()
    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: width > 400 ? 900 : 844 })
      const label = `saved-${locale}-${width}`
      await checkScreen({ page, label, name: 'workbench', locale, userText, problems })
    }
    await page.setViewportSize({ width: 1440, height: 900 })
  }
  await page.goto(`${harness.server.url}/app/surveys/${survey.id}`)
  await expect.poll(() => page.getByTestId('date-range').first().inputValue()).toBe(quarterStart)
  await checkScreen({
    page,
    label: 'saved-en-US-1440',
    name: 'dashboard',
    locale: 'en-US',
    userText,
    problems,
  })

  // Renamed, then deleted.
  await page.goto(`${harness.server.url}/app/analyses`)
  await saved.first().waitFor()
  await page.getByTestId('saved-rename').click()
  await page.getByTestId('saved-rename-name').fill('Hall NPS')
  await page.getByTestId('saved-rename-ok').click()
  await expect.poll(() => saved.first().textContent()).toContain('Hall NPS')
  await page.getByTestId('saved-delete').click()
  await page
    .locator('.ant-popconfirm .ant-btn-dangerous, .ant-popconfirm .ant-btn-primary')
    .last()
    .click()
  await expect.poll(() => saved.count()).toBe(0)
  expect(problems).toEqual([])
  await context.close()
}, 120_000)
