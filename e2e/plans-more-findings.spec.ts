import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { createUser } from '../src/auth/auth.service.js'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { importResponses } from '../src/responses/response-import.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'
import { setTarget } from '../src/targets/target.service.js'
import { createUnit } from '../src/units/unit.service.js'
import { clickChartMark } from './chart-mark.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'
import { chooseWorkbenchMethod, setWorkbenchField, uploadToWorkbench } from './workbench-pick.js'

// More findings become action plans in one click, like the Pareto bar and the IPA point: a key
// driver of the workbench, a signal of the dashboard's control chart and a unit off its target on
// the league page each open the plan form filled in, with the figures attached as evidence.

const harness = useE2eHarness()
const DAY = 86_400_000
const SHOTS = process.env.SHOTS_DIR

/** Picks an option of the open select's drop-down (antd also renders hidden options for screen readers). */
async function pickOption(page: Page, text: string): Promise<void> {
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text })
    .first()
    .click()
}

/** Fills the rest of the plan form (root cause, owner, deadline) and saves it. */
async function savePlan(page: Page, rootCause: string): Promise<string> {
  await page.getByTestId('plan-root-cause').fill(rootCause)
  await page.getByTestId('plan-owner').click()
  await pickOption(page, '王芳')
  await page.getByTestId('plan-due').click()
  await page.getByTestId('plan-due').fill('2030-12-31')
  await page.keyboard.press('Enter')
  await page.getByRole('button', { name: /保\s*存/ }).click()
  const drawer = page.getByTestId('plan-drawer')
  await drawer.getByTestId('plan-evidence').waitFor()
  return (await drawer.getByTestId('plan-evidence').textContent()) ?? ''
}

/** Today's month on the organisation's (Shanghai) calendar. */
function shanghaiMonth(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' })
    .format(new Date())
    .slice(0, 7)
}

it('makes plans from a key driver, a control-chart signal and a unit off its target', async () => {
  const { store, url } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now() - DAY))!
  await createUser(
    { db: store.db, orgId: scope.orgId },
    {
      email: 'findings-owner@e2e.local',
      password: 'queue-window-pass-78',
      displayName: '王芳',
      role: 'supervisor',
    },
    Date.now(),
  )
  const admin = await loggedInPage(harness.browser, url)

  // The workbench's key drivers of mtcars' mpg: the widest bar is hp, 29.797% of R², first of 4.
  await admin.getByTestId('nav-analyses').click()
  await chooseWorkbenchMethod(admin, '关键驱动因素')
  await uploadToWorkbench(admin, 'src/analytics/__fixtures__/mtcars.csv')
  await setWorkbenchField(admin, 'outcome', 'mpg')
  await setWorkbenchField(admin, 'predictors', 'cyl,disp,hp,gear')
  await admin.getByTestId('run-analysis').click()
  const driverStrip = admin.getByTestId('finding-strip')
  await clickChartMark(admin, 'driver-bars', ['#1677ff', 'rgb(22,119,255)'], driverStrip, 'widest')
  await expect.poll(() => driverStrip.textContent()).toContain('hp：占 R² 的 29.797%（第 1 / 4）')
  await driverStrip.getByTestId('plan-from-finding').click()
  await admin.waitForURL('**/app/plans?draft=*')
  expect(await admin.getByTestId('plan-title').inputValue()).toBe('改善关键驱动因素“hp”')
  expect(await admin.getByTestId('plan-problem').inputValue()).toBe(
    '关键驱动因素分析中，“hp”解释了满意度方差（R²）的 29.797%，在 4 个因素中排第 1。',
  )
  const driverEvidence = await savePlan(admin, '发动机功率不足')
  expect(driverEvidence).toContain('关键驱动因素 · hp')
  expect(driverEvidence).toContain('占比 % 29.797 · 排名 1 · 因素数 4')

  // The workbench's IPA of mtcars (cyl, disp, hp against mpg): a point picked makes a plan whose
  // evidence leads back to the workbench, /app/analyses (an address the admin app has).
  await admin.goto(`${url}/app/analyses`)
  await chooseWorkbenchMethod(admin, '重要性–绩效分析（IPA）')
  await uploadToWorkbench(admin, 'src/analytics/__fixtures__/mtcars.csv')
  await setWorkbenchField(admin, 'attributes', 'cyl,disp,hp')
  await setWorkbenchField(admin, 'outcome', 'mpg')
  await admin.getByTestId('run-analysis').click()
  const ipaStrip = admin.getByTestId('finding-strip')
  await clickChartMark(
    admin,
    'ipa-quadrants',
    [
      '#f04438',
      'rgb(240,68,56)',
      '#12b76a',
      'rgb(18,183,106)',
      '#98a2b3',
      'rgb(152,162,179)',
      '#fdb022',
      'rgb(253,176,34)',
    ],
    ipaStrip,
  )
  await expect.poll(() => ipaStrip.textContent()).toMatch(/^(cyl|disp|hp): 重要性 /)
  const attribute = (await ipaStrip.textContent())!.split(':')[0]!
  await ipaStrip.getByTestId('plan-from-finding').click()
  await admin.waitForURL('**/app/plans?draft=*')
  expect(await admin.getByTestId('plan-title').inputValue()).toBe(`提升“${attribute}”表现`)
  expect(await savePlan(admin, '功率与油耗权衡')).toContain(`IPA 象限 · ${attribute} · 重要性 `)
  await admin.getByTestId('plan-drawer').getByRole('link', { name: '打开原图' }).click()
  await admin.waitForURL(`${url}/app/analyses`)
  await admin.getByTestId('analysis-method').waitFor()

  // A survey's daily detractor share: about one in ten for three weeks, then eight in ten on a
  // day five days ago — beyond the upper limit, the chart's latest signal.
  const survey = await publishSurvey(
    scope,
    (
      await createSurvey(scope, {
        title: { 'zh-CN': '报修回访', 'en-US': 'Repair follow-up' },
        questions: [
          { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿', 'en-US': 'Recommend' } },
        ],
      })
    ).id,
  )
  const rows: string[][] = []
  const signalDay = new Date(Date.now() - 5 * DAY)
  for (let d = 25; d >= 2; d--) {
    const when = new Date(Date.now() - d * DAY)
    for (let i = 0; i < 10; i++) {
      const detractor = d === 5 ? i < 8 : i === 0
      rows.push([detractor ? '3' : '9', when.toISOString()])
    }
  }
  expect(
    await importResponses(
      scope,
      survey.id,
      { file: 'repair.csv', headers: ['nps', 'time'], rows },
      { channel: 'link', submittedAtColumn: 'time' },
    ),
  ).toMatchObject({ imported: 240 })
  const signalDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
    signalDay,
  )
  await admin.goto(`${url}/app/surveys/${survey.id}`)
  const chartStrip = admin.getByTestId('detractor-control-finding').getByTestId('finding-strip')
  await expect
    .poll(() => chartStrip.textContent(), { timeout: 20_000 })
    .toContain(`最近信号：${signalDate}，贬损者比例 80%`)
  if (SHOTS)
    await admin.screenshot({ path: `${SHOTS}/plans-finding-control-chart.png`, fullPage: true })
  await chartStrip.getByTestId('plan-from-finding').click()
  await admin.waitForURL('**/app/plans?draft=*')
  expect(await admin.getByTestId('plan-title').inputValue()).toBe(
    `查明 ${signalDate} 贬损者比例异常的原因`,
  )
  expect(await admin.getByTestId('plan-problem').inputValue()).toMatch(
    new RegExp(
      `^${signalDate} 贬损者比例 80%，超出控制上限 [0-9.]+%（中心线 [0-9.]+%）；本期共 1 个信号。$`,
    ),
  )
  const chartEvidence = await savePlan(admin, '暴雨后抢修人手不足')
  expect(chartEvidence).toContain(`控制图信号 · ${signalDate}`)
  expect(chartEvidence).toContain('贬损者比例 % 80')

  // A county with an NPS target of 50 this month and answers 10, 3, 2, 6 (NPS −50): off track.
  const county = await createUnit(scope, {
    code: 'E2E-PF1',
    nameZh: '临河县供电公司',
    nameEn: 'Linhe County',
    type: 'county',
    parentId: null,
  })
  const month = shanghaiMonth()
  const hall = await publishSurvey(
    scope,
    (
      await createSurvey(scope, {
        title: { 'zh-CN': '营业厅满意度', 'en-US': 'Service hall satisfaction' },
        questions: [
          { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿', 'en-US': 'Recommend' } },
        ],
      })
    ).id,
  )
  for (const [k, nps] of [10, 3, 2, 6].entries()) {
    const res = await fetch(`${url}/api/v1/public/surveys/${hall.slug}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        answers: { nps },
        clientResponseId: `e2e-plan-target-${k}`,
        segments: { unit: 'E2E-PF1' },
      }),
    })
    expect(res.status).toBe(201)
  }
  await setTarget(
    { ...scope, now: Date.now() },
    {
      unitId: county.id,
      metric: 'nps',
      period: month,
      value: 50,
    },
  )
  await admin.goto(`${url}/app/units/league?metric=nps&period=${month}&tab=targets`)
  const planButton = admin.getByTestId('plan-from-target-E2E-PF1')
  await planButton.waitFor({ timeout: 20_000 })
  if (SHOTS) await admin.screenshot({ path: `${SHOTS}/plans-finding-target.png`, fullPage: true })
  await planButton.click()
  await admin.waitForURL('**/app/plans?draft=*')
  expect(await admin.getByTestId('plan-title').inputValue()).toBe('让临河县供电公司的NPS达到目标')
  expect(await admin.getByTestId('plan-problem').inputValue()).toMatch(
    new RegExp(
      `^临河县供电公司 ${month} 的NPS目标为 50，目前为 -50，按目前进度达标概率 [0-9.]+%。$`,
    ),
  )
  const targetEvidence = await savePlan(admin, '窗口服务态度差')
  expect(targetEvidence).toContain('未达目标的单元 · 临河县供电公司')
  expect(targetEvidence).toContain('目标 50 · 样本量 4 · 当前 -50 · 差距 -100')
  expect(await admin.getByTestId('plan-drawer').textContent()).toContain('临河县供电公司')
  if (SHOTS) await admin.screenshot({ path: `${SHOTS}/plans-finding-target-plan.png` })

  // The same findings in English on a phone: the signal's strip and the target's button, the
  // form filled in English.
  const phone = await harness.browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: 'en-US',
  })
  await phone.addCookies(await admin.context().cookies())
  const p = await phone.newPage()
  await p.addInitScript(() => localStorage.setItem('manyi.locale', 'en-US'))
  await p.goto(`${url}/app/surveys/${survey.id}`)
  const phoneStrip = p.getByTestId('detractor-control-finding')
  await expect
    .poll(() => phoneStrip.textContent(), { timeout: 20_000 })
    .toBe(`Latest signal: ${signalDate}, detractor share 80%Create an action plan from this`)
  const box = (await phoneStrip.boundingBox())!
  expect(box.x + box.width).toBeLessThanOrEqual(390)
  if (SHOTS) {
    await phoneStrip.scrollIntoViewIfNeeded()
    await p.screenshot({ path: `${SHOTS}/plans-finding-control-chart-390-en.png` })
  }
  await p.goto(`${url}/app/units/league?metric=nps&period=${month}&tab=targets`)
  await p.getByTestId('plan-from-target-E2E-PF1').waitFor({ timeout: 20_000 })
  expect(await p.getByTestId('plan-from-target-E2E-PF1').textContent()).toBe('Plan')
  if (SHOTS)
    await p.screenshot({ path: `${SHOTS}/plans-finding-target-390-en.png`, fullPage: true })
  await p.getByTestId('plan-from-target-E2E-PF1').click()
  await p.waitForURL('**/app/plans?draft=*')
  expect(await p.getByTestId('plan-title').inputValue()).toBe(
    'Bring Linhe County to its NPS target',
  )
  if (SHOTS) await p.screenshot({ path: `${SHOTS}/plans-finding-target-form-390-en.png` })
  await phone.close()
  await admin.context().close()
}, 300_000)
