import { mkdirSync } from 'node:fs'
import { expect, it } from 'vitest'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// The case settings page's per-kind switches and SLAs (issue 20): the administrator turns praise
// work items off, sets the inquiry SLA and switches status notices to customers, saves, and the
// configuration API reads them back; switched back afterwards, so the spec runs again on the same
// server. Screenshots of the page in both languages at 1440 and 390 px when SHOTS_DIR is set.

const harness = useE2eHarness()
// Screenshots (both widths) only when SHOTS_DIR is set: the page is tall and full-page shots slow.
const shots = process.env.SHOTS_DIR

it('sets each kind’s work items on or off and its SLA, saved through the config API', async () => {
  if (shots) mkdirSync(shots, { recursive: true })
  const url = harness.server.url
  const page = await loggedInPage(harness.browser, url)
  const caseConfig = async () => (await page.request.get(`${url}/api/v1/case-config`)).json()
  const before = await caseConfig()
  await page.goto(`${url}/app/case-settings`)
  const card = page.getByTestId('work-item-kinds')
  await card.waitFor()
  expect(await card.textContent()).toContain('咨询、建议与表扬工单')
  const praiseOn = page.getByTestId('kind-praise-on')
  expect(await praiseOn.getAttribute('aria-checked')).toBe(String(before.rules.praise))
  expect(await page.getByTestId('kind-inquiry-first').inputValue()).toBe(
    String(before.kindSla.inquiry.firstResponseMinutes),
  )

  // A first response within 45 working minutes (or 46 if that is what is stored already).
  const first = before.kindSla.inquiry.firstResponseMinutes === 45 ? 46 : 45
  await praiseOn.click()
  await page.getByTestId('kind-inquiry-first').fill(String(first))
  await page.getByTestId('kind-suggestion-resolve').fill('3240')
  await page.getByTestId('status-notices').click()
  await page.getByTestId('save-case-settings').click()
  await expect.poll(async () => (await caseConfig()).rules.praise).toBe(!before.rules.praise)
  const after = await caseConfig()
  expect(after.kindSla.inquiry).toEqual({
    firstResponseMinutes: first,
    resolutionMinutes: before.kindSla.inquiry.resolutionMinutes,
  })
  expect(after.kindSla.suggestion.resolutionMinutes).toBe(3240)
  expect(after.statusNotices).toBe(!before.statusNotices)
  // Nothing else the form shows was changed by the save.
  expect(after.rules.inquiries).toBe(before.rules.inquiries)
  expect(after.sla).toEqual(before.sla)
  await page.reload()
  await card.waitFor()
  expect(await praiseOn.getAttribute('aria-checked')).toBe(String(!before.rules.praise))

  for (const locale of ['zh-CN', 'en-US'] as const)
    for (const width of shots ? [1440, 390] : [1440]) {
      const context = await harness.browser.newContext({ viewport: { width, height: 900 }, locale })
      await context.addCookies(await page.context().cookies())
      const p = await context.newPage()
      await p.addInitScript((l) => localStorage.setItem('manyi.locale', l), locale)
      await p.goto(`${url}/app/case-settings`)
      const kinds = p.getByTestId('work-item-kinds')
      await kinds.waitFor()
      const text = (await kinds.textContent()) ?? ''
      if (locale === 'en-US') {
        expect(text).toContain('Inquiries, suggestions and praise as work items')
        expect(text).not.toMatch(/[\u4e00-\u9fff]|workItem/)
        expect(await p.locator('body').textContent()).toContain(
          'Tell customers when their case is accepted',
        )
      } else expect(text).toContain('生成工单')
      if (shots) {
        await kinds.scrollIntoViewIfNeeded()
        await p.screenshot({ path: `${shots}/case-kinds-${locale}-${width}.png`, fullPage: true })
        await kinds.screenshot({ path: `${shots}/case-kinds-card-${locale}-${width}.png` })
      }
      await context.close()
    }

  // Back as it was.
  await page.getByTestId('kind-praise-on').click()
  await page
    .getByTestId('kind-inquiry-first')
    .fill(String(before.kindSla.inquiry.firstResponseMinutes))
  await page
    .getByTestId('kind-suggestion-resolve')
    .fill(String(before.kindSla.suggestion.resolutionMinutes))
  await page.getByTestId('status-notices').click()
  await page.getByTestId('save-case-settings').click()
  await expect.poll(async () => (await caseConfig()).rules.praise).toBe(before.rules.praise)
  expect((await caseConfig()).kindSla).toEqual(before.kindSla)
  expect((await caseConfig()).statusNotices).toBe(before.statusNotices)
  await page.context().close()
}, 120_000)
