import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { useE2eHarness } from './harness.js'
import { loggedInPage, zoneOnAnotherDate } from './login.js'

const harness = useE2eHarness()

async function answerOnPhone(link: string, nps: number, comment: string): Promise<string> {
  const phone = await harness.browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    locale: 'zh-CN',
    javaScriptEnabled: false,
  })
  const page = await phone.newPage()
  await page.goto(link)
  await page.locator(`input[name="nps"][value="${nps}"]`).check({ force: true })
  await page.locator('input[name="csat"][value="4"]').check({ force: true })
  await page.locator('textarea[name="comment"]').fill(comment)
  expect(await page.locator('input[name="kano.functional"]').count()).toBe(5)
  if (nps === 0)
    await page.screenshot({ path: 'test-results/survey-page-mobile.png', fullPage: true })
  await page.getByRole('button', { name: '提交' }).click()
  const heading = (await page.locator('h1').textContent()) ?? ''
  await phone.close()
  return heading
}

async function dashboardFigures(
  page: Page,
): Promise<{ responses: string; nps: string; n: string }> {
  await page.reload()
  await page.getByTestId('metric-nps').waitFor()
  return {
    responses:
      (await page
        .getByTestId('metric-responses')
        .locator('.ant-statistic-content')
        .textContent()) ?? '',
    nps:
      (await page.getByTestId('metric-nps').locator('.ant-statistic-content').textContent()) ?? '',
    n: (await page.getByTestId('metric-nps-n').textContent()) ?? '',
  }
}

it('creates and publishes a survey, answers it on a phone, and sees the dashboard change', async () => {
  // The administrator's browser is in a time zone on another date than the organisation's.
  const page = await loggedInPage(harness.browser, harness.server.url, {
    timezoneId: zoneOnAnotherDate(),
  })

  await page.getByRole('button', { name: /新建问卷/ }).click()
  await page.getByTestId('title-zh').fill('端到端测试问卷')
  await page.getByTestId('title-en').fill('End-to-end survey')
  // One more question of another type: a Kano pair, with its two questions prefilled.
  await page.getByTestId('add-question-type').click()
  await page.getByTitle('Kano 正反向问题').click()
  expect(await page.getByLabel('正向问题（中文）').inputValue()).toBe(
    '如果提供该功能，您觉得如何？',
  )
  await page.getByTestId('save-survey').click()
  await page.getByTestId('publish').click()
  const link = await page.getByTestId('public-link').inputValue()
  expect(link).toMatch(new RegExp(`^${harness.server.url}/s/[a-z0-9]{10}$`))

  expect(await dashboardFigures(page)).toEqual({ responses: '0', nps: '—', n: 'n = 0' })

  expect(await answerOnPhone(link, 0, '等了很久才有人接待')).toBe('感谢您的反馈！')
  expect(await dashboardFigures(page)).toEqual({ responses: '1', nps: '-100.0', n: 'n = 1' })

  expect(await answerOnPhone(link, 10, '服务很好')).toBe('感谢您的反馈！')
  const after = await dashboardFigures(page)
  expect(after).toEqual({ responses: '2', nps: '0.0', n: 'n = 2' })
  await expect.poll(() => page.getByTestId('comments').textContent()).toContain('服务很好')
  // Both answers came in today through one channel: no day-to-day chart and no channel comparison yet.
  expect(await page.getByTestId('detractor-control').count()).toBe(0)
  // Answers collected elsewhere come in from a file; a bad row is reported by row and column.
  await page.locator('input[type=file]').setInputFiles({
    name: 'offline.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('nps,comment\n12,太贵\n'),
  })
  await expect
    .poll(() => page.getByTestId('import-report').textContent())
    .toBe('已导入 0 条，重复 0 条，无效 1 条（共 1 行）')
  expect(
    await page.getByRole('cell', { name: 'must be a whole number from 0 to 10, got 12' }).count(),
  ).toBe(1)

  // Filtering by the one channel the answers came through keeps both; channels are named in words.
  await page.getByTestId('channel-filter').click()
  await page.getByTitle('公开链接').click()
  await expect
    .poll(() =>
      page.getByTestId('metric-responses').locator('.ant-statistic-content').textContent(),
    )
    .toBe('2')
  await page.waitForTimeout(500) // let the charts finish their first paint
  await page.screenshot({ path: 'test-results/dashboard.png', fullPage: true })

  // The same dashboard in English.
  await page.getByTestId('switch-language').click()
  await expect
    .poll(() => page.getByTestId('metric-nps').textContent())
    .toContain('Fewer than 30 answers')
  await page.context().close()

  const stored = await harness.server.store.db
    .selectFrom('responses')
    .select(['nps', 'csat', 'comment'])
    .orderBy('submitted_at')
    .execute()
  expect(stored).toEqual([
    { nps: 0, csat: 4, comment: '等了很久才有人接待' },
    { nps: 10, csat: 4, comment: '服务很好' },
  ])
})
