import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { createUser } from '../src/auth/auth.service.js'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// An organisation that approves its plans: the administrator switches approval on, a supervisor's
// plan is held back from "do" until the colleague asked approves it in the drawer (told through
// the bell), the supervisor is told of the approval, carries the plan out and attaches a photo.

const harness = useE2eHarness()
const SHOTS = process.env.SHOTS_DIR
/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

async function pickOption(page: Page, text: string): Promise<void> {
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text })
    .first()
    .click()
}

/** The bell's newest notification of this kind, once the bell counts it. */
async function openNotification(page: Page, kind: string): Promise<string> {
  const bell = page.getByTestId('notification-bell')
  await expect
    .poll(() => bell.getAttribute('aria-label'), { timeout: 20_000 })
    .toContain('1 条未读')
  await bell.click()
  const item = page.getByTestId(`notification-${kind}`).first()
  await item.waitFor()
  const text = (await item.textContent()) ?? ''
  await item.click()
  await page.waitForURL('**/app/plans?plan=*')
  return text
}

it('holds a plan back until the colleague asked approves it, and takes a photo', async () => {
  const { store, url } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const people = {
    li: { email: 'approval-li@e2e.local', password: 'approval-pass-li-1', name: '李娜' },
    wang: { email: 'approval-wang@e2e.local', password: 'approval-pass-wang-1', name: '王芳' },
  }
  const ids: Record<string, string> = {}
  for (const [key, p] of Object.entries(people))
    ids[key] = await createUser(
      { db: store.db, orgId: scope.orgId },
      { email: p.email, password: p.password, displayName: p.name, role: 'supervisor' },
      Date.now(),
    )

  const admin = await loggedInPage(harness.browser, url)
  await admin.goto(`${url}/app/plans`)
  const setting = admin.getByTestId('plan-approval-setting')
  await setting.click()
  await expect.poll(() => setting.getAttribute('aria-checked')).toBe('true')
  await admin.context().close()

  const li = await loggedInPage(harness.browser, url, { as: people.li })
  const plan = await li.evaluate(async (ownerId) => {
    const res = await fetch('/api/v1/plans', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: '高峰加开窗口',
        problem: '营业厅高峰排队超过 40 分钟',
        causeCategory: 'method',
        rootCause: '高峰时段只开两个窗口',
        metric: 'nps',
        ownerId,
        dueAt: Date.parse('2030-12-31T00:00:00Z'),
        evidence: { source: 'manual' },
      }),
    })
    return (await res.json()) as { id: string; number: string }
  }, ids.li!)
  await li.goto(`${url}/app/plans?plan=${plan.id}`)
  const drawer = li.getByTestId('plan-drawer')
  await drawer.getByTestId('plan-approval').waitFor()
  expect(await drawer.getByTestId('plan-approval-status').textContent()).toBe(
    '本组织的改进计划须经审批后才能开始执行。',
  )
  await drawer.getByTestId('plan-move-do').click()
  await expect
    .poll(() => drawer.getByTestId('plan-move-error').textContent())
    .toBe('本组织的改进计划须经审批后才能执行，请先提交审批')
  await drawer.getByTestId('plan-approver').click()
  await pickOption(li, '王芳')
  await drawer.getByTestId('plan-approval-note').fill('请审批，预算已含在本季度')
  await drawer.getByTestId('plan-approval-ask').click()
  await expect
    .poll(() => drawer.getByTestId('plan-approval-status').textContent())
    .toBe('待审批 · 请审批，预算已含在本季度')

  // The approver is told, opens the plan from the bell and approves it.
  const wang = await loggedInPage(harness.browser, url, { as: people.wang })
  expect(await openNotification(wang, 'approval_requested')).toContain(
    `李娜请您审批改进计划 ${plan.number} · 高峰加开窗口`,
  )
  const wangDrawer = wang.getByTestId('plan-drawer')
  await wangDrawer.getByTestId('plan-approve').click()
  await expect
    .poll(() => wangDrawer.getByTestId('plan-approval-status').textContent())
    .toMatch(/^已批准/)
  if (SHOTS) await wang.screenshot({ path: `${SHOTS}/plans-approval-approved.png` })
  await wang.context().close()

  // The requester is told, carries the plan out and attaches a photo of the new window.
  await li.goto(`${url}/app/plans`)
  expect(await openNotification(li, 'approval_decided')).toContain(
    `改进计划 ${plan.number} · 高峰加开窗口 已被王芳批准`,
  )
  await drawer.getByTestId('plan-move-do').click()
  await expect.poll(() => drawer.getByTestId('plan-status').textContent()).toBe('执行')
  await drawer
    .getByTestId('plan-attachments')
    .locator('input[type=file]')
    .setInputFiles({ name: '第三窗口.png', mimeType: 'image/png', buffer: PNG })
  await expect.poll(() => drawer.getByTestId('plan-attachment').textContent()).toBe('第三窗口.png')
  expect(await drawer.getByTestId('plan-attachment').getAttribute('href')).toMatch(
    new RegExp(`^/api/v1/plans/${plan.id}/attachments/`),
  )
  // Not an image or PDF: refused with the reason, in words.
  await drawer
    .getByTestId('plan-attachments')
    .locator('input[type=file]')
    .setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('<html>') })
  await expect.poll(() => drawer.getByTestId('plan-attach-error').textContent()).not.toBe('')
  const refusal = (await drawer.getByTestId('plan-attach-error').textContent()) ?? ''
  expect(refusal).not.toContain('UPLOAD_KIND_NOT_ALLOWED')
  if (SHOTS) await li.screenshot({ path: `${SHOTS}/plans-approval-attachments.png` })

  // The same drawer in English on a phone.
  const phone = await harness.browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: 'en-US',
  })
  await phone.addCookies(await li.context().cookies())
  const p = await phone.newPage()
  await p.addInitScript(() => localStorage.setItem('manyi.locale', 'en-US'))
  await p.goto(`${url}/app/plans?plan=${plan.id}`)
  const phoneDrawer = p.getByTestId('plan-drawer')
  await phoneDrawer.getByTestId('plan-attachments').waitFor()
  expect(await phoneDrawer.getByTestId('plan-approval-status').textContent()).toMatch(/^Approved/)
  expect(await phoneDrawer.getByTestId('plan-attachments').textContent()).toContain(
    'Images (PNG, JPEG, GIF, WebP, HEIC) or PDF, at most 10 MB each.',
  )
  if (SHOTS) {
    await phoneDrawer.getByTestId('plan-approval').scrollIntoViewIfNeeded()
    await p.screenshot({ path: `${SHOTS}/plans-approval-390-en.png` })
  }
  await phone.close()
  await li.context().close()
}, 300_000)
