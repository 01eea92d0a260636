import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createUser } from '../src/auth/auth.service.js'
import { type LdapStandIn, startLdapStandIn } from '../src/auth/sso/test-ldap-server.js'
import { startWecomStandIn, type WecomStandIn } from '../src/auth/sso/test-wecom-server.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// The security administrator adds the organisation's WeCom app and its LDAP directory on the
// account page (not through the API), in Chinese on a desktop and in English on a phone; a new
// colleague then signs in through the WeCom button of the login page and gets the role their
// department maps to, and a directory person through the LDAP provider.

// E2E_WEB_DIR: serve an admin app built elsewhere (a private `vite build --outDir`).
// The beforeAll below puts its user on the server: a retry keeps the server (harness.ts).
const harness = useE2eHarness(
  process.env.E2E_WEB_DIR ? { webDir: process.env.E2E_WEB_DIR } : {},
  undefined,
  { freshRetry: false },
)
const SECURITY = { email: 'an@sso-page.test', password: 'sso-page-security-1' }
let wecom: WecomStandIn
let directory: LdapStandIn
let orgId = ''

beforeAll(async () => {
  const { store } = harness.server
  orgId = (await store.db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()).id
  await createUser(
    { db: store.db, orgId },
    {
      email: SECURITY.email,
      displayName: '安安全',
      password: SECURITY.password,
      role: 'security_admin',
    },
    Date.now(),
  )
  wecom = await startWecomStandIn()
  directory = await startLdapStandIn([
    {
      uid: 'qian',
      cn: '钱督导',
      mail: 'qian@sso-page.test',
      password: 'qian-directory-pw',
      memberOf: ['cn=supervisors,ou=groups,dc=corp,dc=example'],
    },
  ])
})
afterAll(async () => {
  await wecom?.close()
  await directory?.close()
})

async function accountPage(width: number, locale: string): Promise<Page> {
  const page = await loggedInPage(harness.browser, harness.server.url, { as: SECURITY })
  await page.setViewportSize({ width, height: width < 500 ? 844 : 900 })
  if (locale === 'en-US') await page.evaluate(() => localStorage.setItem('manyi.locale', 'en-US'))
  await page.goto(`${harness.server.url}/app/account`)
  await page.getByTestId('sso-providers-card').waitFor()
  return page
}

async function chooseKind(page: Page, label: string): Promise<void> {
  await page.getByTestId('sso-kind').click()
  await page.locator('.ant-select-item-option').filter({ hasText: label }).click()
}

it('adds a WeCom app and an LDAP directory on the account page, and both sign people in', async () => {
  const zh = await accountPage(1440, 'zh-CN')
  const card = zh.getByTestId('sso-providers-card')
  await chooseKind(zh, '企业微信')
  await card.getByTestId('sso-name').fill('企业微信')
  await card.getByTestId('sso-corpId').fill(wecom.corpId)
  await card.getByTestId('sso-agentId').fill(wecom.agentId)
  await card.getByTestId('sso-secret').fill(wecom.secret)
  await card.getByText('私有化部署地址（可选）').click()
  await card.getByTestId('sso-authorizeUrl').fill(`${wecom.baseUrl}/wwopen/sso/qrConnect`)
  await card.getByTestId('sso-apiBaseUrl').fill(wecom.baseUrl)
  await card.getByTestId('sso-mapping').fill('2=agent')
  await card.getByTestId('sso-save').click()
  await card.getByTestId('sso-added').getByText('已添加身份提供方“企业微信”').waitFor()
  const listed = card.getByTestId('sso-provider-wecom')
  await listed.waitFor()
  // The kind in words, never its code.
  expect(await listed.textContent()).toContain('企业微信 · 回调地址')
  expect(await card.textContent()).not.toMatch(/WECOM|wecom/)
  await zh.screenshot({ path: 'test-results/sso-providers-zh-1440.png', fullPage: true })
  await zh.context().close()

  const en = await accountPage(390, 'en-US')
  const enCard = en.getByTestId('sso-providers-card')
  await chooseKind(en, 'LDAP / AD directory')
  await enCard.getByTestId('sso-name').fill('Corporate directory')
  await enCard.getByTestId('sso-url').fill(directory.url)
  await enCard.getByTestId('sso-bindDn').fill(directory.bindDn)
  await enCard.getByTestId('sso-secret').fill(directory.bindPassword)
  await enCard.getByTestId('sso-searchBase').fill(directory.searchBase)
  await enCard.getByTestId('sso-searchFilter').fill('(|(uid={login})(mail={login}))')
  await enCard
    .getByTestId('sso-mapping')
    .fill('cn=supervisors,ou=groups,dc=corp,dc=example=supervisor')
  await enCard.getByTestId('sso-save').click()
  await enCard.getByText('Identity provider “Corporate directory” added').waitFor()
  await enCard.getByTestId('sso-provider-ldap').waitFor()
  expect(await enCard.getByTestId('sso-provider-ldap').textContent()).not.toContain('callback')
  await en.screenshot({ path: 'test-results/sso-providers-en-390.png', fullPage: true })
  await en.context().close()

  // A colleague of department 2 scans WeCom's code from the login page: an agent, made just in time.
  wecom.member.current = {
    userid: 'ZhaoKeFu',
    name: '赵客服',
    department: [2],
    email: 'zhao@sso-page.test',
  }
  const context = await harness.browser.newContext({ locale: 'zh-CN' })
  const login = await context.newPage()
  await login.goto(`${harness.server.url}/app/?org=${orgId}`)
  await login.getByTestId('sso-button').filter({ hasText: '使用企业微信登录' }).click()
  await login.getByTestId('nav-account').waitFor({ state: 'attached' })
  const me = await login.evaluate(async () => (await fetch('/api/v1/auth/me')).json())
  expect(me).toMatchObject({ user: { email: 'zhao@sso-page.test' }, role: 'agent' })
  await context.close()

  // The directory's supervisor signs in with their directory password.
  const providers = await fetch(`${harness.server.url}/api/v1/auth/login/sso?org=${orgId}`).then(
    (r) => r.json() as Promise<{ providers: Array<{ id: string; kind: string }> }>,
  )
  const ldap = providers.providers.find((p) => p.kind === 'ldap')!
  const signedIn = await fetch(`${harness.server.url}/api/v1/auth/login/ldap`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ providerId: ldap.id, login: 'qian', password: 'qian-directory-pw' }),
  })
  expect(signedIn.status).toBe(200)
  expect(await signedIn.json()).toMatchObject({ role: 'supervisor' })
})
