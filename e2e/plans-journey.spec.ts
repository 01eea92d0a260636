import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { runPlanReminders, runPlanVerdicts } from '../src/actions/action-alerts.service.js'
import { createUser } from '../src/auth/auth.service.js'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { importResponses } from '../src/responses/response-import.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'
import { createUnit } from '../src/units/unit.service.js'
import { clickChartMark } from './chart-mark.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// The improvement loop in one go, as people do it in the app. The administrator turns a bar of
// the complaint causes' Pareto and a point of the IPA quadrants into two plans on the East hall,
// owned by 李娜, each with a task for her. One task is already past its date: the reminders job
// escalates it, and 李娜 finds it in her bell, opens the plan, completes the task and starts the
// plan; she does the same with the other. Each plan acts from today. With only the three months
// before (NPS 0: 10 promoters and 10 detractors a month) the verdict is "not enough data". Then the
// server's clock moves on to the 10th of next month, 20 answers arrive through the public answer
// API (all promoters), and the verdict job finds both plans effective: 李娜's bell says so, the plan
// and the plans overview show it.

const clock = { offset: 0 }
// A retry starts on a fresh server (harness.ts) whose clock starts at today again.
const harness = useE2eHarness({}, async () => ({ clock: () => Date.now() + clock.offset }), {
  beforeFreshRetry: () => {
    clock.offset = 0
  },
})
const SHOTS = process.env.SHOTS_DIR
const DAY = 86_400_000
const OWNER = { email: 'journey-owner@e2e.local', password: 'journey-owner-pass-41', name: '李娜' }

/** The month `by` months from this one on the organisation's (Shanghai) calendar, as YYYY-MM. */
function shanghaiMonth(by: number): string {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' })
    .format(new Date())
    .split('-')
    .map(Number) as [number, number]
  const d = new Date(Date.UTC(y, m - 1 + by, 1))
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
}

/** Noon (Shanghai) on a day of a month. */
const noonOf = (month: string, day: number) =>
  Date.parse(`${month}-${String(day).padStart(2, '0')}T04:00:00Z`)

/** A date `days` from today on the Shanghai calendar, as the date picker takes it. */
const shanghaiDate = (days: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(
    new Date(Date.now() + days * DAY),
  )

/** Picks an option of the open select's drop-down (antd also renders hidden options for screen readers). */
async function pickOption(page: Page, text: string): Promise<void> {
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text })
    .first()
    .click()
}

/** The last drawer opened has slid in: its right edge is the window's. */
async function drawerSlidIn(page: Page): Promise<void> {
  const width = page.viewportSize()!.width
  await expect
    .poll(() =>
      page.evaluate(() => {
        const drawers = document.querySelectorAll('.ant-drawer-open .ant-drawer-content-wrapper')
        return drawers[drawers.length - 1]?.getBoundingClientRect().right
      }),
    )
    .toBe(width)
}

let shot = 0
/** A numbered screenshot of this step, when SHOTS_DIR is set. */
async function screenshot(page: Page, name: string): Promise<void> {
  if (!SHOTS) return
  shot++
  const width = page.viewportSize()!.width
  await page.screenshot({
    path: `${SHOTS}/journey-${String(shot).padStart(2, '0')}-${name}-${width}.png`,
  })
}

/** Fills the open plan form's root cause, units, owner and due date, and saves it. */
async function completePlanForm(page: Page, rootCause: string): Promise<string> {
  const title = await page.getByTestId('plan-title').inputValue()
  await page.getByTestId('plan-root-cause').fill(rootCause)
  await page.getByTestId('plan-units').click()
  await pickOption(page, '城东营业厅')
  await page.getByTestId('plan-owner').click()
  await pickOption(page, OWNER.name)
  await page.getByTestId('plan-due').click()
  await page.getByTestId('plan-due').fill('2030-12-31')
  await page.keyboard.press('Enter')
  await page.getByRole('button', { name: /保\s*存/ }).click()
  await page.getByTestId('plan-drawer').getByTestId('plan-evidence').waitFor()
  // The drawer names the plan's units in the reader's language.
  await expect
    .poll(() => page.getByTestId('plan-drawer').getByTestId('plan-unit-names').textContent())
    .toBe('城东营业厅')
  // The saved plan's id, for opening it again later.
  return page.evaluate(async (title) => {
    const { plans } = await fetch('/api/v1/plans').then((r) => r.json())
    return (plans as Array<{ id: string; title: string }>).find((p) => p.title === title)!.id
  }, title)
}

/** Gives the open plan a task for the owner, due on a date (YYYY-MM-DD). */
async function addTask(page: Page, title: string, due: string): Promise<void> {
  const drawer = page.getByTestId('plan-drawer')
  await drawer.getByTestId('plan-task-title').fill(title)
  await drawer.getByTestId('plan-task-owner').click()
  await pickOption(page, OWNER.name)
  await drawer.getByTestId('plan-task-due').click()
  await drawer.getByTestId('plan-task-due').fill(due)
  await page.keyboard.press('Enter')
  await drawer.getByTestId('plan-task-add').click()
  await drawer.getByText(title).waitFor()
}

/** In the open plan: the task is done and the plan moves to 执行 (do), acting from today. */
async function completeAndStart(page: Page): Promise<void> {
  const drawer = page.getByTestId('plan-drawer')
  await drawer.getByTestId('plan-task-done').click()
  await expect.poll(() => drawer.getByTestId('plan-task-done').count()).toBe(0)
  await drawer.getByTestId('plan-move-do').click()
  await expect.poll(() => drawer.getByTestId('plan-status').textContent()).toBe('执行')
}

it('turns a Pareto bar and an IPA point into plans, sees them through, and tells the owner when they worked', async () => {
  const { store, url } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now() - 365 * DAY))!
  await createUser(
    { db: store.db, orgId: scope.orgId },
    {
      email: OWNER.email,
      password: OWNER.password,
      displayName: OWNER.name,
      role: 'supervisor',
      locale: 'zh-CN',
    },
    Date.now(),
  )
  await createUnit(scope, {
    code: 'E2E-J1',
    nameZh: '城东营业厅',
    nameEn: 'East hall',
    parentId: null,
  })
  // The hall's recommendation survey, answered per unit (the link's `unit` field), with the three
  // months before this one imported: NPS 0 each month.
  const hallSurvey = await publishSurvey(
    scope,
    (
      await createSurvey(scope, {
        title: { 'zh-CN': '营业厅推荐意愿', 'en-US': 'Service hall recommendation' },
        questions: [
          { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿', 'en-US': 'Recommend' } },
        ],
        settings: { hiddenFields: ['unit'] },
      })
    ).id,
  )
  const before = [shanghaiMonth(-3), shanghaiMonth(-2), shanghaiMonth(-1)]
  const imported = await importResponses(
    { ...scope, now: Date.now() },
    hallSurvey.id,
    {
      file: 'hall.csv',
      headers: ['nps', 'time', 'unit'],
      rows: before.flatMap((month) =>
        Array.from({ length: 20 }, (_, i) => [
          i < 10 ? '10' : '0',
          new Date(noonOf(month, 10) + i * 60_000).toISOString(),
          'E2E-J1',
        ]),
      ),
    },
    { channel: 'link', submittedAtColumn: 'time', segmentColumns: ['unit'] },
  )
  expect(imported.imported).toBe(60)

  // Complaints with causes (waiting time twice, billing once) and a survey whose IPA puts the
  // charges in quadrant I (important, below the mean), through the API as the app would.
  const admin = await loggedInPage(harness.browser, url)
  await admin.setViewportSize({ width: 1440, height: 900 })
  const ipaSurveyId = await admin.evaluate(async () => {
    const call = (method: string, path: string, body?: unknown) =>
      fetch(`/api/v1${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }).then(async (r) => {
        if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`)
        return r.json()
      })
    for (const [text, cause] of [
      ['营业厅排队一个小时', 'wait_time'],
      ['电话一直占线，等了很久', 'wait_time'],
      ['电费账单算错了', 'billing'],
    ]) {
      const feedback = await call('POST', '/feedback', {
        channel: 'hotline',
        kind: 'complaint',
        text,
      })
      await call('POST', `/cases/${feedback.caseId}/recovery`, { cause })
    }
    const t = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en })
    const survey = await call('POST', '/surveys', {
      title: t('营业厅满意度', 'Service hall satisfaction'),
      questions: [
        { key: 'quality', type: 'csm7', title: t('服务质量', 'Service quality'), required: true },
        {
          key: 'imp_quality',
          type: 'importance5',
          title: t('服务质量重要吗？', 'How important is quality?'),
          required: true,
          importanceOf: 'quality',
        },
        { key: 'price', type: 'csm7', title: t('收费标准', 'Charges'), required: true },
        {
          key: 'imp_price',
          type: 'importance5',
          title: t('收费重要吗？', 'How important are charges?'),
          required: true,
          importanceOf: 'price',
        },
      ],
    })
    const { slug } = await call('POST', `/surveys/${survey.id}/publish`, {})
    for (const a of [
      { quality: 40, imp_quality: 2, price: -40, imp_price: 5 },
      { quality: 20, imp_quality: 3, price: -20, imp_price: 5 },
      { quality: 60, imp_quality: 1, price: -40, imp_price: 4 },
    ])
      await call('POST', `/public/surveys/${slug}/responses`, { answers: a })
    return survey.id as string
  })

  // 1. The Pareto's first (vital) bar, waiting time, becomes a plan with its evidence.
  await admin.goto(`${url}/app/complaints`)
  const strip = admin.getByTestId('finding-strip')
  await clickChartMark(admin, 'pareto-chart', ['#cf1322', 'rgb(207,19,34)'], strip)
  await expect.poll(() => strip.textContent()).toContain('等待时间: 2 (66.667%)')
  await screenshot(admin, 'pareto-finding')
  await strip.getByTestId('plan-from-finding').click()
  await admin.waitForURL('**/app/plans?draft=*')
  expect(await admin.getByTestId('plan-title').inputValue()).toBe('减少“等待时间”投诉')
  expect(await admin.getByTestId('plan-draft-evidence').textContent()).toContain(
    '投诉原因帕累托图 · 等待时间',
  )
  await screenshot(admin, 'pareto-plan-form')
  const paretoPlan = await completePlanForm(admin, '高峰时段只开两个窗口')
  const drawer = admin.getByTestId('plan-drawer')
  expect(await drawer.getByTestId('plan-evidence').textContent()).toContain(
    '数量 2 · 占比 % 66.667 · 累计占比 % 66.667 · 合计 3',
  )
  // Its task for 李娜 was due yesterday.
  await addTask(admin, '高峰加开第三窗口', shanghaiDate(-1))
  await drawerSlidIn(admin)
  await screenshot(admin, 'pareto-plan-task')

  // 2. The IPA's quadrant I point (charges) on the survey's dashboard becomes the second plan.
  await admin.goto(`${url}/app/surveys/${ipaSurveyId}`)
  const ipaStrip = admin.getByTestId('finding-strip')
  await clickChartMark(admin, 'ipa-quadrants', ['#f04438', 'rgb(240,68,56)'], ipaStrip)
  await expect.poll(() => ipaStrip.textContent()).toContain('收费标准')
  await screenshot(admin, 'ipa-finding')
  await ipaStrip.getByTestId('plan-from-finding').click()
  await admin.waitForURL('**/app/plans?draft=*')
  expect(await admin.getByTestId('plan-title').inputValue()).toBe('提升“收费标准”表现')
  expect(await admin.getByTestId('plan-problem').inputValue()).toContain('位于 IPA 第 I 象限')
  await screenshot(admin, 'ipa-plan-form')
  const ipaPlan = await completePlanForm(admin, '收费标准未公示')
  expect(await drawer.getByTestId('plan-evidence').textContent()).toContain('IPA 象限 · 收费标准')
  await addTask(admin, '在营业厅公示收费标准', shanghaiDate(7))
  await drawerSlidIn(admin)
  await screenshot(admin, 'ipa-plan-task')
  await admin.context().close()

  // 3. The reminders job escalates the overdue task once, however often it runs.
  const runs = await Promise.all([
    runPlanReminders(store.db, Date.now()),
    runPlanReminders(store.db, Date.now()),
  ])
  expect(runs.reduce((n, r) => n + r.escalations, 0)).toBeLessThanOrEqual(1)
  expect((await runPlanReminders(store.db, Date.now())).escalations).toBe(0)

  // 4. 李娜 finds it in her bell, opens the plan, completes the task and starts the plan; then the
  // IPA plan's task and the plan likewise.
  const owner = await loggedInPage(harness.browser, url, { as: OWNER })
  await owner.setViewportSize({ width: 1440, height: 900 })
  const bell = owner.getByTestId('notification-bell')
  await expect
    .poll(() => bell.getAttribute('aria-label'), { timeout: 20_000 })
    .toContain('1 条未读')
  await bell.click()
  const overdue = owner.getByTestId('notification-plan_overdue')
  await overdue.waitFor()
  expect(await overdue.textContent()).toContain('的任务「高峰加开第三窗口」已逾期')
  await drawerSlidIn(owner)
  await screenshot(owner, 'overdue-bell')
  await overdue.click()
  await owner.waitForURL(`**/app/plans?plan=${paretoPlan}`)
  await completeAndStart(owner)
  await owner.goto(`${url}/app/plans?plan=${ipaPlan}`)
  await completeAndStart(owner)
  // Acting from today with no answers since: "not enough data", told to no one.
  await runPlanVerdicts(store, Date.now())
  await expect
    .poll(() => owner.getByTestId('plan-drawer').getByTestId('plan-verdict').textContent())
    .toBe('数据不足')
  await drawerSlidIn(owner)
  await screenshot(owner, 'plan-started')
  await expect.poll(() => bell.getAttribute('aria-label')).toBe('通知')
  await owner.context().close()

  // 5. Weeks later: the 10th of next month. Twenty answers of the hall arrive through the public
  // answer API, all promoters, and the verdict job runs (the app's own job may run it first).
  clock.offset = noonOf(shanghaiMonth(1), 10) - Date.now()
  for (let i = 0; i < 20; i++) {
    const res = await fetch(`${url}/api/v1/public/surveys/${hallSurvey.slug}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        answers: { nps: 10 },
        segments: { unit: 'E2E-J1' },
        clientResponseId: `journey-after-${i}`,
      }),
    })
    expect(res.status).toBe(201)
  }
  await runPlanVerdicts(store, Date.now() + clock.offset)
  await runPlanVerdicts(store, Date.now() + clock.offset + 60_000)

  // 6. 李娜 signs in again (her session ended weeks ago): two verdicts in the bell.
  const back = await loggedInPage(harness.browser, url, { as: OWNER })
  await back.setViewportSize({ width: 1440, height: 900 })
  const bellAgain = back.getByTestId('notification-bell')
  await expect
    .poll(() => bellAgain.getAttribute('aria-label'), { timeout: 20_000 })
    .toContain('2 条未读')
  await bellAgain.click()
  const verdicts = back.getByTestId('notification-plan_verdict')
  await expect.poll(() => verdicts.count()).toBe(2)
  const texts = await verdicts.allTextContents()
  expect(texts.some((t) => t.includes('减少“等待时间”投诉 判定为有效'))).toBe(true)
  expect(texts.some((t) => t.includes('提升“收费标准”表现 判定为有效'))).toBe(true)
  await drawerSlidIn(back)
  await screenshot(back, 'verdict-bell')
  await verdicts.filter({ hasText: '减少“等待时间”投诉' }).click()
  await back.waitForURL(`**/app/plans?plan=${paretoPlan}`)
  const verdictDrawer = back.getByTestId('plan-drawer')
  await expect.poll(() => verdictDrawer.getByTestId('plan-verdict').textContent()).toBe('有效')
  await drawerSlidIn(back)
  await screenshot(back, 'verdict-plan')
  await back.keyboard.press('Escape')
  await expect
    .poll(() => back.getByTestId('plan-row-verdict').allTextContents())
    .toEqual(['有效', '有效'])
  await screenshot(back, 'verdict-overview')

  // For looking at: the same steps' pages in English on a phone.
  if (SHOTS) {
    await back.evaluate(() => localStorage.setItem('manyi.locale', 'en-US'))
    await back.setViewportSize({ width: 390, height: 844 })
    for (const [name, path, chart] of [
      ['pareto', '/app/complaints', 'pareto-chart'],
      ['ipa', `/app/surveys/${ipaSurveyId}`, 'ipa-quadrants'],
    ] as const) {
      await back.goto(`${url}${path}`)
      await back.getByTestId(chart).scrollIntoViewIfNeeded()
      await expect
        .poll(() => back.getByTestId(chart).locator('path').count(), { timeout: 15_000 })
        .toBeGreaterThan(3)
      await screenshot(back, `en-${name}`)
    }
    await back.goto(`${url}/app/plans`)
    await back.getByTestId('plan-row-verdict').first().waitFor()
    await screenshot(back, 'en-overview')
    for (const [name, id] of [
      ['pareto-plan', paretoPlan],
      ['ipa-plan', ipaPlan],
    ] as const) {
      await back.goto(`${url}/app/plans?plan=${id}`)
      await back.getByTestId('plan-verdict').waitFor()
      await drawerSlidIn(back)
      await screenshot(back, `en-${name}`)
      await back.getByTestId('plan-effect').scrollIntoViewIfNeeded()
      await screenshot(back, `en-${name}-effect`)
    }
    await back.goto(`${url}/app/plans`)
    await back.getByTestId('notification-bell').click()
    await back.getByTestId('notification-panel').waitFor()
    await drawerSlidIn(back)
    await screenshot(back, 'en-bell')
  }
  await back.context().close()
}, 300_000)
