import type { Page } from 'playwright-core'
import { afterAll, expect, it } from 'vitest'
import { runPlanVerdicts } from '../src/actions/action-alerts.service.js'
import { createUser } from '../src/auth/auth.service.js'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { smtpSender } from '../src/distribution/invitation-delivery.js'
import { startTestSmtpServer } from '../src/distribution/test-smtp.js'
import { runNotificationMail } from '../src/notifications/notification-mail.service.js'
import { importResponses } from '../src/responses/response-import.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'
import { createUnit } from '../src/units/unit.service.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// A plan's effect verdict changes after new data and its owner is told: in the app's
// notification centre (the bell) and by e-mail, each in the owner's language. Two plans on the
// hall V1, one owned by 王芳 (zh-CN), one by Alice Chen (en-US), both acting from the 15th of
// the month before last (Shanghai). Before (the three months before that), V1 and the hall V2
// each have NPS 0 (10 promoters, 10 detractors a month); V2 stays at 0 afterwards. With no answers
// of V1 after the action the verdict is "not enough data" and no one is told; once last month's
// 20 answers of V1 (all promoters) are in, the verdict is "effective", each owner is told once,
// and the plans overview shows the verdict beside each plan.

const smtp = await startTestSmtpServer()
// A retry starts on a fresh server (harness.ts): the failed attempt's mail is not this one's.
const harness = useE2eHarness({ smtpUrl: smtp.url }, undefined, {
  beforeFreshRetry: () => smtp.messages.splice(0),
})
afterAll(() => smtp.close())
const SHOTS = process.env.SHOTS_DIR
const DAY = 86_400_000

/** The month `by` months from this one on the organisation's (Shanghai) calendar, as YYYY-MM. */
function shanghaiMonth(by: number): string {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' })
    .format(new Date())
    .split('-')
    .map(Number) as [number, number]
  const d = new Date(Date.UTC(y, m - 1 + by, 1))
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
}

/** Noon (Shanghai) on a day of a month. */
const noonOf = (month: string, day: number) =>
  Date.parse(`${month}-${String(day).padStart(2, '0')}T04:00:00Z`)

/** The last drawer opened has slid in: its right edge is the window's. */
async function drawerSlidIn(page: Page, width: number): Promise<void> {
  await expect
    .poll(() =>
      page.evaluate(() => {
        const drawers = document.querySelectorAll('.ant-drawer-open .ant-drawer-content-wrapper')
        return drawers[drawers.length - 1]?.getBoundingClientRect().right
      }),
    )
    .toBe(width)
}

/** Nothing on the page is wider than the window. */
async function noSidewaysScroll(page: Page): Promise<void> {
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0)
}

it('tells each plan owner, in the bell and by e-mail in their language, when the verdict becomes effective', async () => {
  const { store, url } = harness.server
  // Units and the survey stand from a year back, before the first answers.
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now() - 365 * DAY))!
  const owners = {
    zh: { email: 'verdict-zh@e2e.local', password: 'verdict-owner-pass-31', name: '王芳' },
    en: { email: 'verdict-en@e2e.local', password: 'verdict-owner-pass-32', name: 'Alice Chen' },
  }
  const ownerIds = {
    zh: await createUser(
      { db: store.db, orgId: scope.orgId },
      {
        email: owners.zh.email,
        password: owners.zh.password,
        displayName: owners.zh.name,
        role: 'supervisor',
        locale: 'zh-CN',
      },
      Date.now(),
    ),
    en: await createUser(
      { db: store.db, orgId: scope.orgId },
      {
        email: owners.en.email,
        password: owners.en.password,
        displayName: owners.en.name,
        role: 'supervisor',
        locale: 'en-US',
      },
      Date.now(),
    ),
  }
  const units = {
    v1: await createUnit(scope, {
      code: 'E2E-V1',
      nameZh: '城东营业厅',
      nameEn: 'East hall',
      parentId: null,
    }),
    v2: await createUnit(scope, {
      code: 'E2E-V2',
      nameZh: '城西营业厅',
      nameEn: 'West hall',
      parentId: null,
    }),
  }
  const survey = await publishSurvey(
    scope,
    (
      await createSurvey(scope, {
        title: { 'zh-CN': '营业厅满意度', 'en-US': 'Service hall satisfaction' },
        questions: [
          { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿', 'en-US': 'Recommend' } },
        ],
      })
    ).id,
  )
  const importRows = async (rows: string[][]) =>
    (
      await importResponses(
        { ...scope, now: Date.now() },
        survey.id,
        { file: 'halls.csv', headers: ['nps', 'time', 'unit'], rows },
        { channel: 'link', submittedAtColumn: 'time', segmentColumns: ['unit'] },
      )
    ).imported
  const monthOfAnswers = (unit: string, month: string, promoters: number) =>
    Array.from({ length: 20 }, (_, i) => [
      i < promoters ? '10' : '0',
      new Date(noonOf(month, 10) + i * 60_000).toISOString(),
      unit,
    ])
  const [before, actionMonth, after] = [
    [shanghaiMonth(-5), shanghaiMonth(-4), shanghaiMonth(-3)],
    shanghaiMonth(-2),
    shanghaiMonth(-1),
  ] as const
  expect(
    await importRows([
      ...before.flatMap((m) => [
        ...monthOfAnswers('E2E-V1', m, 10),
        ...monthOfAnswers('E2E-V2', m, 10),
      ]),
      ...monthOfAnswers('E2E-V2', after, 10),
    ]),
  ).toBe(140)

  // Each owner chooses to be told by e-mail too (their settings, as themselves).
  const ownerPages = {
    zh: await loggedInPage(harness.browser, url, { as: owners.zh }),
    en: await loggedInPage(harness.browser, url, { as: owners.en }),
  }
  for (const page of Object.values(ownerPages)) {
    const saved = await page.evaluate(async () => {
      const res = await fetch('/api/v1/me/notification-settings', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: true, quietFrom: null, quietTo: null }),
      })
      return res.status
    })
    expect(saved).toBe(200)
  }

  // The administrator makes the two plans on V1 and starts them as of the 15th of the action month.
  const admin = await loggedInPage(harness.browser, url)
  const planIds = await admin.evaluate(
    async ({ owners, unitId, actionAt }) => {
      const send = (path: string, body: unknown) =>
        fetch(`/api/v1${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).then(async (r) => ({ status: r.status, body: await r.json() }))
      const ids: string[] = []
      for (const [title, problem, rootCause, ownerId] of owners) {
        const made = await send('/plans', {
          title,
          problem,
          causeCategory: 'method',
          rootCause,
          metric: 'nps',
          unitIds: [unitId],
          ownerId,
          dueAt: Date.parse('2030-12-31T00:00:00Z'),
          evidence: { source: 'manual', link: '/app/plans' },
        })
        if (made.status !== 201) throw new Error(JSON.stringify(made.body))
        const started = await send(`/plans/${made.body.id}/transitions`, { status: 'do', actionAt })
        if (started.status !== 200) throw new Error(JSON.stringify(started.body))
        ids.push(made.body.id as string)
      }
      return ids
    },
    {
      owners: [
        [
          '叫号屏显示预计等候时间',
          '城东营业厅推荐意愿低于全省平均',
          '取号后无等候时间提示',
          ownerIds.zh,
        ],
        [
          'Show the expected wait on the ticket screen',
          'East hall is recommended less than the province',
          'No wait shown once a ticket is taken',
          ownerIds.en,
        ],
      ] as Array<[string, string, string, string]>,
      unitId: units.v1.id,
      actionAt: noonOf(actionMonth, 15),
    },
  )

  // No answers of V1 since the action: "not enough data", recorded and told to no one.
  await runPlanVerdicts(store, Date.now())
  const bells = {
    zh: ownerPages.zh.getByTestId('notification-bell'),
    en: ownerPages.en.getByTestId('notification-bell'),
  }
  const unread = (page: Page) =>
    page.evaluate(() =>
      fetch('/api/v1/me/notifications/unread').then(async (r) => (await r.json()).unread),
    )
  expect(await unread(ownerPages.zh)).toBe(0)
  expect(await unread(ownerPages.en)).toBe(0)

  // Last month's answers of V1 arrive, all promoters: the verdict becomes "effective".
  expect(await importRows(monthOfAnswers('E2E-V1', after, 20))).toBe(20)
  await runPlanVerdicts(store, Date.now())
  await runPlanVerdicts(store, Date.now() + 60_000)

  // 王芳 sees it in the bell, in Chinese, and opens the plan from it.
  await ownerPages.zh.reload()
  await expect
    .poll(() => bells.zh.getAttribute('aria-label'), { timeout: 20_000 })
    .toContain('1 条未读')
  await bells.zh.click()
  const zhItem = ownerPages.zh.getByTestId('notification-plan_verdict')
  await zhItem.waitFor()
  expect(await zhItem.textContent()).toContain(
    '改进计划 P-000001 · 叫号屏显示预计等候时间 判定为有效',
  )
  if (SHOTS) await ownerPages.zh.screenshot({ path: `${SHOTS}/verdict-bell-zh-CN-1366.png` })
  await zhItem.click()
  await ownerPages.zh.waitForURL(`**/app/plans?plan=${planIds[0]}`)
  const zhDrawer = ownerPages.zh.getByTestId('plan-drawer')
  await expect.poll(() => zhDrawer.getByTestId('plan-verdict').textContent()).toBe('有效')
  await expect.poll(() => bells.zh.getAttribute('aria-label')).toBe('通知')
  // The plans overview shows each plan's verdict as last judged.
  await ownerPages.zh.keyboard.press('Escape')
  await expect
    .poll(() => ownerPages.zh.getByTestId('plan-row-verdict').allTextContents())
    .toEqual(['有效', '有效'])

  // Alice Chen sees hers in English.
  await ownerPages.en.evaluate(() => localStorage.setItem('manyi.locale', 'en-US'))
  await ownerPages.en.reload()
  await expect
    .poll(() => bells.en.getAttribute('aria-label'), { timeout: 20_000 })
    .toContain('1 unread')
  await bells.en.click()
  const enItem = ownerPages.en.getByTestId('notification-plan_verdict')
  await enItem.waitFor()
  expect(await enItem.textContent()).toContain(
    'Action plan P-000002 · Show the expected wait on the ticket screen was judged effective',
  )
  expect(await enItem.textContent()).not.toMatch(/[\u4e00-\u9fff]|plan_verdict|notifications\./)
  await enItem.click()
  await ownerPages.en.waitForURL(`**/app/plans?plan=${planIds[1]}`)
  await expect
    .poll(() => ownerPages.en.getByTestId('plan-drawer').getByTestId('plan-verdict').textContent())
    .toBe('Effective')
  await ownerPages.en.keyboard.press('Escape')
  await expect
    .poll(() => ownerPages.en.getByTestId('plan-row-verdict').allTextContents())
    .toEqual(['Effective', 'Effective'])

  // The e-mails: one to each owner, in their language, linking to the plan. The app's own job
  // may send them first; either way each is sent once.
  const send = smtpSender(smtp.url, 'Manyi <plans@manyi.test>')
  await runNotificationMail({ db: store.db, send, baseUrl: url }, Date.now())
  await expect.poll(() => smtp.messages.length, { timeout: 60_000 }).toBe(2)
  const mailTo = (address: string) =>
    smtp.messages.find((m) =>
      [m.to ?? []].flat().some((to) => to.value.some((v) => v.address === address)),
    )!
  const zhMail = mailTo(owners.zh.email)
  expect(zhMail.subject).toBe('改进计划效果判定')
  expect(zhMail.text).toContain('改进计划 P-000001 · 叫号屏显示预计等候时间 的效果判定变为：有效。')
  expect(zhMail.text).toContain(`/app/plans?plan=${planIds[0]}`)
  const enMail = mailTo(owners.en.email)
  expect(enMail.subject).toBe('Action plan verdict')
  expect(enMail.text).toContain(
    'The verdict on action plan P-000002 · Show the expected wait on the ticket screen is now: effective.',
  )
  expect(enMail.text).toContain(`/app/plans?plan=${planIds[1]}`)
  // A later run tells no one again.
  await runPlanVerdicts(store, Date.now() + 120_000)
  await runNotificationMail({ db: store.db, send, baseUrl: url }, Date.now() + 120_000)
  expect(smtp.messages).toHaveLength(2)

  if (SHOTS) {
    // For looking at: the owner's plan with its verdict and the bell, both languages, desktop and phone.
    for (const [key, page] of Object.entries(ownerPages)) {
      const locale = key === 'zh' ? 'zh-CN' : 'en-US'
      const planUrl = `${url}/app/plans?plan=${planIds[key === 'zh' ? 0 : 1]}`
      for (const width of [1440, 390]) {
        await page.setViewportSize({ width, height: 900 })
        await page.goto(planUrl)
        await page.getByTestId('plan-verdict').waitFor()
        await drawerSlidIn(page, width)
        await page.screenshot({ path: `${SHOTS}/verdict-plan-${locale}-${width}.png` })
        await page.keyboard.press('Escape')
        await page.getByTestId('plan-row-verdict').first().waitFor()
        await noSidewaysScroll(page)
        await page.screenshot({ path: `${SHOTS}/verdict-list-${locale}-${width}.png` })
        await page.getByTestId('notification-bell').click()
        await page.getByTestId('notification-panel').waitFor()
        await drawerSlidIn(page, width)
        await noSidewaysScroll(page)
        await page.screenshot({ path: `${SHOTS}/verdict-bell-${locale}-${width}.png` })
      }
    }
  }
  for (const page of [admin, ...Object.values(ownerPages)]) await page.context().close()
}, 300_000)
