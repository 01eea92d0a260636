import { expect, it } from 'vitest'
import { createUser } from '../src/auth/auth.service.js'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'
import { setMembershipUnits } from '../src/units/unit-membership.service.js'
import { createUnit } from '../src/units/unit.service.js'
import { useE2eHarness } from './harness.js'
import { watchPage } from './journey-checks.js'
import { loggedInPage } from './login.js'

const harness = useE2eHarness()
const DAY = 86_400_000
const SHOTS = process.env.SHOTS_DIR ?? 'test-results'
const LEAD = { email: 'east-lead@e2e.local', password: 'east-lead-password-1' }

it('a regional supervisor limits a survey’s dashboard to one of their own units, and only theirs', async () => {
  const { store, url } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now() - DAY))!
  const ids = new Map<string, string>()
  for (const [code, zh, en, parent] of [
    ['DU-EAST', '华东区', 'East region', null],
    ['DU-NJR', '南京路店', 'Nanjing Rd store', 'DU-EAST'],
    ['DU-WLK', '西湖店', 'West Lake store', 'DU-EAST'],
    ['DU-NORTH', '华北区', 'North region', null],
  ] as const) {
    const unit = await createUnit(scope, {
      code,
      nameZh: zh,
      nameEn: en,
      parentId: parent ? ids.get(parent)! : null,
    })
    ids.set(code, unit.id)
  }
  const survey = await publishSurvey(
    scope,
    (
      await createSurvey(scope, {
        title: { 'zh-CN': '门店推荐度', 'en-US': 'Store recommendation' },
        questions: [
          { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿', 'en-US': 'Recommend us?' } },
        ],
      })
    ).id,
  )
  // Nanjing Rd 10, 9; West Lake 3; North 0 (our own answers).
  let k = 0
  for (const [unit, nps] of [
    ['DU-NJR', 10],
    ['DU-NJR', 9],
    ['DU-WLK', 3],
    ['DU-NORTH', 0],
  ] as const) {
    const res = await fetch(`${url}/api/v1/public/surveys/${survey.slug}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        answers: { nps },
        clientResponseId: `e2e-dash-unit-${k++}`,
        segments: { unit },
      }),
    })
    expect(res.status).toBe(201)
  }
  const userId = await createUser(
    { db: store.db, orgId: scope.orgId },
    { email: LEAD.email, displayName: '华东区主管', password: LEAD.password, role: 'supervisor' },
    Date.now(),
  )
  await setMembershipUnits(scope, userId, { unitIds: [ids.get('DU-EAST')!] })

  const page = await loggedInPage(harness.browser, url, { as: LEAD })
  page.setDefaultTimeout(30_000)
  const problems: string[] = []
  watchPage(page, 'dashboard-unit', problems)
  const summaryOf = (unit: string | null) =>
    page.waitForResponse(
      (r) =>
        r.url().includes(`/api/v1/surveys/${survey.id}/summary`) &&
        (unit === null ? !r.url().includes('unit=') : r.url().includes(`unit=${unit}`)),
    )
  const all = summaryOf(null)
  await page.goto(`${url}/app/surveys/${survey.id}`)
  // Without a unit, the supervisor's own region: 10, 9, 3.
  expect((await (await all).json()).totals.nps).toMatchObject({ n: 3, promoters: 2, detractors: 1 })
  await page.getByTestId('unit-filter').click()
  const options = page.locator('.ant-select-dropdown:visible [data-testid^="unit-option-"]')
  await expect
    .poll(() => options.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid'))))
    .toEqual(['unit-option-DU-EAST', 'unit-option-DU-NJR', 'unit-option-DU-WLK'])
  const store1 = summaryOf(ids.get('DU-NJR')!)
  await page.getByTestId('unit-option-DU-NJR').click()
  expect((await (await store1).json()).totals.nps).toMatchObject({ n: 2, promoters: 2, nps: 100 })
  expect(new URL(page.url()).searchParams.get('unit')).toBe(ids.get('DU-NJR'))
  await page.screenshot({ path: `${SHOTS}/dashboard-unit-zh-CN-1366.png`, fullPage: true })

  // A reload keeps the unit; in English, on a phone.
  await page.evaluate(() => localStorage.setItem('manyi.locale', 'en-US'))
  await page.setViewportSize({ width: 390, height: 844 })
  const reloaded = summaryOf(ids.get('DU-NJR')!)
  await page.reload()
  expect((await (await reloaded).json()).totals.nps).toMatchObject({ n: 2 })
  await expect
    .poll(() => page.getByTestId('unit-filter').textContent())
    .toContain('Nanjing Rd store')
  await page.screenshot({ path: `${SHOTS}/dashboard-unit-en-US-390.png`, fullPage: true })

  // Another region's unit in the address is refused by the server, not shown.
  const refused = await page.request.get(
    `${url}/api/v1/surveys/${survey.id}/summary?unit=${ids.get('DU-NORTH')}`,
  )
  expect(refused.status()).toBe(404)
  expect((await refused.json()).error.code).toBe('UNIT_NOT_FOUND')
  expect(problems).toEqual([])
})
