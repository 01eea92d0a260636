import { expect, it } from 'vitest'
import { createUser } from '../src/auth/auth.service.js'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { adminApi } from './admin-api.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// Praise passed on reaches the employee it names (issue 20): a customer praises an employee who
// signs in; an agent passes the praise on; the employee finds it in the bell, in their language
// (zh-CN, then en-US), with the customer's words, and opens their own scorecard from it, which
// counts the praise. Unique codes per attempt, so the spec runs again on the same server.
// Screenshots of the open bell in both languages at 1440 and 390 px (SHOTS_DIR).

const harness = useE2eHarness()
const { api, apiSession } = adminApi(harness)
const SHOTS = process.env.SHOTS_DIR

it('tells the praised employee in the bell, in their language, and links to their scorecard', async () => {
  const { store, url } = harness.server
  const run = Date.now().toString(36)
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const person = { email: `praised-${run}@e2e.local`, password: 'praised-employee-pass-7' }
  const userId = await createUser(
    { db: store.db, orgId: scope.orgId },
    { ...person, displayName: '张伟', role: 'employee', locale: 'zh-CN' },
    Date.now(),
  )
  const admin = await apiSession()
  const code = `P-${run}`
  await api(admin, 'POST', '/employees', { code, name: '张伟', userId })
  const words = '张师傅抢修又快又好，还耐心讲解了安全用电'
  const created = await api(admin, 'POST', '/feedback', {
    channel: 'store',
    kind: 'praise',
    text: words,
    employee: code,
  })
  const passed = await api(admin, 'POST', `/cases/${created.caseId}/pass-on`, {
    note: '已在班组会上表扬',
  })
  expect(passed).toMatchObject({ status: 'resolved', outcome: 'passed_on' })

  const page = await loggedInPage(harness.browser, url, { as: person })
  const bell = page.getByTestId('notification-bell')
  await expect.poll(() => bell.getAttribute('aria-label')).toContain('1 条未读')
  for (const locale of ['zh-CN', 'en-US'] as const)
    for (const width of [1440, 390]) {
      const context = await harness.browser.newContext({ viewport: { width, height: 900 }, locale })
      await context.addCookies(await page.context().cookies())
      const p = await context.newPage()
      await p.addInitScript((l) => localStorage.setItem('manyi.locale', l), locale)
      await p.goto(`${url}/app/my-scorecard`)
      await p.waitForLoadState('networkidle')
      await p.getByTestId('notification-bell').click()
      const item = p.getByTestId('notification-praise_received')
      await item.waitFor()
      const text = (await item.textContent()) ?? ''
      if (locale === 'zh-CN')
        expect(text).toContain(`顾客表扬了您（${passed.number}）：「${words}」`)
      else {
        expect(text).toContain('A customer praised you (')
        // The customer's own words are quoted as given; nothing else is Chinese or a raw key.
        expect(text.replace(words, '')).not.toMatch(
          /[\u4e00-\u9fff]|praise_received|notifications\./,
        )
      }
      expect(text).toContain(words)
      if (SHOTS) {
        // Once the drawer has slid in: its right edge is the window's.
        await expect
          .poll(() =>
            p.evaluate(
              () =>
                document
                  .querySelector('.ant-drawer-open .ant-drawer-content-wrapper')
                  ?.getBoundingClientRect().right,
            ),
          )
          .toBe(width)
        await p.screenshot({ path: `${SHOTS}/praise-bell-${locale}-${width}.png` })
      }
      await context.close()
    }

  // Opened from the bell: the employee's own scorecard, counting the praise.
  await bell.click()
  await page.getByTestId('notification-praise_received').click()
  await page.waitForURL('**/app/my-scorecard')
  const card = await page.evaluate(() =>
    fetch('/api/v1/me/scorecard').then(async (r) => (await r.json()).outcomes),
  )
  expect(card).toMatchObject({ praise: 1, complaints: 0 })
  await expect.poll(() => bell.getAttribute('aria-label')).toBe('通知')
  await page.context().close()
}, 120_000)
