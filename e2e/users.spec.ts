import { gzipSync } from 'node:zlib'
import { expect, it } from 'vitest'
import { createUser } from '../src/auth/auth.service.js'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

const harness = useE2eHarness()

it('an administrator sets a colleague’s department, role and password; the colleague logs in with it', async () => {
  const { store } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  await createUser(
    { db: store.db, orgId: scope.orgId },
    { email: 'li@e2e.local', displayName: '李客服', password: 'first-password-1', role: 'agent' },
    Date.now(),
  )
  const admin = await loggedInPage(harness.browser, harness.server.url)
  await admin.goto(`${harness.server.url}/app/users`)
  // The password is the person's (identities), the role and department the membership's (users).
  const user = () =>
    store.db
      .selectFrom('users')
      .innerJoin('identities', 'identities.id', 'users.identity_id')
      .select(['users.role', 'users.department', 'identities.password_hash'])
      .where('users.email', '=', 'li@e2e.local')
      .executeTakeFirstOrThrow()
  const before = await user()

  await admin.getByTestId('department-li@e2e.local').fill('华东服务部')
  await admin.getByTestId('department-li@e2e.local').press('Enter')
  await expect.poll(async () => (await user()).department).toBe('华东服务部')

  await admin.getByTestId('role-li@e2e.local').click()
  await admin.getByTitle('主管').click()
  await expect.poll(async () => (await user()).role).toBe('supervisor')

  await admin.getByTestId('password-li@e2e.local').click()
  await admin.getByTestId('new-password').fill('second-password-2')
  await admin.getByTestId('save-password').click()
  await expect.poll(async () => (await user()).password_hash).not.toBe(before.password_hash)
  await admin.screenshot({ path: 'test-results/users.png', fullPage: true })
  await admin.context().close()

  const context = await harness.browser.newContext({ locale: 'zh-CN' })
  const page = await context.newPage()
  await page.goto(`${harness.server.url}/app/`)
  await page.getByLabel('邮箱').fill('li@e2e.local')
  await page.getByLabel('密码').fill('second-password-2')
  await page.getByRole('button', { name: /登\s*录/ }).click()
  // A supervisor sees the SLA board.
  await page.getByTestId('nav-sla').waitFor()
  await context.close()
})

it('an administrator creates an API token (its secret shown once) and disables a colleague, whose login is then refused with a message', async () => {
  const { store } = harness.server
  // Of this attempt: a retry of this later test runs on the same server (harness.ts).
  const run = Date.now().toString(36)
  const zhou = `zhou-${run}@e2e.local`
  const tokenName = `BI 导出 ${run}`
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  await createUser(
    { db: store.db, orgId: scope.orgId },
    {
      email: zhou,
      displayName: '周分析',
      password: 'zhou-password-1',
      role: 'analyst',
    },
    Date.now(),
  )
  const admin = await loggedInPage(harness.browser, harness.server.url)
  await admin.goto(`${harness.server.url}/app/users`)

  await admin.getByTestId('token-name').fill(tokenName)
  await admin.getByTestId('create-token').click()
  const secret = await admin.getByTestId('token-secret').textContent()
  expect(secret).toMatch(/^mny_/)
  const me = await fetch(`${harness.server.url}/api/v1/auth/me`, {
    headers: { authorization: `Bearer ${secret}` },
  })
  expect(me.status).toBe(200)
  await admin.getByTestId(`revoke-${tokenName}`).waitFor()

  await admin.getByTestId(`disable-${zhou}`).click()
  await expect
    .poll(
      async () =>
        (
          await store.db
            .selectFrom('users')
            .select('disabled_at')
            .where('email', '=', zhou)
            .executeTakeFirstOrThrow()
        ).disabled_at,
    )
    .not.toBeNull()
  await admin.getByTestId(`enable-${zhou}`).waitFor()
  await admin.context().close()

  const context = await harness.browser.newContext({ locale: 'zh-CN' })
  const page = await context.newPage()
  await page.goto(`${harness.server.url}/app/`)
  await page.getByLabel('邮箱').fill(zhou)
  await page.getByLabel('密码').fill('zhou-password-1')
  await page.getByRole('button', { name: /登\s*录/ }).click()
  await page.getByText('此账户已被停用，请联系本组织的管理员').waitFor()
  await context.close()
})

it('the login page loads at most 300 KB of JavaScript (gzip): pages and echarts load when visited', async () => {
  const context = await harness.browser.newContext({ locale: 'zh-CN' })
  const page = await context.newPage()
  const scripts: Promise<number>[] = []
  // Sized as sent: gzip at the level of the build's .gz files (web/vite.config.ts).
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.endsWith('.js'))
      scripts.push(response.body().then((body) => gzipSync(body, { level: 9 }).length))
  })
  await page.goto(`${harness.server.url}/app/`)
  await page.getByLabel('邮箱').waitFor()
  const sizes = await Promise.all(scripts)
  const total = sizes.reduce((sum, size) => sum + size, 0)
  expect(sizes.length).toBeGreaterThan(0)
  // Everything up front was 701 KB gzip; echarts alone is about 228 KB.
  expect(total).toBeLessThanOrEqual(300 * 1024)
  await context.close()
})
