import { expect, it } from 'vitest'
import { CLI_OPERATOR, createOrganisationAsOperator } from '../src/auth/operator.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'
import { E2E_ADMIN } from './server.js'

// The operator console and the organisation switcher in Chromium: the first administrator is the
// instance's operator; screenshots at 1440 px (zh-CN) and 390 px (en-US).

const harness = useE2eHarness()

it('the operator creates, suspends and resumes an organisation, joins another one and switches to it', async () => {
  const { store } = harness.server
  const page = await loggedInPage(harness.browser, harness.server.url)
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.getByTestId('nav-operator').click()
  await page.getByRole('heading', { name: '运维控制台' }).waitFor()

  // A new organisation with a new administrator and a chosen password.
  await page.getByTestId('operator-name').fill('华南水务客服中心')
  await page.getByTestId('operator-admin-email').fill('chen@south-water.test')
  await page.getByTestId('operator-admin-name').fill('陈主任')
  await page.getByTestId('operator-admin-password').fill('south-admin-pw-31')
  await page.getByTestId('operator-create').click()
  await page
    .getByTestId('operator-created')
    .getByText('已创建组织“华南水务客服中心”')
    .waitFor()
    .catch(async (error) => {
      await page.screenshot({ path: 'test-results/operator-console-failed.png', fullPage: true })
      throw error
    })
  const table = page.getByTestId('operator-organisations')
  await table.getByText('华南水务客服中心').waitFor()

  // Its administrator signs in before the suspension.
  const chen = await harness.browser.newContext({ locale: 'zh-CN' })
  const chenPage = await chen.newPage()
  await chenPage.goto(`${harness.server.url}/app/`)
  await chenPage.getByLabel('邮箱').fill('chen@south-water.test')
  await chenPage.getByLabel('密码').fill('south-admin-pw-31')
  await chenPage.getByRole('button', { name: /登\s*录/ }).click()
  await chenPage.getByTestId('switch-language').waitFor()

  await page.getByTestId('suspend-华南水务客服中心').click()
  await page
    .getByRole('button', { name: '暂 停' })
    .or(page.getByRole('button', { name: '暂停' }))
    .last()
    .click()
  await page.getByTestId('resume-华南水务客服中心').waitFor()
  await expect
    .poll(
      async () =>
        (
          await store.db
            .selectFrom('organisations')
            .select('suspended_at')
            .where('name', '=', '华南水务客服中心')
            .executeTakeFirstOrThrow()
        ).suspended_at,
    )
    .not.toBeNull()
  await page.screenshot({ path: 'test-results/operator-console-1440-zh.png', fullPage: true })
  // Suspended: its administrator is refused with the reason.
  const refused = await fetch(`${harness.server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: harness.server.url },
    body: JSON.stringify({ email: 'chen@south-water.test', password: 'south-admin-pw-31' }),
  })
  expect((await refused.json()).error.code).toBe('ORGANISATION_SUSPENDED')
  // The open session is refused, and the app says why above the sign-in form.
  await chenPage.reload()
  await chenPage.getByTestId('suspended').getByText('该组织已被暂停').waitFor()
  await chen.close()
  await page.getByTestId('resume-华南水务客服中心').click()
  await page.getByTestId('suspend-华南水务客服中心').waitFor()

  // The operator adds themself as another organisation's administrator: a known person.
  await page.getByTestId('operator-name').fill('华北燃气客服中心')
  await page.getByTestId('operator-admin-email').fill(E2E_ADMIN.email)
  await page.getByTestId('operator-admin-name').fill('运维')
  await page.getByTestId('operator-create').click()
  await page.getByTestId('operator-created').getByText('将继续使用其本人的密码登录').waitFor()
  await page.reload()
  const switcher = page.getByTestId('org-switcher')
  await switcher.waitFor()
  await switcher.click()
  await page.getByTitle('华北燃气客服中心').click()
  await page.getByText('华北燃气客服中心 · 运维').waitFor()
  await page.context().close()
})

it('the console and the switcher fit a phone, in English', async () => {
  // The operator is a member of a second organisation, so the switcher shows; its name is this
  // attempt's (a retry of this later test runs on the same server, harness.ts).
  const name = `西部电力客服中心 ${Date.now().toString(36)}`
  await createOrganisationAsOperator(
    harness.server.store.db,
    { actor: CLI_OPERATOR, now: Date.now() },
    { name, admin: { email: E2E_ADMIN.email, displayName: 'Ops' } },
  )
  const context = await harness.browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: 'en-US',
  })
  const page = await context.newPage()
  await page.goto(`${harness.server.url}/app/`)
  await page.evaluate(() => localStorage.setItem('manyi.locale', 'en-US'))
  await page.goto(`${harness.server.url}/app/`)
  await page.getByLabel('E-mail').fill(E2E_ADMIN.email)
  await page.getByLabel('Password').fill(E2E_ADMIN.password)
  await page.getByRole('button', { name: /Log\s*in|Sign\s*in/i }).click()
  await page.getByTestId('nav-menu').click()
  await page.getByTestId('nav-operator').last().click()
  await page.getByRole('heading', { name: 'Operator console' }).waitFor()
  await page.getByTestId('operator-organisations').getByText(name).waitFor()
  // Nothing wider than the phone but the table, which scrolls inside its card.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(overflow).toBeLessThanOrEqual(390)
  await expect.poll(() => page.getByTestId('org-switcher').isVisible()).toBe(true)
  await page.screenshot({ path: 'test-results/operator-console-390-en.png', fullPage: true })
  await context.close()
})
