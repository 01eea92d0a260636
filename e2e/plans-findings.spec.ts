import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { runPlanReminders, runPlanVerdicts } from '../src/actions/action-alerts.service.js'
import { createUser } from '../src/auth/auth.service.js'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { clickChartMark, findMark, markAtRest } from './chart-mark.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// Findings become action plans in one click: a bar of the complaint causes' Pareto and a point of
// the IPA quadrants each open the plan form filled in, with the evidence attached; a task past its
// date is escalated to the bell once, however often the reminders job runs.

const harness = useE2eHarness()
const DAY = 86_400_000

/** Picks an option of the open select's drop-down (antd also renders hidden options for screen readers). */
async function pickOption(page: Page, text: string): Promise<void> {
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text })
    .first()
    .click()
}

it('makes plans from a Pareto bar and an IPA point, and escalates an overdue task to the bell once', async () => {
  const { store, url } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  await createUser(
    { db: store.db, orgId: scope.orgId },
    {
      email: 'findings-agent@e2e.local',
      password: 'queue-window-pass-77',
      displayName: '李娜',
      role: 'agent',
    },
    Date.now(),
  )
  const admin = await loggedInPage(harness.browser, url)
  // Complaints with causes (waiting time twice, billing once) and a survey whose IPA puts price in
  // quadrant I (important, below the mean), all through the API as the app would.
  const surveyId = await admin.evaluate(async () => {
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

  // The Pareto's first (vital) bar: waiting time, 2 of 3.
  await admin.goto(`${url}/app/complaints`)
  const strip = admin.getByTestId('finding-strip')
  await clickChartMark(admin, 'pareto-chart', ['#cf1322', 'rgb(207,19,34)'], strip)
  await expect.poll(() => strip.textContent()).toContain('等待时间: 2 (66.667%)')
  await strip.getByTestId('plan-from-finding').click()
  await admin.waitForURL('**/app/plans?draft=*')
  expect(await admin.getByTestId('plan-title').inputValue()).toBe('减少“等待时间”投诉')
  expect(await admin.getByTestId('plan-problem').inputValue()).toContain(
    '“等待时间”类投诉 2 件，占已分类投诉的 66.667%',
  )
  expect(await admin.getByTestId('plan-draft-evidence').textContent()).toContain(
    '投诉原因帕累托图 · 等待时间',
  )
  await admin.getByTestId('plan-root-cause').fill('高峰时段只开两个窗口')
  await admin.getByTestId('plan-owner').click()
  await pickOption(admin, '李娜')
  await admin.getByTestId('plan-due').click()
  await admin.getByTestId('plan-due').fill('2030-12-31')
  await admin.keyboard.press('Enter')
  await admin.getByRole('button', { name: /保\s*存/ }).click()
  const drawer = admin.getByTestId('plan-drawer')
  await drawer.getByTestId('plan-evidence').waitFor()
  const evidence = await drawer.getByTestId('plan-evidence').textContent()
  expect(evidence).toContain('投诉原因帕累托图 · 等待时间')
  expect(evidence).toContain('数量 2 · 占比 % 66.667 · 累计占比 % 66.667 · 合计 3')

  // A task for the agent, due yesterday: the reminders job escalates it once to the agent, the
  // plan's owner (the agent) and the agent's supervisor (none: a supervisor, else an administrator).
  const yesterday = new Date(Date.now() - DAY).toISOString().slice(0, 10)
  await drawer.getByTestId('plan-task-title').fill('高峰加开第三窗口')
  await drawer.getByTestId('plan-task-owner').click()
  await pickOption(admin, '李娜')
  await drawer.getByTestId('plan-task-due').click()
  await drawer.getByTestId('plan-task-due').fill(yesterday)
  await admin.keyboard.press('Enter')
  await drawer.getByTestId('plan-task-add').click()
  await drawer.getByText('高峰加开第三窗口').waitFor()
  const runs = await Promise.all([
    runPlanReminders(store.db, Date.now()),
    runPlanReminders(store.db, Date.now()),
  ])
  expect(runs.reduce((n, r) => n + r.escalations, 0)).toBe(1)
  expect((await runPlanReminders(store.db, Date.now())).escalations).toBe(0)
  const bell = admin.getByTestId('notification-bell')
  await admin.reload()
  await expect
    .poll(() => bell.getAttribute('aria-label'), { timeout: 20_000 })
    .toContain('1 条未读')
  await bell.click()
  const overdue = admin.getByTestId('notification-plan_overdue')
  await overdue.waitFor()
  expect(await overdue.textContent()).toContain('的任务「高峰加开第三窗口」已逾期')
  await overdue.click()
  await admin.waitForURL('**/app/plans?plan=*')
  await drawer.getByTestId('plan-task-done').click()
  await expect.poll(() => drawer.getByTestId('plan-task-done').count()).toBe(0)
  await drawer.getByTestId('plan-move-do').click()
  await expect.poll(() => drawer.getByTestId('plan-status').textContent()).toBe('执行')
  // No answers before or after the action: the verdict job records "not enough data" and tells no one.
  expect(await runPlanVerdicts(store, Date.now())).toEqual({ measured: 1, told: 0 })

  // The IPA's quadrant I point (charges: important, below the mean) on the survey's dashboard.
  await admin.goto(`${url}/app/surveys/${surveyId}`)
  const ipaStrip = admin.getByTestId('finding-strip')
  const red = ['#f04438', 'rgb(240,68,56)']
  // The pointer left resting on the point (as after a click the chart moved under, or an earlier
  // click at the same place) draws it in its hover colour, no longer this red: the point must be
  // found and clicked all the same (a clean-clone run never found it within 15 s).
  const at = await markAtRest(admin, 'ipa-quadrants', red, 'first')
  await admin.mouse.move(at.x, at.y)
  await expect.poll(() => findMark(admin, 'ipa-quadrants', red, 'first')).toBeNull()
  await clickChartMark(admin, 'ipa-quadrants', red, ipaStrip)
  await expect.poll(() => ipaStrip.textContent()).toContain('收费标准')
  await ipaStrip.getByTestId('plan-from-finding').click()
  await admin.waitForURL('**/app/plans?draft=*')
  expect(await admin.getByTestId('plan-title').inputValue()).toBe('提升“收费标准”表现')
  expect(await admin.getByTestId('plan-problem').inputValue()).toContain('位于 IPA 第 I 象限')
  await admin.getByTestId('plan-root-cause').fill('收费标准未公示')
  await admin.getByTestId('plan-owner').click()
  await pickOption(admin, '李娜')
  await admin.getByTestId('plan-due').click()
  await admin.getByTestId('plan-due').fill('2030-12-31')
  await admin.keyboard.press('Enter')
  await admin.getByRole('button', { name: /保\s*存/ }).click()
  await drawer.getByTestId('plan-evidence').waitFor()
  expect(await drawer.getByTestId('plan-evidence').textContent()).toContain('IPA 象限 · 收费标准')
  await admin.screenshot({ path: 'test-results/plan-from-ipa.png' })
  await admin.context().close()
}, 300_000)
