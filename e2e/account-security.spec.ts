import { expect, it } from 'vitest'
import { totpCodeAt } from '../src/auth/totp.js'
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
