import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { createUser } from '../src/auth/auth.service.js'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

const harness = useE2eHarness()

/** The last drawer opened has slid in: its right edge is the window's. */
async function drawerSlidIn(page: Page, width: number): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(() => {
        const drawers = document.querySelectorAll('.ant-drawer-open .ant-drawer-content-wrapper')
        return drawers[drawers.length - 1]?.getBoundingClientRect().right
      }),
    )
    .toBe(width)
}

/** Picks an option of the open select's drop-down (antd also renders hidden options for screen readers). */
async function pickOption(page: Page, text: string): Promise<void> {
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text })
    .first()
    .click()
}

it('tells an agent of a case given to them through the bell, and an administrator works an action plan', async () => {
  const { store, url } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const agent = { email: 'plans-agent@e2e.local', password: 'plans-agent-pass-9' }
  const agentId = await createUser(
    { db: store.db, orgId: scope.orgId },
    { ...agent, displayName: '王芳', role: 'agent' },
    Date.now(),
  )
  const admin = await loggedInPage(harness.browser, url)
  // A complaint by the hotline, given to the agent (through the API, as the case page would).
  const caseId = await admin.evaluate(async (ownerId) => {
    const post = (path: string, body: unknown) =>
      fetch(`/api/v1${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json())
    const feedback = await post('/feedback', {
      channel: 'hotline',
      kind: 'complaint',
      text: '抄表员把电表读数抄错了',
    })
    await post(`/cases/${feedback.caseId}/assign`, { ownerId })
    return feedback.caseId as string
  }, agentId)

  const agentPage = await loggedInPage(harness.browser, url, { as: agent })
  const bell = agentPage.getByTestId('notification-bell')
  await expect
    .poll(() => bell.getAttribute('aria-label'), { timeout: 20_000 })
    .toContain('1 条未读')
  await bell.click()
  const item = agentPage.getByTestId('notification-case_assigned')
  await item.waitFor()
  expect(await item.textContent()).toContain('已分配给您')
  await item.click()
  await agentPage.waitForURL(`**/app/cases/${caseId}`)
  await expect.poll(() => bell.getAttribute('aria-label')).toBe('通知')

  // The administrator makes a plan by hand, gives it a task and starts it.
  await admin.goto(`${url}/app/plans`)
  await admin.getByTestId('plan-new').click()
  await admin.getByTestId('plan-title').fill('抄表差错整改')
  await admin.getByTestId('plan-problem').fill('抄表差错引起的投诉占 18%')
  await admin.getByTestId('plan-root-cause').fill('手工抄录，无复核')
  // A cause category of the organisation's own, typed in beside the fishbone's six.
  await admin.getByTestId('plan-cause').click()
  await admin.keyboard.type('计量器具')
  await pickOption(admin, '自定义类别：计量器具')
  await admin.getByTestId('plan-owner').click()
  await pickOption(admin, '王芳')
  await admin.getByTestId('plan-due').click()
  await admin.getByTestId('plan-due').fill('2030-12-31')
  await admin.keyboard.press('Enter')
  await admin.getByRole('button', { name: /保\s*存/ }).click()
  const drawer = admin.getByTestId('plan-drawer')
  await drawer.getByTestId('plan-status').waitFor()
  expect(await drawer.getByTestId('plan-status').textContent()).toBe('计划')
  expect(await drawer.textContent()).toContain('计量器具 · 手工抄录，无复核')
  await drawer.getByTestId('plan-task-title').fill('抄表改用手持终端拍照')
  await drawer.getByTestId('plan-task-owner').click()
  await pickOption(admin, '王芳')
  await drawer.getByTestId('plan-task-due').click()
  await drawer.getByTestId('plan-task-due').fill('2030-06-30')
  await admin.keyboard.press('Enter')
  await drawer.getByTestId('plan-task-add').click()
  await drawer.getByText('抄表改用手持终端拍照').waitFor()
  await drawer.getByTestId('plan-move-do').click()
  await expect.poll(() => drawer.getByTestId('plan-status').textContent()).toBe('执行')
  // No answers before or after: the verdict says so, in words.
  await expect.poll(() => drawer.getByTestId('plan-verdict').textContent()).toBe('数据不足')
  expect(await drawer.getByTestId('plan-effect').textContent()).not.toMatch(
    /not_enough|undefined|NaN/,
  )
  if (process.env.SHOTS_DIR) {
    // For looking at: the plan and the bell in both languages, desktop and phone.
    const planUrl = admin.url()
    for (const locale of ['zh-CN', 'en-US'] as const) {
      await admin.evaluate((l) => localStorage.setItem('manyi.locale', l), locale)
      for (const width of [1440, 390]) {
        await admin.setViewportSize({ width, height: 900 })
        await admin.goto(planUrl)
        await admin.getByRole('row').nth(1).click()
        await admin.getByTestId('plan-verdict').waitFor()
        await drawerSlidIn(admin, width)
        await admin.screenshot({ path: `${process.env.SHOTS_DIR}/plan-${locale}-${width}.png` })
        await admin.keyboard.press('Escape')
        await admin.getByTestId('notification-bell').click()
        await admin.getByTestId('notification-panel').waitFor()
        await drawerSlidIn(admin, width)
        await admin.screenshot({ path: `${process.env.SHOTS_DIR}/bell-${locale}-${width}.png` })
      }
    }
  }
  await admin.context().close()
  await agentPage.context().close()
}, 120_000)
