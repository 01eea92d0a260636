import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { adminApi } from './admin-api.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// Appointments: a customer books a hall's slot on a phone-width public page (zh-CN), staff mark
// the arrival with the queue ticket on the admin page; both pages looked at in zh-CN and en-US
// at 1440 and 390 px. Unique names per attempt, so a retry on the same server books afresh.

const harness = useE2eHarness(process.env.E2E_WEB_DIR ? { webDir: process.env.E2E_WEB_DIR } : {})
const { apiSession, api } = adminApi(harness)
const shots = process.env.SHOTS_DIR ?? 'test-results/appointments'

async function shoot(page: Page, name: string, widths = [1440, 390]) {
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 })
    await page.waitForFunction((w) => document.documentElement.scrollWidth <= w, width)
    await page.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: true })
  }
}

it('books a slot on a phone and the arrival is marked by staff', async () => {
  const cookie = await apiSession()
  const attempt = Date.now().toString(36).slice(-5).toUpperCase()
  const hall = await api(cookie, 'POST', '/units', {
    code: `HALL-${attempt}`,
    nameZh: `预约营业厅${attempt}`,
    nameEn: `Booking hall ${attempt}`,
    type: 'hall',
    parentId: null,
  })
  // Every day, all day, so there is a free slot whenever the spec runs.
  const pattern = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
    weekday,
    from: '00:00',
    to: '23:30',
    slotMinutes: 30,
    capacity: 2,
  }))
  await api(cookie, 'PUT', `/appointments/units/${hall.id}`, {
    kind: 'hall',
    pattern,
    horizonDays: 2,
  })
  const me = await api(cookie, 'GET', '/auth/me')

  const phone = await harness.browser.newPage({ viewport: { width: 390, height: 844 } })
  await phone.goto(`${harness.server.url}/book/${me.organisation.id}?unit=${hall.id}&lang=en-US`)
  expect(await phone.locator('legend').textContent()).toContain(`Booking hall ${attempt}`)
  await shoot(phone, 'book-en-US')
  await phone.goto(`${harness.server.url}/book/${me.organisation.id}?unit=${hall.id}&lang=zh-CN`)
  await phone.locator('.slots label').first().click()
  await phone.locator('#name').fill(`预约客户${attempt}`)
  await phone.locator('#phone').fill('13800001234')
  await phone.locator('input[name=consent]').check()
  await shoot(phone, 'book-zh-CN', [390, 1440])
  await phone.setViewportSize({ width: 390, height: 844 })
  await phone.getByRole('button', { name: '提交预约' }).click()
  await phone.getByText('预约成功').first().waitFor()
  expect(await phone.locator('.card').getAttribute('data-status')).toBe('booked')
  expect(await phone.locator('.card').textContent()).toContain(`预约营业厅${attempt}`)
  await shoot(phone, 'booked-zh-CN', [390, 1440])
  await phone.goto(phone.url().replace('lang=zh-CN', 'lang=en-US'))
  await shoot(phone, 'booked-en-US', [390, 1440])
  await phone.close()

  const page = await loggedInPage(harness.browser, harness.server.url)
  await page.getByTestId('nav-appointments').first().click()
  await page.getByTestId('appointments-page').waitFor()
  const row = page.locator('tr', { hasText: `预约客户${attempt}` })
  await row.waitFor()
  expect(await row.textContent()).toContain('13800001234')
  await row.getByRole('textbox').fill(`A${attempt}`)
  await row.getByRole('button', { name: /到\s*达/ }).click()
  await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain('已到达')
  expect(await row.textContent()).toContain(`A${attempt}`)
  const booking = (await api(cookie, 'GET', '/appointments/bookings')).bookings.find(
    (b: { name: string }) => b.name === `预约客户${attempt}`,
  )
  expect(booking).toMatchObject({ status: 'arrived', ticket: `A${attempt}` })
  // The customer reads out the code (in lower case, with a space): the list shows that booking.
  const spoken = `${booking.code.slice(0, 3)} ${booking.code.slice(3)}`.toLowerCase()
  await page.getByTestId('appointment-code-search').locator('input').fill(spoken)
  await page.getByTestId('appointment-code-search').locator('input').press('Enter')
  await expect
    .poll(
      () =>
        page
          .locator('[data-booking]')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-booking'))),
      {
        timeout: 15_000,
      },
    )
    .toEqual([booking.id])
  // The title says what the list holds: that code's bookings, whatever their date.
  const bookingsTitle = page
    .getByTestId('appointment-bookings-card')
    .locator('.ant-card-head-title')
  expect(await bookingsTitle.textContent()).toBe(`预约码 ${booking.code} 的预约（不限日期）`)
  await shoot(page, 'appointments-zh-CN')
  await page.evaluate(() => localStorage.setItem('manyi.locale', 'en-US'))
  await page.reload()
  await expect
    .poll(() => page.getByTestId('appointment-bookings').textContent(), { timeout: 15_000 })
    .toContain('Arrived')
  expect(await bookingsTitle.textContent()).toBe('Bookings (yesterday and the next 14 days)')
  await page.getByTestId('appointment-code-search').locator('input').fill(booking.code)
  await page.getByTestId('appointment-code-search').locator('input').press('Enter')
  await expect
    .poll(() => bookingsTitle.textContent())
    .toBe(`Bookings with code ${booking.code} (any date)`)
  await page.getByTestId('appointment-code-search').locator('input').fill('0000')
  await page.getByTestId('appointment-code-search').locator('input').press('Enter')
  await page.getByTestId('appointment-code-error').waitFor()
  expect(await page.getByTestId('appointment-code-error').textContent()).toBe(
    'A booking code has 6 characters, digits 0–9 and letters A–F',
  )
  await shoot(page, 'appointments-en-US')
  await page.context().close()
}, 150_000)
