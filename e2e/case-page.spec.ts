import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { createUser } from '../src/auth/auth.service.js'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'
import { formatInTimeZone } from '../src/shared/timezone.js'
import { useE2eHarness } from './harness.js'

// The case page tells the whole story: a customer answers a survey from a link carrying their
// account number (户号) and store; the agent finds the case by that number, reads every answer,
// sees the deadlines on Beijing time although the browser is in New York, is told in words —
// without a failed request or a script error — that a compensation is above their authority,
// and records a phone follow-up's result, which the timeline keeps.

// E2E_WEB_DIR: serve an admin app built elsewhere (a private `vite build --outDir`), so a build
// in progress in dist/web does not change what this spec sees.
const harness = useE2eHarness(process.env.E2E_WEB_DIR ? { webDir: process.env.E2E_WEB_DIR } : {})

/** Script errors, console errors and failed requests of a page, collected as it is used. */
function watch(page: Page): string[] {
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`)
  })
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${r.request().method()} ${r.url()}`)
  })
  return problems
}

/** How long a poll waits for the page: generous, as the machine is shared with other runs. */
const SOON = { timeout: 10_000 }

const text = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).first().textContent()) ?? '').trim()

it('an agent reads the whole story of a survey case on Beijing time, is told the authority limit in words, and records a phone follow-up', async () => {
  const { store } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  await createUser(
    { db: store.db, orgId: scope.orgId },
    { email: 'wang@e2e.local', displayName: '王客服', password: 'agent-password-1', role: 'agent' },
    Date.now(),
  )
  const survey = await createSurvey(scope, {
    title: { 'zh-CN': '供电服务满意度', 'en-US': 'Power service survey' },
    questions: [
      {
        key: 'nps',
        type: 'nps',
        title: {
          'zh-CN': '您有多大可能推荐我们？',
          'en-US': 'How likely are you to recommend us?',
        },
        required: true,
      },
      {
        key: 'repair',
        type: 'csm7',
        title: { 'zh-CN': '您对抢修速度满意吗？', 'en-US': 'Repair speed' },
      },
      { key: 'comment', type: 'text', title: { 'zh-CN': '意见', 'en-US': 'Comments' } },
    ],
    settings: { hiddenFields: ['account', 'store'] },
  })
  const { slug } = await publishSurvey(scope, survey.id)

  // The customer answers from the link in their electricity bill.
  const phone = await harness.browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    locale: 'zh-CN',
  })
  const customer = await phone.newPage()
  await customer.goto(`${harness.server.url}/s/${slug}?account=8800123&store=A12`)
  await customer.locator('input[name="nps"][value="3"]').check({ force: true })
  await customer.locator('input[name="repair"][value="-40"]').check({ force: true })
  await customer.locator('textarea[name="comment"]').fill('一个月停电三次，没人解释')
  await customer.getByRole('button', { name: '提交' }).click()
  await customer.locator('h1').waitFor()
  await phone.close()
  await expect
    .poll(async () => (await store.db.selectFrom('cases').select('id').execute()).length, {
      timeout: 15_000,
    })
    .toBe(1)
  const stored = await store.db
    .selectFrom('cases')
    .select(['id', 'first_response_due', 'resolution_due'])
    .executeTakeFirstOrThrow()

  // The agent works in New York: the page must still speak Beijing time, and say so.
  const context = await harness.browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'America/New_York',
  })
  const agent = await context.newPage()
  await agent.goto(`${harness.server.url}/app/`)
  await agent.getByLabel('邮箱').fill('wang@e2e.local')
  await agent.getByLabel('密码').fill('agent-password-1')
  await agent.getByRole('button', { name: /登\s*录/ }).click()
  await agent.getByTestId('nav-cases').waitFor()
  // From here on (the login page's own "who am I?" is a 401 by design) nothing may fail.
  const problems = watch(agent)
  await agent.getByTestId('nav-cases').click()
  // The customer calls and gives their account number (户号): the search finds the case.
  await agent.getByTestId('case-search').locator('input').fill('8800123')
  await agent.getByTestId('case-search').locator('input').press('Enter')
  await expect.poll(() => agent.getByTestId('case-link').count(), SOON).toBe(1)
  await agent.getByTestId('case-link').click()

  await expect.poll(() => text(agent, 'case-customer-ref'), SOON).toBe('8800123')
  expect(await text(agent, 'case-store')).toBe('A12')
  const beijing = (at: number | string) =>
    `${formatInTimeZone(Number(at), 'Asia/Shanghai').slice(5)}（北京时间）`
  expect(await text(agent, 'due-first-response')).toBe(beijing(stored.first_response_due))
  expect(await text(agent, 'due-resolution')).toBe(beijing(stored.resolution_due))
  expect(await text(agent, 'case-times-zone')).toBe('本页时间均为北京时间')
  // Every answer, in words — not only "NPS 3".
  expect(await text(agent, 'case-answer-nps')).toBe('3 / 10')
  expect(await text(agent, 'case-answer-repair')).toBe('-40 · 不满意')
  expect(await text(agent, 'case-answer-comment')).toBe('一个月停电三次，没人解释')
  expect(await agent.getByTestId('case-hidden-field').allTextContents()).toEqual([
    'account = 8800123',
    'store = A12',
  ])

  // Work the case: acknowledge, investigate, record the cause.
  await agent.getByTestId('to-acknowledged').click()
  await expect.poll(() => text(agent, 'case-status'), SOON).toBe('已受理')
  await agent.getByTestId('to-investigating').click()
  await expect.poll(() => text(agent, 'case-status'), SOON).toBe('处理中')
  await agent.getByTestId('cause').click()
  await agent.getByTitle('等待时间').click()
  // The cause is saved before the next step: on a loaded machine the grant below could otherwise
  // answer first, and resolving needs the cause.
  await Promise.all([
    agent.waitForResponse((r) => r.url().endsWith('/recovery') && r.request().method() === 'POST'),
    agent.getByTestId('save-recovery').click(),
  ])

  // ¥300 is above the agent's ¥200: told in words, with the limit and the way on; nothing fails.
  await agent.getByTestId('compensation-amount').fill('300')
  await agent.getByTestId('grant-compensation').click()
  await expect
    .poll(() => text(agent, 'compensation-error'), SOON)
    .toBe('金额 ¥300.00 超出您的补偿权限（上限 ¥200.00），未发放。')
  expect(problems).toEqual([])
  await agent.getByTestId('compensation-ask-approval').click()
  await expect.poll(() => text(agent, 'compensation-status'), SOON).toBe('待审批')
  await agent.getByTestId('to-resolved').click()
  await expect.poll(() => text(agent, 'case-status'), SOON).toBe('已解决')

  // 已电话回访 asks for the call's result: satisfied or not (required), and a note.
  await agent.getByTestId('to-followed_up').click()
  await agent.getByTestId('follow-up-record').click()
  await expect.poll(() => agent.getByText('请选择客户是否满意').count(), SOON).toBe(1)
  expect(await text(agent, 'case-status')).toBe('已解决')
  await agent.getByTestId('follow-up-no').click()
  await agent.getByTestId('follow-up-note').fill('客户说要再观察一周')
  await agent.getByTestId('follow-up-record').click()
  await expect.poll(() => text(agent, 'case-status'), SOON).toBe('已回访')
  expect(await text(agent, 'case-follow-up-result')).toBe('不满意')
  const followUp = agent.getByTestId('timeline-item').filter({ hasText: '客户说要再观察一周' })
  expect(await followUp.count()).toBe(1)
  expect(await followUp.getByTestId('timeline-follow-up').textContent()).toBe('回访结果：不满意')
  await agent.screenshot({ path: 'test-results/case-page-story.png', fullPage: true })

  // In English the same page labels its clock by offset and words the answers in English.
  await agent.evaluate(() => localStorage.setItem('manyi.locale', 'en-US'))
  await agent.reload()
  await expect
    .poll(() => text(agent, 'due-resolution'), SOON)
    .toBe(`${formatInTimeZone(Number(stored.resolution_due), 'Asia/Shanghai').slice(5)} (UTC+8)`)
  expect(await text(agent, 'case-answer-repair')).toBe('-40 · Dissatisfied')
  expect(await text(agent, 'case-follow-up-result')).toBe('Not satisfied')
  await agent.screenshot({ path: 'test-results/case-page-story-en.png', fullPage: true })
  // On a phone the whole story still fits the width (answers and parameters wrap).
  await agent.setViewportSize({ width: 390, height: 844 })
  await agent.getByTestId('case-survey-answers').waitFor()
  // Waited for: the page lays itself out for the narrower window after the resize, not at once.
  await expect
    .poll(() => agent.evaluate(() => document.documentElement.scrollWidth), SOON)
    .toBeLessThanOrEqual(390)
  await agent.screenshot({ path: 'test-results/case-page-story-phone.png', fullPage: true })
  expect(problems).toEqual([])

  // From the case to the customer's 360° page, one click: the account from the survey link is
  // their key, and their answer and this case are on their timeline.
  await agent.setViewportSize({ width: 1440, height: 900 })
  await agent.getByTestId('case-customer-page').click()
  await agent.waitForURL(/\/app\/customers\?case=/)
  await expect
    .poll(async () => (await agent.getByTestId('customer-key').allTextContents()).join(' '), SOON)
    .toContain('0123')
  const timeline = (await agent.getByTestId('customer-page').textContent()) ?? ''
  expect(timeline).toContain('NPS 3')
  expect(problems).toEqual([])
  await context.close()
})
