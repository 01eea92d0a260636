import { expect, it } from 'vitest'
import { createUser } from '../src/auth/auth.service.js'
import { totpCodeAt } from '../src/auth/totp.js'
import { firstOrganisation } from '../src/organisations/organisation.service.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'
import { E2E_ADMIN } from './server.js'

// Two-factor sign-in in Chromium: the administrator turns it on at My account (1440 px, zh-CN),
// then signs in again with a code on a phone-sized window (390 px, en-US) and sees both sessions.

const harness = useE2eHarness()

it('turns two-factor sign-in on, then signs in with a code and lists the sessions', async () => {
  const page = await loggedInPage(harness.browser, harness.server.url)
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.getByTestId('nav-account').click()
  await page.getByRole('heading', { name: '账户安全' }).waitFor()
  await page.getByRole('button', { name: '开启两步验证' }).click()
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim()
  expect(secret).toMatch(/^[A-Z2-7]{32}$/)
  await page.getByTestId('mfa-code').fill(await totpCodeAt(secret, Date.now()))
  await page.getByTestId('mfa-submit').click()
  await page.getByTestId('recovery-codes').waitFor()
  expect(await page.getByTestId('recovery-codes').locator('li').count()).toBe(10)
  await page.getByTestId('mfa-state').getByText('已开启').waitFor()
  await page.screenshot({ path: 'test-results/account-security-1440-zh.png', fullPage: true })

  const phone = await harness.browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: 'en-US',
  })
  const second = await phone.newPage()
  await second.goto(`${harness.server.url}/app/`)
  await second.evaluate(() => localStorage.setItem('manyi.locale', 'en-US'))
  await second.reload()
  await second.getByLabel('E-mail').fill(E2E_ADMIN.email)
  await second.getByLabel('Password').fill(E2E_ADMIN.password)
  await second.getByRole('button', { name: 'Log in' }).click()
  await second.getByText('Enter the code from your authenticator app').waitFor()
  await second.screenshot({ path: 'test-results/sign-in-code-390-en.png', fullPage: true })
  // The next time step's code: the one that confirmed the enrolment is never accepted again.
  await second.getByTestId('mfa-code').fill(await totpCodeAt(secret, Date.now() + 30_000))
  await second.getByTestId('mfa-submit').click()
  await second.goto(`${harness.server.url}/app/account`)
  await second.getByRole('heading', { name: 'Account security' }).waitFor()
  await expect.poll(() => second.getByTestId('session-row').count()).toBe(2)
  await second.getByText('This session').waitFor()
  const width = await second.evaluate(() => document.documentElement.scrollWidth)
  expect(width).toBeLessThanOrEqual(390)
  await second.screenshot({ path: 'test-results/account-security-390-en.png', fullPage: true })
  await phone.close()
})

it('a security administrator sets the sign-in policy and adds an OpenID Connect provider (390 px)', async () => {
  const { store } = harness.server
  // Of this attempt: a retry of this later test runs on the same server (harness.ts).
  const email = `security-${Date.now().toString(36)}@e2e.local`
  const orgId = (await firstOrganisation(store.db))!
  await createUser(
    { db: store.db, orgId },
    {
      email,
      displayName: '安全管理员',
      password: 'security-e2e-pass-9',
      role: 'security_admin',
    },
    Date.now(),
  )
  const context = await harness.browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: 'zh-CN',
  })
  const page = await context.newPage()
  await page.goto(`${harness.server.url}/app/account`)
  await page.getByLabel('邮箱').fill(email)
  await page.getByLabel('密码').fill('security-e2e-pass-9')
  // Signed in (the cookie set) before opening the page again: a navigation during the login
  // request would abort it.
  const signedIn = page.waitForResponse(
    (r) => r.url().endsWith('/api/v1/auth/login') && r.status() === 200,
  )
  await page.getByRole('button', { name: /登\s*录/ }).click()
  await signedIn
  await page.goto(`${harness.server.url}/app/account`)
  await page.getByTestId('sign-in-policy-card').waitFor()
  const card = page.getByTestId('sso-providers-card')
  await card.getByLabel('登录页上的名称').fill('集团统一身份认证')
  await card.getByLabel('签发者地址（Issuer）').fill('https://idp.example.com')
  await card.getByLabel('客户端 ID').fill('manyi')
  await card.getByLabel('客户端密钥（加密保存，不再显示）').fill('a-client-secret')
  await card.getByLabel('用户组对应角色').fill('cs-agents=agent')
  await card.getByRole('button', { name: /保\s*存/ }).click()
  const listed = card.getByTestId('sso-provider-oidc')
  await listed.waitFor()
  expect(await listed.textContent()).toContain('集团统一身份认证')
  expect(await listed.textContent()).toContain('OpenID Connect · 回调地址')
  // How long the audit log is kept: 180 days unless set longer (never shorter).
  const retention = page.getByTestId('audit-retention-days')
  await expect.poll(() => retention.inputValue()).toBe('180')
  await retention.fill('365')
  await page.getByTestId('audit-retention-save').click()
  await expect
    .poll(
      async () =>
        (
          await store.db
            .selectFrom('audit_chains')
            .select('retention_days')
            .where('org_id', '=', orgId)
            .executeTakeFirst()
        )?.retention_days,
    )
    .toBe(365)
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await page.screenshot({ path: 'test-results/account-security-admin-390-zh.png', fullPage: true })
  await context.close()
})
