import { execFileSync } from 'node:child_process'
import ExcelJS from 'exceljs'
import type { Download, Page } from 'playwright-core'
import { expect, it } from 'vitest'
import type { OutgoingMail } from '../src/distribution/invitation-delivery.js'
import { runScheduledReports } from '../src/reports/report-schedule.service.js'
import { SAMPLE_SURVEY } from '../src/server/test-app.js'
import { adminApi } from './admin-api.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// The reports page (报告与管理评审): a monthly report scheduled for a unit with an address, the
// scheduled-reports job run (as the hourly job would), the report in the archive with its PDF and
// Excel; a report of this month made on demand, previewed and downloaded as PDF and Excel; in
// zh-CN and en-US, screenshots at 1440 and 390 px. Then the survey's dashboard for the unit,
// downloaded as PDF.

// E2E_WEB_DIR: serve an admin app built elsewhere (a private `vite build --outDir`).
const harness = useE2eHarness(process.env.E2E_WEB_DIR ? { webDir: process.env.E2E_WEB_DIR } : {})
const { apiSession, api } = adminApi(harness)
const shots = process.env.SHOTS_DIR ?? 'test-results/reports-page'

async function shoot(page: Page, name: string) {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 })
    // Charts follow the new width on their next resize pass: wait until nothing is wider.
    await page.waitForFunction((w) => document.documentElement.scrollWidth <= w, width)
    // A tab's pane fades in: wait until no finite animation runs, or the shot catches it faded.
    await page.waitForFunction(() =>
      document
        .getAnimations()
        .filter((a) => a.effect?.getTiming().iterations !== Number.POSITIVE_INFINITY)
        .every((a) => a.playState !== 'running'),
    )
    await page.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: true })
  }
  await page.setViewportSize({ width: 1366, height: 900 })
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<Download> {
  const [download] = await Promise.all([
    // A PDF is made before its first byte is sent: on a loaded machine that may take a while.
    page.waitForEvent('download', { timeout: 0 }),
    click(),
  ])
  return download
}

async function bytesOf(download: Download): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

const pdfText = (pdf: Buffer) =>
  execFileSync('pdftotext', ['-layout', '-', '-'], { input: pdf }).toString()

async function firstSheetName(xlsx: Buffer): Promise<string> {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(xlsx as unknown as ArrayBuffer)
  return book.worksheets[0]!.name
}

/** Picks a unit in an open tree select's dropdown. */
async function pickUnit(page: Page, name: string) {
  await page
    .locator('.ant-select-dropdown:visible .ant-select-tree-title', { hasText: name })
    .click()
}

it('schedules a report, finds it in the archive, makes one on demand and downloads both files', async () => {
  const cookie = await apiSession()
  const unit = await api(cookie, 'POST', '/units', {
    code: 'RPT-E2E',
    nameZh: '华北报告店',
    nameEn: 'North report store',
    type: 'hall',
    parentId: null,
  })
  const survey = await api(cookie, 'POST', '/surveys', {
    ...SAMPLE_SURVEY,
    settings: { hiddenFields: ['unit'] },
  })
  const { slug } = await api(cookie, 'POST', `/surveys/${survey.id}/publish`)
  // This month at the unit: two promoters and a detractor, NPS (2 − 1) / 3 = 33.3.
  for (const [i, nps] of [10, 9, 2].entries())
    await api(cookie, 'POST', `/public/surveys/${slug}/responses`, {
      answers: { nps },
      segments: { unit: 'RPT-E2E' },
      clientResponseId: `report-page-${i}`,
    })
  const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' })
    .format(new Date())
    .slice(0, 7)
  // The answers reach the unit's figures through the background intake.
  await expect
    .poll(
      async () =>
        (await api(cookie, 'GET', `/reports/content?unitId=${unit.id}&period=${month}`)).metrics[0]
          .n,
    )
    .toBe(3)

  const page = await loggedInPage(harness.browser, harness.server.url)
  await page.goto(`${harness.server.url}/app/reports?tab=schedules`)
  await page.getByRole('tab', { name: '定期发送' }).waitFor()
  // Schedule the unit's monthly report in Chinese to one address.
  await page.locator('form .ant-select').first().click()
  await pickUnit(page, '华北报告店')
  await page.getByPlaceholder('收件人邮箱（逗号分隔）').fill('boss@e2e.test')
  await page.getByRole('button', { name: /添\s*加/ }).click()
  const schedules = page.getByRole('tabpanel').locator('table')
  await expect.poll(() => schedules.textContent()).toContain('boss@e2e.test')
  expect(await schedules.textContent()).toContain('华北报告店月报中文')
  await shoot(page, 'schedules-zh-CN')

  // The hourly job (run here as a second instance would) makes, archives and e-mails it.
  const mails: OutgoingMail[] = []
  await runScheduledReports(
    {
      db: harness.server.store.db,
      features: harness.server.store.features,
      mail: async (m) => {
        mails.push(m)
      },
      baseUrl: harness.server.url,
    },
    Date.now(),
  )
  const [archived] = (await api(cookie, 'GET', '/reports/archive')).reports
  expect(archived).toMatchObject({ unitId: unit.id, kind: 'monthly', recipients: 1 })
  expect(mails.map((m) => [m.to.address, m.subject])).toEqual([
    ['boss@e2e.test', `华北报告店 月报 ${archived.period}`],
  ])

  await page.getByRole('tab', { name: '报告存档' }).click()
  const archive = page.getByRole('tabpanel').locator('table')
  await expect.poll(() => archive.textContent()).toContain(archived.period)
  expect(await archive.textContent()).toContain('华北报告店月报')
  const archivedPdf = await downloaded(page, () =>
    archive.getByRole('link', { name: 'PDF' }).click(),
  )
  expect(archivedPdf.suggestedFilename()).toBe(`RPT-E2E-monthly-${archived.period}.pdf`)
  expect(pdfText(await bytesOf(archivedPdf))).toContain(`华北报告店 月报 ${archived.period}`)
  const archivedXlsx = await downloaded(page, () =>
    archive.getByRole('link', { name: 'Excel' }).click(),
  )
  expect(archivedXlsx.suggestedFilename()).toBe(`RPT-E2E-monthly-${archived.period}.xlsx`)
  expect(await firstSheetName(await bytesOf(archivedXlsx))).toBe('关键指标')
  await shoot(page, 'archive-zh-CN')

  // This month's report on demand: previewed, then as PDF and Excel.
  await page.getByRole('tab', { name: '查看报告' }).click()
  await page.getByTestId('report-unit').click()
  await pickUnit(page, '华北报告店')
  await page.getByPlaceholder('期间').fill(month)
  await page.getByTestId('report-show').click()
  const view = page.getByTestId('report-view')
  await expect.poll(() => view.locator('h4').textContent()).toBe(`华北报告店 月报 ${month}`)
  // NPS 33.3 of 3 answers, as the report's data says.
  expect(await view.locator('.ant-table-row').first().textContent()).toMatch(/^NPS33\.3.*3/)
  const pdf = await downloaded(page, () => page.getByTestId('report-pdf').click())
  expect(pdf.suggestedFilename()).toBe(`RPT-E2E-monthly-${month}.pdf`)
  const text = pdfText(await bytesOf(pdf))
  expect(text).toContain(`华北报告店 月报 ${month}`)
  expect(text).toContain('33.3')
  const xlsx = await downloaded(page, () => page.getByRole('link', { name: '导出 Excel' }).click())
  expect(xlsx.suggestedFilename()).toBe(`RPT-E2E-monthly-${month}.xlsx`)
  expect(await firstSheetName(await bytesOf(xlsx))).toBe('关键指标')
  await shoot(page, 'report-zh-CN')

  // In English: the same report, the English file.
  await page.evaluate(() => localStorage.setItem('manyi.locale', 'en-US'))
  await page.goto(`${harness.server.url}/app/reports?tab=report`)
  await page.getByRole('tab', { name: 'Archive' }).waitFor()
  await page.getByTestId('report-unit').click()
  await pickUnit(page, 'North report store')
  await page.getByPlaceholder('Period').fill(month)
  await page.getByTestId('report-show').click()
  await expect
    .poll(() => view.locator('h4').textContent())
    .toBe(`North report store Monthly ${month}`)
  const english = await downloaded(page, () => page.getByTestId('report-pdf').click())
  expect(pdfText(await bytesOf(english))).toContain(`North report store Monthly report ${month}`)
  await shoot(page, 'report-en-US')
  await page.getByRole('tab', { name: 'Schedules' }).click()
  await expect
    .poll(() => page.getByRole('tabpanel').locator('table').textContent())
    .toContain('North report storeMonthly')
  await shoot(page, 'schedules-en-US')
  await page.getByRole('tab', { name: 'Archive' }).click()
  await expect
    .poll(() => page.getByRole('tabpanel').locator('table').textContent())
    .toContain(archived.period)
  await shoot(page, 'archive-en-US')

  // The survey's dashboard limited to the unit, as a PDF made on the server: the file holds the
  // figures the summary API answers for the very filters the page sent.
  await page.goto(`${harness.server.url}/app/surveys/${survey.id}?unit=${unit.id}`)
  const dashboardPdf = await downloaded(page, () =>
    page.getByRole('link', { name: /Download PDF/ }).click(),
  )
  const sent = new URL(dashboardPdf.url())
  expect(sent.pathname).toBe(`/api/v1/surveys/${survey.id}/summary/pdf`)
  expect(sent.searchParams.get('unit')).toBe(unit.id)
  expect(sent.searchParams.get('locale')).toBe('en-US')
  sent.searchParams.delete('locale')
  const summary = await api(cookie, 'GET', `/surveys/${survey.id}/summary?${sent.searchParams}`)
  expect(summary.totals.nps).toMatchObject({ n: 3, promoters: 2, detractors: 1 })
  // Three answers are too few for an interval: the dashboard and the PDF show none.
  const ci = summary.totals.nps.ci95 as [number, number] | null
  const interval = ci ? `${ci[0].toFixed(1)} – ${ci[1].toFixed(1)}` : '—'
  const dashboardText = pdfText(await bytesOf(dashboardPdf)).replace(/ +/g, ' ')
  for (const words of [
    'Store service survey dashboard',
    'Unit: North report store',
    'Answers: 3',
    `NPS 33.3 ${interval} 3`,
  ])
    expect(dashboardText).toContain(words)
  await shoot(page, 'dashboard-en-US')
  await page.evaluate(() => localStorage.setItem('manyi.locale', 'zh-CN'))
  await page.reload()
  const chinese = await downloaded(page, () => page.getByRole('link', { name: /下载 PDF/ }).click())
  expect(pdfText(await bytesOf(chinese)).replace(/ +/g, ' ')).toContain('单元: 华北报告店')
  await shoot(page, 'dashboard-zh-CN')

  // The home overview of the unit, as a PDF too.
  await page.goto(`${harness.server.url}/app/home?unit=${unit.id}`)
  const overviewPdf = await downloaded(page, () => page.getByTestId('overview-pdf').click())
  expect(new URL(overviewPdf.url()).searchParams.get('unit')).toBe(unit.id)
  const overviewText = pdfText(await bytesOf(overviewPdf)).replace(/ +/g, ' ')
  for (const words of ['首页概览', '单元: 华北报告店', '回答数: 3', '净推荐值 NPS 33.3'])
    expect(overviewText).toContain(words)
  await shoot(page, 'overview-zh-CN')
  await page.context().close()
}, 600_000)
