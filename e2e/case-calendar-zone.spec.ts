import { expect, it } from 'vitest'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

const harness = useE2eHarness()

it('the business calendar shows the organisation’s time zone, and keeps its own only when switched so', async () => {
  const page = await loggedInPage(harness.browser, harness.server.url)
  const caseConfig = async () =>
    (await page.request.get(`${harness.server.url}/api/v1/case-config`)).json()
  await page.goto(`${harness.server.url}/app/case-settings`)
  await expect
    .poll(() => page.getByTestId('calendar-zone').textContent())
    .toBe('时区：Asia/Shanghai（组织设置）')
  expect(await page.getByTestId('calendar-timezone').count()).toBe(0)

  // Switched to a zone of its own: asked for it, checked, saved, and shown as such.
  await page.getByTestId('calendar-own-zone').click()
  await page.getByTestId('calendar-timezone').fill('Mars/Olympus')
  await page.getByTestId('save-case-settings').click()
  await page.getByText('不是有效的时区名称，例如 Asia/Shanghai').waitFor()
  await page.getByTestId('calendar-timezone').fill('Asia/Tokyo')
  await page.getByTestId('save-case-settings').click()
  await expect.poll(async () => (await caseConfig()).calendar.ownTimezone).toBe(true)
  expect((await caseConfig()).calendar.timezone).toBe('Asia/Tokyo')
  await page.reload()
  await expect
    .poll(() => page.getByTestId('calendar-zone').textContent())
    .toBe('日历自有时区（与组织设置分开）')
  expect(await page.getByTestId('calendar-timezone').inputValue()).toBe('Asia/Tokyo')

  // Switched back: the organisation's zone again.
  await page.getByTestId('calendar-own-zone').click()
  await page.getByTestId('save-case-settings').click()
  await expect.poll(async () => (await caseConfig()).calendar.ownTimezone).toBe(false)
  expect((await caseConfig()).calendar.timezone).toBe('Asia/Shanghai')
  await page.context().close()
})
