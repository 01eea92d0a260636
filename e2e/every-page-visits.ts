import { mkdirSync, readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { expect } from 'vitest'
import { DEMO_AUDITOR, DEMO_PASSWORD, DEMO_SECURITY } from './demo-store.js'
import type { E2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

const DESKTOP = { width: 1440, height: 900 }
const PHONE = { width: 390, height: 844 }

/** Who opens a page: the administrator the work, the security administrator the users and roles, the auditor the audit log. */
export type Visitor = 'admin' | 'security' | 'auditor'

/** A case of the demo, for the case page's path. */
export async function firstCaseId(harness: E2eHarness): Promise<string> {
  const { id } = await harness.server.store.db
    .selectFrom('cases')
    .select('id')
    .executeTakeFirstOrThrow()
  return id
}

/** A desktop page signed in as one of the demo's people. */
async function signedInAs(browser: Browser, baseUrl: string, email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' })
  const page = await context.newPage()
  await page.goto(`${baseUrl}/app/`)
  await page.getByLabel('邮箱').fill(email)
  await page.getByLabel('密码').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: /登\s*录/ }).click()
  await page.getByTestId('switch-language').waitFor()
  return page
}

async function visitorPage(harness: E2eHarness, visitor: Visitor): Promise<Page> {
  const { browser, server } = harness
  if (visitor === 'security') return signedInAs(browser, server.url, DEMO_SECURITY)
  if (visitor === 'auditor') return signedInAs(browser, server.url, DEMO_AUDITOR)
  const page = await loggedInPage(browser, server.url)
  await page.setViewportSize(DESKTOP)
  return page
}

/**
 * Opens each path as its visitor in zh-CN, then in en-US: the page must finish loading, show no
 * error, and do the same at phone width; both widths are kept as screenshots in test-results/pages.
 * Script errors, console errors and 5xx answers on any page fail the visit.
 */
export async function visitPages(
  harness: E2eHarness,
  visits: Array<[Visitor, string[]]>,
): Promise<void> {
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
  mkdirSync('test-results/pages', { recursive: true })
  const pages: Page[] = []
  for (const [visitor, paths] of visits) {
    const page = watched(await visitorPage(harness, visitor))
    pages.push(page)
    for (const locale of ['zh-CN', 'en-US'] as const) {
      if (locale === 'en-US') await page.getByTestId('switch-language').click()
      for (const path of paths) await visitPage(harness, page, locale, path)
    }
  }
  expect(problems).toEqual([])
  for (const page of pages) await page.context().close()
}

async function visitPage(
  harness: E2eHarness,
  page: Page,
  locale: 'zh-CN' | 'en-US',
  path: string,
): Promise<void> {
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
  if (locale === 'zh-CN') await PAGE_CHECKS[path]?.(page)
}

/** What some pages must also do, beyond opening, checked once (in zh-CN). */
const PAGE_CHECKS: Record<string, (page: Page) => Promise<void>> = {
  '/home': async (page) => {
    // The lowest-scoring channels' last column has a short header (the full one was clipped on a
    // phone); the full header is its tooltip.
    const header = page.getByTestId('home-vs-rest-header')
    expect(await header.textContent()).toBe('对比其余')
    await header.hover()
    await expect.poll(() => page.getByRole('tooltip').textContent()).toBe('与其余答卷相比')
    // On a phone each channel's count stays whole under its NPS ("(n =" / "121)" before), and
    // nothing in the table runs past the card.
    await page.setViewportSize(PHONE)
    const card = page.getByTestId('home-worst-segments')
    const pastCard = () =>
      card.evaluate((el) => {
        const body = el.querySelector('.ant-card-body')!.getBoundingClientRect()
        const rights = [...el.querySelectorAll('td *')].map((c) => c.getBoundingClientRect().right)
        return Math.max(...rights) - body.right
      })
    await expect.poll(pastCard).toBeLessThanOrEqual(0)
    const lines = await page
      .getByTestId('home-segment-count')
      .evaluateAll((counts) => counts.map((count) => count.getClientRects().length))
    expect(lines.length).toBeGreaterThan(0)
    expect(lines.filter((n) => n !== 1)).toEqual([])
    await page.setViewportSize(DESKTOP)
  },
  '/cases': async (page) => {
    // Someone on the phone gives a case number: the search finds that one case.
    await page.getByTestId('case-search').locator('input').fill('C-000001')
    await page.getByTestId('case-search').locator('input').press('Enter')
    await expect.poll(() => page.getByTestId('case-link').allTextContents()).toEqual(['C-000001'])
  },
  '/audit': async (page) => {
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
  },
  '/complaints': async (page) => {
    // The complaint database downloads as a spreadsheet of the chosen period.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-cases').click(),
    ])
    expect(download.suggestedFilename()).toMatch(
      /^cases-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.xlsx$/,
    )
    expect(
      readFileSync((await download.path())!)
        .subarray(0, 2)
        .toString(),
    ).toBe('PK')
  },
}
