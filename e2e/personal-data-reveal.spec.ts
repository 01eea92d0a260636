import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { createUser } from '../src/auth/auth.service.js'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { adminApi } from './admin-api.js'
import { useE2eHarness } from './harness.js'
import { E2E_ADMIN } from './server.js'

// Personal data on the case page (docs/personal-data.md): the agent a complaint is assigned to
// sees the caller's details masked, reveals the phone with a reason on a phone-sized screen, and
// the reveal is on record for the auditor — with the field and the reason, never the number.

// E2E_WEB_DIR: serve an admin app built elsewhere (a private `vite build --outDir`).
const harness = useE2eHarness(process.env.E2E_WEB_DIR ? { webDir: process.env.E2E_WEB_DIR } : {})
const { apiSession, api } = adminApi(harness)
const SOON = { timeout: 10_000 }
const PHONE = '13812345678'

async function signIn(page: Page, email: string, password: string, labels: [string, string]) {
  await page.goto(`${harness.server.url}/app/`)
  await page.getByLabel(labels[0]).fill(email)
  await page.getByLabel(labels[1]).fill(password)
  await page.getByRole('button', { name: /登\s*录|Sign in|Log in/i }).click()
  await page.getByTestId('nav-cases').waitFor({ state: 'attached' })
}

it('the assigned agent reveals a complainant’s phone with a reason; the auditor sees the reveal without the number', async () => {
  const { store } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const agentId = await createUser(
    { db: store.db, orgId: scope.orgId },
    { email: 'wang@pii.local', displayName: '王客服', password: 'agent-password-1', role: 'agent' },
    Date.now(),
  )
  await createUser(
    { db: store.db, orgId: scope.orgId },
    {
      email: 'audit@pii.local',
      displayName: '审计员',
      password: 'audit-password-1',
      role: 'auditor',
    },
    Date.now(),
  )
  const admin = await apiSession(E2E_ADMIN.email, E2E_ADMIN.password)
  const filed = await api(admin, 'POST', '/feedback', {
    channel: 'hotline',
    kind: 'complaint',
    text: '停电两天无人抢修',
    customer: { name: '张三', email: 'zhang.san@example.com', phone: PHONE },
  })
  await api(admin, 'POST', `/cases/${filed.caseId}/assign`, { ownerId: agentId })

  // On a phone: masked, then revealed after a reason; the page never scrolls sideways.
  const phone = await harness.browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    locale: 'zh-CN',
  })
  const agent = await phone.newPage()
  await signIn(agent, 'wang@pii.local', 'agent-password-1', ['邮箱', '密码'])
  await agent.goto(`${harness.server.url}/app/cases/${filed.caseId}`)
  const value = (field: string) => agent.getByTestId(`customer-${field}-value`).textContent()
  await expect.poll(() => value('phone'), SOON).toBe('138****5678')
  expect(await value('name')).toBe('张*')
  expect(await value('email')).toBe('z***@example.com')
  expect(await agent.content()).not.toContain(PHONE)
  await agent.getByTestId('reveal-phone').click()
  await expect.poll(() => agent.getByTestId('reveal-confirm').isDisabled(), SOON).toBe(true)
  await agent.getByTestId('reveal-reason').fill('回电核实停电地址')
  await agent.getByTestId('reveal-confirm').click()
  await expect.poll(() => value('phone'), SOON).toBe(PHONE)
  expect(await value('name')).toBe('张*')
  expect(await agent.getByTestId('reveal-phone').count()).toBe(0)
  expect(await agent.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await phone.close()

  // On a desktop in English: masked again on a new visit, the button says so in English.
  const desk = await harness.browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'en-US',
  })
  const page = await desk.newPage()
  await page.goto(`${harness.server.url}/app/`)
  await page.evaluate(() => localStorage.setItem('manyi.locale', 'en-US'))
  await signIn(page, 'wang@pii.local', 'agent-password-1', ['E-mail', 'Password'])
  await page.goto(`${harness.server.url}/app/cases/${filed.caseId}`)
  await expect
    .poll(() => page.getByTestId('customer-phone-value').textContent(), SOON)
    .toBe('138****5678')
  expect(await page.getByTestId('reveal-phone').count()).toBe(1)
  await desk.close()

  // The auditor sees who revealed which field of which case, and why — not the number.
  const auditor = await apiSession('audit@pii.local', 'audit-password-1')
  const log = await api(auditor, 'GET', '/audit?q=personal-data.reveal')
  const reveals = log.entries.filter((e: { action: string }) => e.action === 'personal-data.reveal')
  expect(reveals).toHaveLength(1)
  expect(reveals[0]).toMatchObject({
    actorId: agentId,
    entity: 'case',
    entityId: filed.caseId,
    detail: { field: 'phone', reason: '回电核实停电地址' },
  })
  expect(JSON.stringify(log)).not.toContain(PHONE)
})
