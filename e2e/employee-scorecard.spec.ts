import { mkdirSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { createUser } from '../src/auth/auth.service.js'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { loadDemoEmployees } from '../src/demo/demo-employees.js'
import { loadDemoUnits } from '../src/demo/demo-units.js'
import { createSurvey, listSurveys, publishSurvey } from '../src/surveys/survey.service.js'
import { setMembershipUnits } from '../src/units/unit-membership.service.js'
import { adminApi } from './admin-api.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// Issue 19: the answer-based scorecard of an employee who does not sign in (a technician), read by
// the supervisor of their hall from the employees page — the view the employee's self-service
// shows, with n, the raw figure and its 95% interval beside the one shrunk toward the unit mean —
// while the supervisor of the sibling hall gets no link and "not found" (the API answers 404).
// Demo employees and answers; screenshots zh-CN and en-US at 1440 and 390 px (SHOTS_DIR).

const harness = useE2eHarness()
const shots = process.env.SHOTS_DIR ?? 'test-results/employee-scorecard'

interface Figure {
  n: number
  raw: number | null
  shrunk: number | null
  rawCi95: [number, number] | null
}

it('a hall supervisor reads a technician’s scorecard; the sibling hall’s supervisor cannot', async () => {
  mkdirSync(shots, { recursive: true })
  const { url, store } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  await loadDemoUnits(scope)
  if (!(await listSurveys(scope)).some((s) => s.title['zh-CN'] === '门店服务满意度调查')) {
    const survey = await createSurvey(scope, {
      title: { 'zh-CN': '门店服务满意度调查', 'en-US': 'Store service satisfaction' },
      defaultLocale: 'zh-CN',
      questions: [
        { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' }, required: true },
        { key: 'csat', type: 'csat', title: { 'zh-CN': '满意' } },
        { key: 'ces', type: 'ces', title: { 'zh-CN': '省力' } },
      ],
    })
    await publishSurvey(scope, survey.id)
  }
  await loadDemoEmployees(scope, 'Asia/Shanghai')
  const { apiSession, api } = adminApi(harness)
  const admin = await apiSession()
  const units = (await api(admin, 'GET', '/units')).units as Array<{ id: string; code: string }>
  const hall = (code: string) => units.find((u) => u.code === code)!.id
  const staff = (await api(admin, 'GET', '/employees')).employees as Array<{
    id: string
    code: string
  }>
  const t01 = staff.find((e) => e.code === 'DL-T01')!
  // The figures the page must show, as the server computes them for the administrator.
  const card = await api(admin, 'GET', `/employees/${t01.id}/scorecard?minN=5`)
  const csat = card.outcomes.csat as Figure
  expect(csat.n).toBe(48)
  expect(card.outcomes.employee.name).toBe('张建国')

  // Two supervisors, each limited to one hall (a retry on the same server makes new ones).
  const run = Date.now().toString(36)
  const supervisor = async (code: string, name: string) => {
    const as = { email: `${code}-${run}@e2e.local`, password: 'hall-lead-pass-1' }
    const id = await createUser(
      { db: store.db, orgId: scope.orgId },
      { ...as, displayName: name, role: 'supervisor' },
      Date.now(),
    )
    await setMembershipUnits(scope, id, { unitIds: [hall(code)] })
    return as
  }
  const dongling = await supervisor('530100', '东陵主管')
  const other = await supervisor('530200', '南片主管')

  const page = await loggedInPage(harness.browser, url, { as: dongling })
  for (const locale of ['zh-CN', 'en-US'] as const)
    for (const width of [1440, 390]) {
      const context = await harness.browser.newContext({ viewport: { width, height: 900 }, locale })
      await context.addCookies(await page.context().cookies())
      const p = await context.newPage()
      await p.addInitScript((l) => localStorage.setItem('manyi.locale', l), locale)
      await p.goto(`${url}/app/employees`)
      const link = p.getByTestId('employee-scorecard-DL-T01')
      await link.waitFor()
      expect(await link.textContent()).toBe('张建国')
      await p.screenshot({ path: `${shots}/employees-${locale}-${width}.png`, fullPage: true })
      await link.click()
      await checkCard(p, locale, csat, card.outcomes.nps as Figure)
      await p.screenshot({ path: `${shots}/scorecard-${locale}-${width}.png`, fullPage: true })
      await context.close()
    }
  await page.context().close()

  // The sibling hall's supervisor: no link on the list, "not found" on the address, 404 from the API.
  const outsider = await loggedInPage(harness.browser, url, { as: other })
  await outsider.goto(`${url}/app/employees`)
  await outsider.getByTestId('employee-scorecard-NP-T01').waitFor()
  expect(await outsider.getByTestId('employee-scorecard-DL-T01').count()).toBe(0)
  await outsider.goto(`${url}/app/employees/${t01.id}/scorecard`)
  await outsider.getByTestId('employee-scorecard-none').waitFor()
  expect(await outsider.locator('body').textContent()).toContain(
    '没有这名员工，或其不在您可查看的单元内。',
  )
  expect(await outsider.locator('body').textContent()).not.toContain('张建国')
  const refused = await outsider.evaluate(
    async (id) => (await fetch(`/api/v1/employees/${id}/scorecard`)).status,
    t01.id,
  )
  expect(refused).toBe(404)
  await outsider.screenshot({ path: `${shots}/scorecard-refused-zh-CN.png`, fullPage: true })
  await outsider.context().close()
}, 240_000)

async function checkCard(p: Page, locale: 'zh-CN' | 'en-US', csat: Figure, nps: Figure) {
  const outcomes = p.getByTestId('scorecard-outcomes')
  await outcomes.waitFor()
  const title =
    locale === 'zh-CN' ? '员工服务评价 · DL-T01 · 张建国' : 'Service ratings · DL-T01 · 张建国'
  expect(await outcomes.locator('.ant-card-head-title').textContent()).toBe(title)
  const rows = p.getByTestId('my-scorecard-figures').locator('tbody tr.ant-table-row')
  await expect.poll(() => rows.count()).toBe(3)
  const cells = async (i: number) =>
    (await rows.nth(i).locator('td').allTextContents()).map((s) => s.trim())
  const [lo, hi] = csat.rawCi95!
  expect(await cells(0)).toEqual([
    'CSAT (1–5)',
    '48',
    `${csat.raw!.toFixed(2)} (${lo.toFixed(2)}–${hi.toFixed(2)})`,
    csat.shrunk!.toFixed(2),
  ])
  expect((await cells(1)).slice(0, 2)).toEqual(['NPS', String(nps.n)])
  expect((await cells(1))[3]).toBe(nps.shrunk === null ? '—' : nps.shrunk.toFixed(0))
  const overflow = await p.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  )
  expect(overflow).toBeLessThanOrEqual(0)
}
