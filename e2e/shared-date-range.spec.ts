import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { createUser } from '../src/auth/auth.service.js'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { type DateRange, datesOfRange } from '../src/shared/date-range-preset.js'
import { useE2eHarness } from './harness.js'
import { checkScreen, type Locale, userTextCorpus, watchPage } from './journey-checks.js'
import { E2E_ADMIN } from './server.js'

// One date range for every page that shows a period (issue 15): the overview, a survey's
// dashboard, complaints, text insights and segment comparison start from the same default (the
// last 90 days) and show the period a person last chose on any of them; the analysis workbench
// reads a survey's answers of that period until another is picked there. The choice is kept on the
// server for the person, not in the browser: in one browser an administrator picks a period, signs
// out, an analyst signing in there sees the default and keeps their own, and the administrator
// signing in again finds theirs. Screens checked in zh-CN and en-US at 1440 and 390 px.

const harness = useE2eHarness(
  process.env.MANYI_E2E_WEB_DIR ? { webDir: process.env.MANYI_E2E_WEB_DIR } : {},
)

const DESKTOP = { width: 1440, height: 900 }
const PHONE = { width: 390, height: 844 }
const ANALYST = { email: 'analyst@e2e.test', password: 'analyst-pass-12345' }

const WORDS = {
  'zh-CN': { email: '邮箱', password: '密码', submit: /登\s*录/, logout: '退出登录' },
  'en-US': { email: 'E-mail', password: 'Password', submit: /Log in/, logout: 'Log out' },
} as const

/** The organisation's date today (Asia/Shanghai, the default zone), as the pages take it. */
const orgToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format()
const datesOf = (range: DateRange) => {
  const { from, to } = datesOfRange(range, orgToday())
  return [from, to]
}
const daysAgo = (n: number) =>
  new Date(Date.parse(`${orgToday()}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10)

/** The two dates the page's period picker shows. */
async function shownRange(page: Page): Promise<string[]> {
  const picker = page.locator('.ant-picker-range').first()
  await picker.waitFor()
  return picker
    .locator('input')
    .evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value))
}

/** The preset the period's list shows (or that the dates are custom). */
const presetShown = (page: Page) =>
  page
    .getByTestId('date-range-preset')
    .evaluate((el) => (el.closest('.ant-select') ?? el).textContent?.trim())

async function signIn(page: Page, who: { email: string; password: string }, locale: Locale) {
  const words = WORDS[locale]
  await page.getByLabel(words.email).fill(who.email)
  await page.getByLabel(words.password).fill(who.password)
  await page.getByRole('button', { name: words.submit }).click()
  await page.getByTestId('switch-language').waitFor()
}

async function signOut(page: Page, locale: Locale) {
  await page.getByRole('button', { name: WORDS[locale].logout }).click()
  await page.getByLabel(WORDS[locale].email).waitFor()
}

/**
 * What the browser reports while nobody is signed in, between a sign-out and the next sign-in:
 * the sign-in page asks who is signed in, and /auth/me's 401 (with the browser's console line for
 * it) is its answer, not a fault. Everything else found then is kept.
 */
function signedOutNoise(problems: string[], from: number) {
  const expected = (p: string) =>
    p.endsWith(': 401 GET /api/v1/auth/me') ||
    p.endsWith(
      ': console error: Failed to load resource: the server responded with a status of 401 (Unauthorized)',
    )
  problems.splice(from, problems.length - from, ...problems.slice(from).filter((p) => !expected(p)))
}

const storedRange = async (page: Page) =>
  (await (await page.request.get(`${harness.server.url}/api/v1/me/preferences`)).json()) as {
    dateRange?: DateRange
  }

it('the period chosen on one page is every page’s, kept per person across sign-outs in one browser', async () => {
  const { store } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  await createUser(scope, { ...ANALYST, displayName: '数据分析员', role: 'analyst' }, Date.now())
  const context = await harness.browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' })
  context.setDefaultTimeout(90_000)
  const page = await context.newPage()
  const problems: string[] = []
  await page.goto(`${harness.server.url}/app/`)
  await signIn(page, E2E_ADMIN, 'zh-CN')
  watchPage(page, 'date-range', problems)
  const survey = (await (
    await page.request.post(`${harness.server.url}/api/v1/surveys`, {
      data: {
        title: { 'zh-CN': '门店满意度', 'en-US': 'Store satisfaction' },
        questions: [
          {
            key: 'nps',
            type: 'nps',
            title: {
              'zh-CN': '您推荐我们的可能性',
              'en-US': 'How likely are you to recommend us?',
            },
          },
        ],
      },
    })
  ).json()) as { id: string }
  const userText = await userTextCorpus(store)
  const go = (path: string) => page.goto(`${harness.server.url}/app${path}`)
  const PAGES = ['/home', `/surveys/${survey.id}`, '/complaints', '/text', '/segments']
  const look = (label: string, name: string, locale: Locale) =>
    checkScreen({ page, label: `date-range-${label}`, name, locale, userText, problems })

  // 1. The administrator, in Chinese on a desktop: every page starts from the last 90 days.
  for (const path of PAGES) {
    await go(path)
    await expect.poll(() => shownRange(page)).toEqual(datesOf({ preset: '90d' }))
  }
  // A preset picked on the overview is the period of the other pages, kept as the preset.
  await go('/home')
  await page.locator('.ant-picker-range').first().click()
  await page.getByTestId('range-30d').click()
  await expect.poll(() => storedRange(page)).toEqual({ dateRange: { preset: '30d' } })
  for (const path of PAGES.slice(1)) {
    await go(path)
    await expect.poll(() => shownRange(page)).toEqual(datesOf({ preset: '30d' }))
    expect(await presetShown(page)).toBe('近 30 天')
  }
  await look('admin-zh-CN-1440', 'segments', 'zh-CN')
  // Dates typed on segment comparison are the overview's and the complaints' period.
  const fixed = { from: daysAgo(60), to: daysAgo(20) }
  const inputs = page.locator('.ant-picker-range').first().locator('input')
  await inputs.first().click()
  await inputs.first().fill(fixed.from)
  await page.keyboard.press('Enter')
  await inputs.nth(1).fill(fixed.to)
  await page.keyboard.press('Enter')
  await expect.poll(() => storedRange(page)).toEqual({ dateRange: fixed })
  for (const path of ['/home', '/complaints']) {
    await go(path)
    await expect.poll(() => shownRange(page)).toEqual([fixed.from, fixed.to])
    expect(await presetShown(page)).toBe('自定义日期')
  }
  await look('admin-zh-CN-1440', 'complaints', 'zh-CN')
  let signedOutAt = problems.length
  await signOut(page, 'zh-CN')

  // 2. An analyst signing in in the same browser, in English on a phone: the default, not the
  // administrator's period; their own choice is theirs.
  await page.evaluate(() => localStorage.setItem('manyi.locale', 'en-US'))
  await page.setViewportSize(PHONE)
  await page.reload()
  await signIn(page, ANALYST, 'en-US')
  signedOutNoise(problems, signedOutAt)
  expect(await storedRange(page)).toEqual({})
  for (const path of ['/home', '/complaints', '/segments']) {
    await go(path)
    await expect.poll(() => shownRange(page)).toEqual(datesOf({ preset: '90d' }))
  }
  await look('analyst-en-US-390', 'segments', 'en-US')
  // On a phone the presets also have a list of their own, a tap away.
  await go('/complaints')
  await page.getByTestId('date-range-preset').click()
  await page.locator('.ant-select-dropdown:visible').getByTitle('Last 7 days').click()
  await expect.poll(() => storedRange(page)).toEqual({ dateRange: { preset: '7d' } })
  await go('/home')
  await expect.poll(() => shownRange(page)).toEqual(datesOf({ preset: '7d' }))
  expect(await presetShown(page)).toBe('Last 7 days')
  await look('analyst-en-US-390', 'home', 'en-US')
  signedOutAt = problems.length
  await signOut(page, 'en-US')

  // 3. The administrator again, in English on a desktop and in Chinese on a phone: their dates.
  await page.setViewportSize(DESKTOP)
  await signIn(page, E2E_ADMIN, 'en-US')
  signedOutNoise(problems, signedOutAt)
  for (const path of PAGES) {
    await go(path)
    await expect.poll(() => shownRange(page)).toEqual([fixed.from, fixed.to])
  }
  await look('admin-en-US-1440', 'segments', 'en-US')
  // The workbench reads a survey's answers of the same period until another is picked there.
  await go('/analyses')
  await page.getByTestId('analysis-source').getByText('A survey’s answers').click()
  await expect
    .poll(() =>
      page
        .getByTestId('analysis-period')
        .evaluate((el) => (el.closest('.ant-select') ?? el).textContent?.trim()),
    )
    .toBe(`${fixed.from} to ${fixed.to}`)
  await page.evaluate(() => localStorage.setItem('manyi.locale', 'zh-CN'))
  await page.setViewportSize(PHONE)
  await go('/text')
  await expect.poll(() => shownRange(page)).toEqual([fixed.from, fixed.to])
  await look('admin-zh-CN-390', 'text', 'zh-CN')
  await go('/segments')
  await expect.poll(() => shownRange(page)).toEqual([fixed.from, fixed.to])
  await look('admin-zh-CN-390', 'segments', 'zh-CN')
  // The calendar itself fits the phone: its months stack, the presets above them.
  await page.locator('.ant-picker-range').first().click()
  const calendar = page.locator('.ant-picker-dropdown-range:visible')
  await calendar.waitFor()
  await expect
    .poll(() =>
      calendar.evaluate((el) => {
        const box = el.getBoundingClientRect()
        return box.left >= 0 && box.right <= window.innerWidth && box.width > 0
      }),
    )
    .toBe(true)
  await look('admin-zh-CN-390', 'calendar', 'zh-CN')
  await page.keyboard.press('Escape')

  expect(problems).toEqual([])
  await context.close()
}, 420_000)
