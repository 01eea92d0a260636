import { mkdirSync } from 'node:fs'
import { expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { setPassword } from '../src/auth/auth.service.js'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { usersWithEmails } from '../src/auth/team.service.js'
import { loadDemoData } from '../src/demo/demo.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

const harness = useE2eHarness(
  process.env.MANYI_E2E_WEB_DIR ? { webDir: process.env.MANYI_E2E_WEB_DIR } : {},
)
const DESKTOP = { width: 1440, height: 900 }
const PHONE = { width: 390, height: 844 }
const PASSWORD = 'every-page-password-1'
/** The demo's security administrator and auditor (等保 2.0: the audit log is the auditor's). */
const SECURITY = 'sun.demo@manyi.local'
const AUDITOR = 'zhou.demo@manyi.local'

/** A desktop page signed in as one of the demo's people. */
async function signedInAs(browser: Browser, baseUrl: string, email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' })
  const page = await context.newPage()
  await page.goto(`${baseUrl}/app/`)
  await page.getByLabel('邮箱').fill(email)
  await page.getByLabel('密码').fill(PASSWORD)
  await page.getByRole('button', { name: /登\s*录/ }).click()
  await page.getByTestId('switch-language').waitFor()
  return page
}

it('every page of the admin app opens on demo data, in both languages, without a script error', async () => {
  const { store } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const demo = await loadDemoData(scope, { responses: 3_000 })
  const surveyId = demo.surveys[0]!.id
  const caseId = (
    await store.db
      .selectFrom('cases')
      .select('id')
      .where('org_id', '=', scope.orgId)
      .executeTakeFirstOrThrow()
  ).id
  for (const user of await usersWithEmails(scope, [SECURITY, AUDITOR]))
    await setPassword(store.db, user.id, PASSWORD, user.email)
  const problems: string[] = []
  const watched = (page: Page) => {
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`))
    page.on(
      'console',
      (message) => message.type() === 'error' && problems.push(`${page.url()}: ${message.text()}`),
    )
    page.on(
      'response',
      (response) =>
        response.status() >= 500 &&
        problems.push(`${page.url()}: ${response.status()} ${response.url()}`),
    )
    return page
  }
  const adminPage = await loggedInPage(harness.browser, harness.server.url)
  await adminPage.setViewportSize(DESKTOP)
  mkdirSync('test-results/pages', { recursive: true })
  const adminPaths = [
    '/home',
    '/surveys',
    '/surveys/new',
    `/surveys/${surveyId}`,
    `/surveys/${surveyId}/edit`,
    `/surveys/${surveyId}/distribution`,
    '/analyses',
    '/segments',
    '/units',
    '/units/league',
    '/plans',
    '/alerts',
    '/reports',
    '/my-cases',
    '/cases',
    `/cases/${caseId}`,
    '/sla-board',
    '/complaints',
    '/customers',
    '/text',
    '/case-settings',
    '/users',
    '/account',
    '/organisation',
  ]
  // Each page as the member whose permissions open it: the administrator the work, the security
  // administrator the users and roles, the auditor the audit log.
  const visits: Array<[Page, string[]]> = [
    [watched(adminPage), adminPaths],
    [
      watched(await signedInAs(harness.browser, harness.server.url, SECURITY)),
      ['/users', '/roles'],
    ],
    [watched(await signedInAs(harness.browser, harness.server.url, AUDITOR)), ['/audit']],
  ]
  for (const [page, paths] of visits)
    for (const locale of ['zh-CN', 'en-US'] as const) {
      if (locale === 'en-US') await page.getByTestId('switch-language').click()
      for (const path of paths) {
        await page.goto(`${harness.server.url}/app${path}`)
        await page.waitForLoadState('networkidle')
        // Nothing left loading, and no error shown in place of the page.
        await expect
          .poll(() => page.locator('.ant-card-loading, .ant-spin-spinning').count(), {
            timeout: 15_000,
          })
          .toBe(0)
        expect(await page.locator('.ant-alert-error').count(), `${locale} ${path}`).toBe(0)
        const shot = `${locale}${path.replaceAll('/', '_').replace(/_[0-9a-f-]{36}/g, '_id')}`
        await page.screenshot({ path: `test-results/pages/${shot}.png`, fullPage: true })
        // The same page on a phone: it must open as well, and is kept for looking at.
        await page.setViewportSize(PHONE)
        await expect
          .poll(() => page.locator('.ant-card-loading, .ant-spin-spinning').count(), {
            timeout: 15_000,
          })
          .toBe(0)
        await page.screenshot({ path: `test-results/pages/${shot}.phone.png`, fullPage: true })
        await page.setViewportSize(DESKTOP)
        if (path === '/cases' && locale === 'zh-CN') {
          // Someone on the phone gives a case number: the search finds that one case.
          await page.getByTestId('case-search').locator('input').fill('C-000001')
          await page.getByTestId('case-search').locator('input').press('Enter')
          await expect
            .poll(() => page.getByTestId('case-link').allTextContents())
            .toEqual(['C-000001'])
        }
        if (path === '/audit' && locale === 'zh-CN') {
          // Loading the demo is on record; the action filter narrows the log to it.
          await expect
            .poll(() => page.getByTestId('audit-table').locator('tr.ant-table-row').count())
            .toBeGreaterThan(0)
          await page.getByTestId('audit-actions').locator('input').fill('demo.load')
          await page.keyboard.press('Enter')
          await page.keyboard.press('Escape')
          await expect
            .poll(() =>
              page
                .getByTestId('audit-action')
                .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-action'))),
            )
            .toEqual(['demo.load'])
          expect(await page.getByTestId('audit-action').allTextContents()).toEqual(['加载演示数据'])
        }
        if (path === '/complaints' && locale === 'zh-CN') {
          // The complaint database downloads as a spreadsheet of the chosen period.
          const [download] = await Promise.all([
            page.waitForEvent('download'),
            page.getByTestId('export-cases').click(),
          ])
          expect(download.suggestedFilename()).toMatch(
            /^cases-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.xlsx$/,
          )
          const { readFileSync } = await import('node:fs')
          expect(
            readFileSync((await download.path())!)
              .subarray(0, 2)
              .toString(),
          ).toBe('PK')
        }
      }
    }
  expect(problems).toEqual([])
  for (const [page] of visits) await page.context().close()
  // Every page in two languages took 230 s alone on a quiet two-core machine after this round's
  // new pages, and more beside another spec file (browser specs run two at a time).
}, 480_000)
