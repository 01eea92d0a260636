import { generate } from 'otplib'
import type { Page } from 'playwright-core'
import { afterAll, expect, it } from 'vitest'
import {
  browserSession,
  type OrganisationSignOn,
  passwordSession,
  setUpSignOn,
  SIGN_ON_NAMES,
} from './enterprise-stand-ins.js'
import { useE2eHarness } from './harness.js'
import { checkScreen, userTextCorpus, watchPage } from './journey-checks.js'
import { loggedInPage } from './login.js'

// Issue 13's journey in Chromium: the instance operator creates an organisation in the console;
// its security administrator adds the organisation's OpenID Connect provider and WeCom app; the
// administrator signs in through the OpenID provider, turns two-factor sign-in on and signs in
// again with a code; the administrator invites an agent, who signs in through WeCom; a complaint
// with a phone number goes to that agent, who reveals the number with a reason on the case page;
// the organisation's auditor finds the reveal in the audit log — without the number.

// E2E_WEB_DIR: serve an admin app built elsewhere (a private `vite build --outDir`).
const harness = useE2eHarness(process.env.E2E_WEB_DIR ? { webDir: process.env.E2E_WEB_DIR } : {})
const ORG = '东湖水务客服中心'
const ADMIN = { email: 'liu@east-lake.test', name: '刘主任', password: 'east-lake-admin-27' }
const SECURITY = { email: 'sun@east-lake.test', name: '孙安全', password: 'east-lake-sec-31' }
const AUDITOR = { email: 'zhou@east-lake.test', name: '周审计', password: 'east-lake-audit-43' }
const AGENT = { email: 'wang@east-lake.test', name: '王客服' }
const PHONE = '13987654321'
const REASON = '回电核实停水地址'
let signOn: OrganisationSignOn | undefined
afterAll(async () => signOn?.close())

/** The code an authenticator app shows `ahead` ms from now (otplib: SHA-1, 6 digits, 30 s). */
const codeOf = (secret: string, ahead = 0) =>
  generate({ secret, epoch: Math.floor((Date.now() + ahead) / 1000) })

async function newPage(width: number, locale = 'zh-CN'): Promise<Page> {
  const context = await harness.browser.newContext({
    viewport: { width, height: width < 500 ? 844 : 900 },
    isMobile: width < 500,
    locale,
  })
  return context.newPage()
}

/** The login page of the organisation's link (`?org=`), then its single sign-on button. */
async function signInThrough(page: Page, orgId: string, provider: string): Promise<void> {
  await page.goto(`${harness.server.url}/app/?org=${orgId}`)
  await page
    .getByTestId('sso-button')
    .filter({ hasText: `使用${provider}登录` })
    .click()
}

it('an organisation from the operator console signs in through its providers, reveals a phone on a case and audits it', async () => {
  const { store, url } = harness.server
  const problems: string[] = []
  const userText = async () => userTextCorpus(store)

  // 1. The instance's operator (the first administrator) creates the organisation.
  const operator = await loggedInPage(harness.browser, url)
  await operator.setViewportSize({ width: 1440, height: 900 })
  watchPage(operator, 'operator', problems)
  await operator.getByTestId('nav-operator').click()
  await operator.getByRole('heading', { name: '运维控制台' }).waitFor()
  await operator.getByTestId('operator-name').fill(ORG)
  await operator.getByTestId('operator-admin-email').fill(ADMIN.email)
  await operator.getByTestId('operator-admin-name').fill(ADMIN.name)
  await operator.getByTestId('operator-admin-password').fill(ADMIN.password)
  await operator.getByTestId('operator-create').click()
  await operator.getByTestId('operator-created').getByText(`已创建组织“${ORG}”`).waitFor()
  await operator.getByTestId('operator-organisations').getByText(ORG).waitFor()
  const org = await store.db
    .selectFrom('organisations')
    .select(['id', 'suspended_at'])
    .where('name', '=', ORG)
    .executeTakeFirstOrThrow()
  expect(org.suspended_at).toBeNull()
  await checkScreen({
    page: operator,
    label: 'enterprise-operator-zh-1440',
    name: 'operator-console',
    locale: 'zh-CN',
    userText: await userText(),
    problems,
  })
  // … and names its security administrator and auditor (an organisation's administrator may not
  // grant those roles: 等保 2.0 separation).
  for (const [person, roleName] of [
    [SECURITY, '安全管理员'],
    [AUDITOR, '审计管理员'],
  ] as const) {
    await operator.getByTestId(`add-member-${ORG}`).click()
    const dialog = operator.getByRole('dialog')
    await dialog.getByTestId('operator-member-role').click()
    await operator.locator('.ant-select-item-option').filter({ hasText: roleName }).click()
    await dialog.getByTestId('operator-member-email').fill(person.email)
    await dialog.getByTestId('operator-member-name').fill(person.name)
    await dialog.getByTestId('operator-member-password').fill(person.password)
    await dialog.getByTestId('operator-member-add').click()
    await dialog.getByTestId('operator-member-added').getByText(`已添加${roleName}`).waitFor()
    await dialog.getByRole('button', { name: '关闭' }).click()
    await dialog.waitFor({ state: 'detached' })
  }
  await operator.context().close()

  // 2. The security administrator adds the sign-on providers through the API.
  const security = await passwordSession(url, SECURITY.email, SECURITY.password)
  const members = await security.call<{ users: Array<{ id: string; email: string }> }>(
    'GET',
    '/users',
  )
  const auditor = members.users.find((u) => u.email === AUDITOR.email)!
  expect(auditor).toBeDefined()
  signOn = await setUpSignOn(url, security, { '2': 'agent' })
  const buttons = await fetch(`${url}/api/v1/auth/login/sso?org=${org.id}`).then((r) => r.json())
  expect(buttons.providers.map((p: { name: string }) => p.name)).toEqual([
    SIGN_ON_NAMES.oidc,
    SIGN_ON_NAMES.wecom,
  ])

  // 3. The administrator signs in through the OpenID provider (linked by their verified e-mail).
  signOn.oidc.account.current = {
    sub: 'idp-liu',
    email: ADMIN.email,
    name: ADMIN.name,
    groups: ['east-lake-staff'],
  }
  const admin = await newPage(1440)
  await signInThrough(admin, org.id, SIGN_ON_NAMES.oidc)
  await admin.getByTestId('nav-account').waitFor()
  const adminMe = await (await browserSession(url, admin.context())).call<{
    user: { id: string; email: string }
    role: string
    orgId: string
  }>('GET', '/auth/me')
  expect(adminMe).toMatchObject({ user: { email: ADMIN.email }, role: 'admin' })
  const firstCookie = (await browserSession(url, admin.context())).cookie
  watchPage(admin, 'admin', problems)

  // 4. … turns two-factor sign-in on at My account with a code computed here …
  await admin.getByTestId('nav-account').click()
  await admin.getByRole('heading', { name: '账户安全' }).waitFor()
  await admin.getByRole('button', { name: '开启两步验证' }).click()
  const secret = (await admin.getByTestId('totp-secret').textContent())!.trim()
  expect(secret).toMatch(/^[A-Z2-7]{32}$/)
  await admin.getByTestId('mfa-code').fill(await codeOf(secret))
  await admin.getByTestId('mfa-submit').click()
  await admin.getByTestId('recovery-codes').waitFor()
  expect(await admin.getByTestId('recovery-codes').locator('li').count()).toBe(10)
  await admin.getByTestId('mfa-state').getByText('已开启').waitFor()
  await checkScreen({
    page: admin,
    label: 'enterprise-admin-zh-1440',
    name: 'account',
    locale: 'zh-CN',
    userText: await userText(),
    problems,
  })

  // … and signs in again: the provider, then the next time step's code (never the same twice).
  // The header's 退出登录 ends the session on the server and shows the login page at once.
  // On the login page from here until signed in again: its own probe of the session is a 401 by
  // design, so what the admin's page reports meanwhile is left out.
  const signedOutAt = problems.length
  await admin.getByRole('button', { name: '退出登录' }).click()
  await expect
    .poll(
      async () =>
        (await fetch(`${url}/api/v1/auth/me`, { headers: { cookie: firstCookie } })).status,
    )
    .toBe(401)
  await admin.getByTestId('sso-button').first().waitFor()
  await admin.getByTestId('sso-button').filter({ hasText: SIGN_ON_NAMES.oidc }).click()
  await admin.getByText('请输入身份验证器应用上的验证码').waitFor()
  await admin.screenshot({ path: 'test-results/enterprise-oidc-code-1440-zh.png', fullPage: true })
  await admin.getByTestId('mfa-code').fill(await codeOf(secret, 30_000))
  await admin.getByTestId('mfa-submit').click()
  await admin.getByTestId('nav-users').waitFor()
  const onLoginPage = problems.splice(signedOutAt)
  expect(onLoginPage.filter((p) => !p.startsWith('admin /app/'))).toEqual([])
  const adminSession = await browserSession(url, admin.context())
  expect((await adminSession.call<{ user: { id: string } }>('GET', '/auth/me')).user.id).toBe(
    adminMe.user.id,
  )

  // 5. The administrator invites the agent on the users page.
  await admin.goto(`${url}/app/users`)
  const addCard = admin.locator('.ant-card').filter({ hasText: '添加用户' }).last()
  await addCard.getByPlaceholder('邮箱').fill(AGENT.email)
  await addCard.getByPlaceholder('姓名').fill(AGENT.name)
  // The agent signs in through WeCom only: no password to hand over.
  await addCard.getByText('仅单点登录').click()
  await expect.poll(() => addCard.getByPlaceholder('初始密码（至少 10 位）').count()).toBe(0)
  await addCard.locator('.ant-select').click()
  await admin.getByTitle('客服专员').click()
  await addCard.getByRole('button', { name: '添加用户' }).click()
  await admin.getByTestId(`role-${AGENT.email}`).waitFor()
  const agentId = (
    await store.db
      .selectFrom('users')
      .select(['id', 'role'])
      .where('org_id', '=', org.id)
      .where('email', '=', AGENT.email)
      .executeTakeFirstOrThrow()
  ).id

  // 6. A hotline complaint with the caller's phone, assigned to the agent.
  const filed = await adminSession.call<{ caseId: string }>('POST', '/feedback', {
    channel: 'hotline',
    kind: 'complaint',
    text: '小区停水三天无人处理',
    customer: { name: '李四', phone: PHONE },
  })
  await adminSession.call('POST', `/cases/${filed.caseId}/assign`, { ownerId: agentId })
  await admin.context().close()

  // 7. The agent signs in through WeCom on a phone (linked to the invitation by e-mail) …
  signOn.wecom.member.current = {
    userid: 'WangKeFu',
    name: AGENT.name,
    department: [2],
    email: AGENT.email,
  }
  const agent = await newPage(390)
  await signInThrough(agent, org.id, SIGN_ON_NAMES.wecom)
  await agent.getByTestId('nav-cases').waitFor({ state: 'attached' })
  const agentMe = await (await browserSession(url, agent.context())).call<{
    user: { id: string }
    role: string
  }>('GET', '/auth/me')
  expect(agentMe).toMatchObject({ user: { id: agentId }, role: 'agent' })
  expect(signOn.wecom.requests.map((r) => r.path)).toEqual([
    '/wwopen/sso/qrConnect',
    '/cgi-bin/gettoken',
    '/cgi-bin/auth/getuserinfo',
    '/cgi-bin/user/get',
  ])
  watchPage(agent, 'agent', problems)

  // 8. … sees the caller's phone masked, reveals it with a reason and sees it whole.
  await agent.goto(`${url}/app/cases/${filed.caseId}`)
  const phone = () => agent.getByTestId('customer-phone-value').textContent()
  await expect.poll(phone).toBe('139****4321')
  expect(await agent.content()).not.toContain(PHONE)
  await agent.getByTestId('reveal-phone').click()
  await expect.poll(() => agent.getByTestId('reveal-confirm').isDisabled()).toBe(true)
  await agent.getByTestId('reveal-reason').fill(REASON)
  const [revealed] = await Promise.all([
    agent.waitForResponse((r) => r.url().endsWith(`/cases/${filed.caseId}/reveal`)),
    agent.getByTestId('reveal-confirm').click(),
  ])
  expect(revealed.status()).toBe(200)
  await expect.poll(phone).toBe(PHONE)
  expect(await agent.getByTestId('customer-name-value').textContent()).toBe('李*')
  await checkScreen({
    page: agent,
    label: 'enterprise-agent-zh-390',
    name: 'case-revealed',
    locale: 'zh-CN',
    userText: await userText(),
    problems,
  })
  await agent.context().close()

  // 9. The auditor signs in and finds the reveal on the audit page: case, field, reason, no number.
  const audit = await newPage(1440)
  await audit.goto(`${url}/app/`)
  await audit.getByLabel('邮箱').fill(AUDITOR.email)
  await audit.getByLabel('密码').fill(AUDITOR.password)
  await audit.getByRole('button', { name: /登\s*录/ }).click()
  await audit.getByTestId('audit-table').waitFor()
  watchPage(audit, 'auditor', problems)
  expect(auditor.id).not.toBe(agentId)
  await audit.getByTestId('audit-search').locator('input').fill('personal-data.reveal')
  await audit.getByTestId('audit-search').locator('input').press('Enter')
  await expect
    .poll(() => audit.getByTestId('audit-action').allTextContents())
    .toEqual(['查看完整个人信息'])
  const row = audit.locator('tr').filter({ has: audit.getByTestId('audit-action') })
  const rowText = (await row.textContent()) ?? ''
  // Who revealed: the agent by name (the audit API names members; the auditor may not list users).
  const actor = (await row.locator('td').nth(2).textContent())?.trim()
  expect(actor).toBe(AGENT.name)
  expect(agentId).not.toBe(actor)
  expect(rowText).toContain(filed.caseId)
  expect(rowText).toContain(`原因：${REASON}`)
  expect(rowText).toContain('字段：phone')
  expect(await audit.content()).not.toContain(PHONE)
  await audit.getByTestId('audit-verify').click()
  await expect.poll(() => audit.getByTestId('audit-chain').getAttribute('data-ok')).toBe('true')
  await checkScreen({
    page: audit,
    label: 'enterprise-auditor-zh-1440',
    name: 'audit-reveal',
    locale: 'zh-CN',
    userText: await userText(),
    problems,
  })
  await audit.context().close()

  // Known, reported in notes/requests.md (→ AUDIT): the detail column shows the entry's raw JSON,
  // whose feedbackId key the screen check finds. Everything else must be clean.
  expect(problems).toEqual([])
})
