import type { Browser, Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { createUser } from '../src/auth/auth.service.js'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { useE2eHarness } from './harness.js'

// A security administrator assembles a custom role on the roles page (a role holding system,
// security and audit administration together is refused), gives it to a colleague on the users
// page, and the colleague's app then offers exactly what the role allows; at 1440 and 390 px.

const harness = useE2eHarness(
  process.env.MANYI_E2E_WEB_DIR ? { webDir: process.env.MANYI_E2E_WEB_DIR } : {},
)
const PASSWORD = 'roles-e2e-password-1'
const SECURITY = 'an@e2e.local'
const MEMBER = 'qa@e2e.local'

async function signIn(browser: Browser, email: string, width: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN' })
  const page = await context.newPage()
  await page.goto(`${harness.server.url}/app/`)
  await page.getByLabel('邮箱').fill(email)
  await page.getByLabel('密码').fill(PASSWORD)
  await page.getByRole('button', { name: /登\s*录/ }).click()
  await page.getByTestId('switch-language').waitFor()
  return page
}

it('a custom role made on the roles page gives its member exactly its permissions', async () => {
  const { store } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const org = { db: store.db, orgId: scope.orgId }
  await createUser(
    org,
    { email: SECURITY, displayName: '安安全', password: PASSWORD, role: 'security_admin' },
    Date.now(),
  )
  await createUser(
    org,
    { email: MEMBER, displayName: '质检小李', password: PASSWORD, role: 'viewer' },
    Date.now(),
  )

  const page = await signIn(harness.browser, SECURITY, 1440)
  // The security administrator opens on the users, with no customer-data page offered.
  await page.getByTestId('nav-roles').waitFor()
  expect(await page.getByTestId('nav-surveys').count()).toBe(0)
  expect(await page.getByTestId('nav-cases').count()).toBe(0)
  await page.getByTestId('nav-roles').click()
  await page.getByTestId('role-matrix').waitFor()
  expect(await page.getByTestId('cell-auditor-audit:read').count()).toBe(1)
  expect(await page.getByTestId('cell-admin-audit:read').count()).toBe(0)

  // All three areas in one role: refused, in words.
  await page.getByTestId('role-new').click()
  await page.getByTestId('role-name').fill('全能')
  for (const permission of ['cases:read', 'roles:manage', 'audit:read'])
    await page.getByTestId(`perm-${permission}`).click()
  await page.getByTestId('role-save').click()
  await expect.poll(() => page.getByTestId('role-error').textContent()).toContain('三员分立')
  await page.getByTestId(`perm-roles:manage`).click()
  await page.getByTestId(`perm-audit:read`).click()
  await page.getByTestId('role-name').fill('质检员')
  for (const permission of ['surveys:read', 'responses:read'])
    await page.getByTestId(`perm-${permission}`).click()
  await page.getByTestId('role-save').click()
  await page.getByTestId('custom-role-质检员').first().waitFor()
  expect(await page.getByTestId('cell-质检员-cases:read').count()).toBe(1)
  expect(await page.getByTestId('cell-质检员-distributions:read').count()).toBe(0)

  // Given to the colleague on the users page.
  await page.getByTestId('nav-users').click()
  await page.getByTestId(`role-${MEMBER}`).click()
  await page.locator('.ant-select-dropdown').getByText('质检员 · 自定义').click()
  await expect.poll(() => page.getByTestId(`role-${MEMBER}`).textContent()).toContain('质检员')
  await page.getByTestId('nav-roles').click()
  await expect
    .poll(() => page.getByTestId('custom-role-质检员').first().textContent())
    .toContain('1 名成员')

  // The colleague is offered the surveys and cases, and not the distributions' contact lists.
  const member = await signIn(harness.browser, MEMBER, 390)
  const permissions = await member.evaluate(async () => {
    const me = await fetch('/api/v1/auth/me').then((r) => r.json())
    return me.permissions as string[]
  })
  expect(permissions).toEqual(['surveys:read', 'responses:read', 'cases:read'])
  const contactLists = await member.evaluate(
    async () => (await fetch('/api/v1/contact-lists')).status,
  )
  expect(contactLists).toBe(403)

  // The roles page on a phone: the matrix scrolls beside its permission column.
  const phone = await signIn(harness.browser, SECURITY, 390)
  await phone.goto(`${harness.server.url}/app/roles`)
  await phone.getByTestId('role-matrix').waitFor()
  const overflow = await phone.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  )
  expect(overflow).toBeLessThanOrEqual(0)
  for (const p of [page, member, phone]) await p.context().close()
}, 120_000)
