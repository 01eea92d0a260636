import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { adminApi } from './admin-api.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// The admin page of commitments and waiting: the promises, kept/missed per unit with the Wilson
// interval, and each hall's waits (median, p90, mean with its interval), in zh-CN and en-US.

// E2E_WEB_DIR: serve an admin app built elsewhere (a private `vite build --outDir`).
const harness = useE2eHarness(process.env.E2E_WEB_DIR ? { webDir: process.env.E2E_WEB_DIR } : {})
const { apiSession, api } = adminApi(harness)
const shots = process.env.SHOTS_DIR ?? 'test-results/commitments-page'

async function shoot(page: Page, name: string) {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 })
    // Charts follow the new width on their next resize pass: wait until nothing is wider.
    await page.waitForFunction((w) => document.documentElement.scrollWidth <= w, width)
    await page.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: true })
  }
  await page.setViewportSize({ width: 1366, height: 900 })
}

it('shows promises, how units kept them and the waits at each hall', async () => {
  const cookie = await apiSession()
  await api(cookie, 'POST', '/commitments', {
    code: 'repair-page',
    serviceType: 'repair',
    title: { 'zh-CN': '抢修 30 分钟到达现场', 'en-US': 'Repairs: on site within 30 minutes' },
    startEvent: 'created',
    endEvent: 'arrived',
    clock: 'continuous',
    limit: 30,
  })
  const now = Date.now()
  const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString()
  // Four orders: three on site within 30 minutes, one after 40 (history: due over a week ago).
  const late = 8 * 24 * 60
  const events = [10, 20, 25, 40].flatMap((took, i) => [
    {
      eventId: `p${i}a`,
      orderRef: `P${i}`,
      serviceType: 'repair',
      type: 'created',
      occurredAt: ago(late + 60),
    },
    {
      eventId: `p${i}b`,
      orderRef: `P${i}`,
      serviceType: 'repair',
      type: 'arrived',
      occurredAt: ago(late + 60 - took),
    },
  ])
  await api(cookie, 'POST', '/service-events', { events })
  const hall = 'HALL-E2E'
  await api(cookie, 'POST', '/units', {
    code: hall,
    nameZh: '城东营业厅',
    nameEn: 'East hall',
    type: 'hall',
    parentId: null,
  })
  // Waits at the hall: 0, 4 and 8 minutes.
  const queue = [0, 4, 8].flatMap((wait, i) => [
    {
      eventId: `w${i}t`,
      unit: hall,
      type: 'taken',
      ticket: `A${i}`,
      occurredAt: ago(120 - i * 20),
    },
    {
      eventId: `w${i}c`,
      unit: hall,
      type: 'called',
      ticket: `A${i}`,
      counter: 'C1',
      occurredAt: ago(120 - i * 20 - wait),
    },
  ])
  await api(cookie, 'POST', '/queue-events', { events: queue })

  const page = await loggedInPage(harness.browser, harness.server.url)
  // The side menu leads to the page (under 服务补救).
  await page.getByTestId('nav-commitments').first().click()
  await page.getByTestId('commitments-page').waitFor()
  expect(new URL(page.url()).pathname).toBe('/app/commitments')
  await expect
    .poll(() => page.getByTestId('commitments-list').textContent())
    .toContain('抢修 30 分钟到达现场')
  const kept = page.getByTestId('commitments-performance')
  await expect.poll(() => kept.textContent()).toContain('合计')
  // 3 of 4 kept: 75%, Wilson 95% interval 30%–95%.
  expect(await kept.textContent()).toContain('75%')
  expect(await kept.textContent()).toContain('30%–95%')
  expect(await kept.textContent()).toContain('3 / 1 / 0')
  const waits = page.getByTestId('queue-waits')
  // Median 4.0, p90 8.0, mean 4.0 (sd 4: 4 ± 1.96·4/√3 = −0.5–8.5).
  await expect.poll(() => waits.textContent()).toContain('4.0 (-0.5–8.5)')
  expect(await waits.textContent()).toContain('城东营业厅')
  // Its waits by hour and weekday as charts: the hours the API grouped the tickets into (local
  // time of the organisation), every weekday, the median and the 90th percentile named.
  const grouped = (await api(cookie, 'GET', '/queue-waits')).units[0] as {
    byHour: Array<{ hour: number; n: number }>
  }
  expect(grouped.byHour.reduce((sum, h) => sum + h.n, 0)).toBe(3)
  const hourLabels = grouped.byHour.map((h) => `${String(h.hour).padStart(2, '0')}:00`)
  const byHour = page.getByTestId('wait-by-hour')
  await expect.poll(() => byHour.locator('svg').textContent()).toContain('等候中位数')
  for (const label of hourLabels) expect(await byHour.locator('svg').textContent()).toContain(label)
  expect(await byHour.locator('svg').textContent()).toContain('90 分位等候')
  const byWeekday = page.getByTestId('wait-by-weekday')
  await expect.poll(() => byWeekday.locator('svg').textContent()).toContain('周一')
  expect(await byWeekday.locator('svg').textContent()).toContain('周日')
  // No survey here carries a visit's ticket: the perceived-wait card says what it needs.
  await expect
    .poll(() => page.getByTestId('perceived-waits-empty').textContent())
    .toContain('需声明隐藏字段 ticket')
  // Both cards read the page's shared period (the default: the last 90 days) and name it.
  const period = async () => {
    const inputs = page.getByTestId('commitments-period').locator('.ant-picker input')
    const from = await inputs.first().inputValue()
    const to = await inputs.last().inputValue()
    return `${from} 至 ${to}`
  }
  const ninety = await period()
  expect(
    await page.getByTestId('commitments-performance-card').locator('.ant-card-head').textContent(),
  ).toBe(`兑现情况（${ninety}）`)
  expect(await page.getByTestId('queue-waits-card').locator('.ant-card-head').textContent()).toBe(
    `排队等候（${ninety}，分钟）`,
  )
  await shoot(page, 'commitments-zh-CN')

  // The last 7 days: both cards ask for the same 7 days, midnight to midnight on the
  // organisation's clock; the repair orders (8 days ago) fall out, the hall's waits stay.
  const asked = (path: string) =>
    page.waitForRequest(
      (r) => new URL(r.url()).pathname === `/api/v1${path}` && r.url().includes('from='),
    )
  const askedKept = asked('/commitments/performance')
  const askedWaits = asked('/queue-waits')
  await page.getByTestId('commitments-period').getByTestId('date-range-preset').click()
  await page.locator('.ant-select-dropdown:visible').getByTitle('近 7 天').click()
  const span = async (request: Promise<{ url(): string }>) => {
    const url = new URL((await request).url())
    return [url.searchParams.get('from')!, url.searchParams.get('to')!] as const
  }
  const [from, to] = await span(askedKept)
  expect(await span(askedWaits)).toEqual([from, to])
  expect(Date.parse(to) - Date.parse(from)).toBe(7 * 86_400_000)
  const week = await period()
  await expect
    .poll(() =>
      page.getByTestId('commitments-performance-card').locator('.ant-card-head').textContent(),
    )
    .toBe(`兑现情况（${week}）`)
  // The promise is listed with nothing kept or missed in the week.
  await expect.poll(() => kept.textContent()).toContain('合计——0 / 0 / 0')
  expect(await page.getByTestId('queue-waits-card').locator('.ant-card-head').textContent()).toBe(
    `排队等候（${week}，分钟）`,
  )
  await expect.poll(() => waits.textContent()).toContain('4.0 (-0.5–8.5)')
  // Back to the 90 days for what follows (the period is kept per person).
  await page.getByTestId('commitments-period').getByTestId('date-range-preset').click()
  await page.locator('.ant-select-dropdown:visible').getByTitle('近 90 天').click()
  await expect.poll(() => kept.textContent()).toContain('3 / 1 / 0')

  await page.evaluate(() => localStorage.setItem('manyi.locale', 'en-US'))
  await page.reload()
  await expect
    .poll(() => page.getByTestId('commitments-list').textContent())
    .toContain('Repairs: on site within 30 minutes')
  await expect
    .poll(() => page.getByTestId('commitments-performance').textContent())
    .toContain('All units')
  await expect
    .poll(() => page.getByTestId('wait-by-weekday').locator('svg').textContent())
    .toContain('Mon')
  expect(await page.getByTestId('wait-by-hour').locator('svg').textContent()).toContain(
    'Median wait',
  )
  expect(await page.getByTestId('perceived-waits-empty').textContent()).toContain(
    'a survey needs the hidden field ticket',
  )
  expect(
    await page.getByTestId('commitments-performance-card').locator('.ant-card-head').textContent(),
  ).toBe(`Kept (${ninety.replace(' 至 ', ' – ')})`)
  expect(await page.getByTestId('queue-waits-card').locator('.ant-card-head').textContent()).toBe(
    `Waiting (${ninety.replace(' 至 ', ' – ')}, minutes)`,
  )
  await shoot(page, 'commitments-en-US')

  // The public commitments page, no login: the promise and the hall's waits against it, 2 of the
  // 3 called within 5 minutes (67 %, Wilson 95 % interval 21–94 %, as the commitments' rates).
  await api(cookie, 'PUT', '/wait-promises', { unitId: null, minutes: 5, withinPercent: 80 })
  const org = (await api(cookie, 'GET', '/auth/me')).organisation.id as string
  const promises = await harness.browser.newPage()
  await promises.goto(`${harness.server.url}/commitments/${org}?lang=zh-CN`)
  expect(await promises.locator('section.promise h2').first().textContent()).toBe(
    '抢修 30 分钟到达现场',
  )
  const hallRow = promises.locator('section.waits tbody tr', { hasText: '城东营业厅' })
  expect((await hallRow.locator('td').allTextContents()).map((x) => x.trim())).toEqual([
    '城东营业厅80% 在 5 分钟内叫号',
    '67%95% 置信区间 21%–94%',
    '2 / 3',
  ])
  await shoot(promises, 'public-commitments-zh-CN')
  await promises.goto(`${harness.server.url}/commitments/${org}?lang=en-US`)
  expect(await promises.locator('section.waits h2').textContent()).toBe(
    'Waiting at our service halls',
  )
  const enRow = promises.locator('section.waits tbody tr', { hasText: 'East hall' })
  expect((await enRow.locator('td').allTextContents()).map((x) => x.trim())).toEqual([
    'East hall80% called within 5 min',
    '67%95% interval 21%–94%',
    '2 / 3',
  ])
  await shoot(promises, 'public-commitments-en-US')
  await promises.close()

  // The public current-wait page, no login: the three called tickets are still at the counters
  // (never served), so three counters are busy and, with no service measured, no estimate.
  const me = await api(cookie, 'GET', '/auth/me')
  const wait = await harness.browser.newPage()
  await wait.goto(`${harness.server.url}/wait/${me.organisation.id}?lang=zh-CN`)
  expect(await wait.locator('.hall').textContent()).toContain(
    '城东营业厅暂无法估算等候人数0开放窗口3',
  )
  await shoot(wait, 'wait-zh-CN')
  await wait.goto(`${harness.server.url}/wait/${me.organisation.id}?lang=en-US`)
  expect(await wait.locator('.hall h2').textContent()).toBe('East hall')
  await shoot(wait, 'wait-en-US')
  await wait.close()
  await page.context().close()
})
