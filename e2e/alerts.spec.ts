import { mkdirSync } from 'node:fs'
import { expect, it } from 'vitest'
import { runAlertEvaluation } from '../src/alerts/alert.service.js'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'
import { createUnit } from '../src/units/unit.service.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// The alerts page in a browser, on answers made here: 24 answers at a store this month; the
// evaluation is run as of the 16th of next month (Shanghai), when the store has had none for half
// a month — a fall in answer volume. The administrator subscribes on the page, is told on the bell,
// opens the alert and reads its evidence; screenshots in both languages at 1440 and 390 px wide
// (SHOTS_DIR, default test-results/alerts).

const harness = useE2eHarness()
const DAY = 86_400_000
const shots = process.env.SHOTS_DIR ?? 'test-results/alerts'

it('tells a subscriber of a fall in answers on the bell and shows its evidence', async () => {
  mkdirSync(shots, { recursive: true })
  const { store, url } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now() - DAY))!
  const region = await createUnit(scope, {
    code: 'E2E-AR',
    nameZh: '东区',
    nameEn: 'East region',
    type: 'region',
  })
  await createUnit(scope, {
    code: 'E2E-AS1',
    nameZh: '滨江门店',
    nameEn: 'Riverside store',
    type: 'store',
    parentId: region.id,
  })
  const survey = await publishSurvey(
    scope,
    (
      await createSurvey(scope, {
        title: { 'zh-CN': '门店满意度', 'en-US': 'Store satisfaction' },
        questions: [
          { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿', 'en-US': 'Recommend' } },
        ],
      })
    ).id,
  )
  for (let k = 0; k < 24; k++) {
    const res = await fetch(`${url}/api/v1/public/surveys/${survey.slug}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        answers: { nps: 9 },
        clientResponseId: `e2e-alerts-${k}`,
        segments: { unit: 'E2E-AS1' },
      }),
    })
    expect(res.status).toBe(201)
  }

  const page = await loggedInPage(harness.browser, url)
  const created = await page.evaluate(
    async (unitId) =>
      (
        await fetch('/api/v1/alert-rules', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            name: '门店答卷量骤降',
            kind: 'volume_fall',
            unitId,
            eachChild: true,
            params: { minFall: 0.5, minAnswers: 20 },
          }),
        })
      ).status,
    region.id,
  )
  expect(created).toBe(201)
  await page.goto(`${url}/app/alerts`)
  await page.getByRole('tab', { name: '我的订阅' }).click()
  await page.getByTestId('subscribe-add').click()
  await expect.poll(() => page.getByText('全部规则 · 我可见的全部单元').count()).toBe(1)

  // The 16th of next month, 00:00 in Shanghai.
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' })
    .format(new Date())
    .split('-')
    .map(Number) as [number, number]
  const later = Date.UTC(y, m, 16) - 8 * 3_600_000
  const report = await runAlertEvaluation(store, later)
  expect(report.fired).toBe(1)

  await page.reload()
  await page.getByTestId('notification-bell').click()
  const told = page.getByTestId('notification-alert_fired')
  await told.waitFor()
  expect(await told.textContent()).toContain('预警「门店答卷量骤降」：滨江门店')
  expect(await told.textContent()).toContain('答卷量骤降，0（此前 24）')
  await told.click()
  await page.getByTestId('alert-drawer').waitFor()
  await expect.poll(() => page.getByTestId('alert-value').first().textContent()).toBe('0')
  await page.screenshot({ path: `${shots}/alerts-drawer-zh-CN-1440.png`, fullPage: true })

  for (const locale of ['zh-CN', 'en-US'] as const) {
    for (const width of [1440, 390]) {
      const context = await harness.browser.newContext({
        viewport: { width, height: 900 },
        locale,
      })
      await context.addCookies(await page.context().cookies())
      const p = await context.newPage()
      await p.addInitScript((l) => localStorage.setItem('manyi.locale', l), locale)
      await p.goto(`${url}/app/alerts`)
      await p
        .getByText(locale === 'zh-CN' ? '滨江门店' : 'Riverside store')
        .first()
        .waitFor()
      await p.screenshot({ path: `${shots}/alerts-${locale}-${width}.png`, fullPage: true })
      await p.getByRole('tab', { name: locale === 'zh-CN' ? '预警规则' : 'Alert rules' }).click()
      await expect
        .poll(async () => (await p.locator('.alert-rules-table').textContent()) ?? '', {
          timeout: 30_000,
        })
        .toContain('门店答卷量骤降')
      await p.screenshot({ path: `${shots}/alert-rules-${locale}-${width}.png`, fullPage: true })
      await p
        .getByRole('tab', { name: locale === 'zh-CN' ? '我的订阅' : 'My subscriptions' })
        .click()
      await p.getByTestId('settings-save').waitFor()
      await p.screenshot({ path: `${shots}/alert-mine-${locale}-${width}.png`, fullPage: true })
      await context.close()
    }
  }
}, 420_000)
