import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// A single answer leads to its customer's 360° page: two customers answer, one from a link
// carrying their account number (户号), one without. On the survey's dashboard each latest comment
// has a 'customer page' link; the first opens the customer whose key is the account and whose
// timeline holds the answer, the second says in words that no customer is linked — with no other
// failed request or script error, in Chinese and English, on a desktop and a phone.

// E2E_WEB_DIR: serve an admin app built elsewhere (a private `vite build --outDir`).
const harness = useE2eHarness(process.env.E2E_WEB_DIR ? { webDir: process.env.E2E_WEB_DIR } : {})

const SOON = { timeout: 10_000 }

/** Script errors, console errors and failed requests of a page, collected as it is used. */
function watch(page: Page): string[] {
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('console', (m) => {
    // The browser reports the expected 404 of the unlinked answer as a console error too.
    if (m.type() === 'error' && !m.text().includes('404')) problems.push(`console: ${m.text()}`)
  })
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`${r.status()} ${new URL(r.url()).pathname}`)
  })
  return problems
}

it("opens the customer's page from a single answer on the dashboard, and says when none is linked", async () => {
  const { store } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
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
      { key: 'comment', type: 'text', title: { 'zh-CN': '意见', 'en-US': 'Comments' } },
    ],
    settings: { hiddenFields: ['account'] },
  })
  const { slug } = await publishSurvey(scope, survey.id)
  const answered: string[] = []
  for (const [nps, comment, segments] of [
    [4, '抄表错误，电费多收', { account: '8800123' }],
    [9, '服务很好', {}],
  ] as const) {
    const res = await fetch(`${harness.server.url}/api/v1/public/surveys/${slug}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ answers: { nps, comment }, segments }),
    })
    expect(res.status).toBe(201)
    answered.push(((await res.json()) as { id: string }).id)
  }
  // The answer with the account joins a customer in the background.
  await expect
    .poll(
      async () =>
        (
          await store.db
            .selectFrom('customer_links')
            .select('source_id')
            .where('kind', '=', 'answer')
            .execute()
        ).map((l) => l.source_id),
      { timeout: 15_000 },
    )
    .toEqual([answered[0]])

  const page = await loggedInPage(harness.browser, harness.server.url)
  await page.setViewportSize({ width: 1440, height: 900 })
  const problems = watch(page)
  const comment = (text: string) =>
    page.getByTestId('comments').locator('.ant-list-item').filter({ hasText: text })
  await page.goto(`${harness.server.url}/app/surveys/${survey.id}`)
  await expect.poll(() => page.getByTestId('comments').textContent(), SOON).toContain('服务很好')
  expect(await page.getByTestId('comment-customer-page').allTextContents()).toEqual([
    '客户档案',
    '客户档案',
  ])
  await page.getByTestId('comments').scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'test-results/answer-customer-link-zh-1440.png', fullPage: true })

  await comment('抄表错误').getByTestId('comment-customer-page').click()
  await page.waitForURL(/\/app\/customers\?answer=/)
  await expect
    .poll(async () => (await page.getByTestId('customer-key').allTextContents()).join(' '), SOON)
    .toContain('0123')
  expect(await page.getByTestId('customer-page').textContent()).toContain('NPS 4')
  expect(problems).toEqual([])

  await page.goBack()
  await comment('服务很好').getByTestId('comment-customer-page').click()
  await expect
    .poll(() => page.getByTestId('customer-not-linked').textContent(), SOON)
    .toBe('这条记录没有关联到客户，或其客户不在您的单位范围内。')
  expect(await page.getByTestId('customer-page').count()).toBe(0)
  await page.screenshot({ path: 'test-results/answer-customer-none-zh-1440.png', fullPage: true })
  // The unlinked answer's lookup is the one expected 404, said in words above.
  expect(problems).toEqual([`404 /api/v1/customers/of/answer/${answered[1]}`])
  problems.length = 0

  // English, on a phone: the link and the message in English, nothing wider than the screen.
  await page.getByTestId('switch-language').click()
  await expect
    .poll(() => page.getByTestId('customer-not-linked').textContent(), SOON)
    .toBe('No customer is linked to this record, or their customer is outside your units.')
  await page.setViewportSize({ width: 390, height: 844 })
  await page.screenshot({ path: 'test-results/answer-customer-none-en-390.png', fullPage: true })
  await page.goBack()
  await expect
    .poll(() => page.getByTestId('comment-customer-page').allTextContents(), SOON)
    .toEqual(['Customer page', 'Customer page'])
  await page.getByTestId('comments').scrollIntoViewIfNeeded()
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollWidth), SOON)
    .toBeLessThanOrEqual(390)
  await page.screenshot({ path: 'test-results/answer-customer-link-en-390.png', fullPage: true })
  await page.setViewportSize({ width: 1440, height: 900 })
  await page.screenshot({ path: 'test-results/answer-customer-link-en-1440.png', fullPage: true })
  await page.getByTestId('switch-language').click()
  await page.setViewportSize({ width: 390, height: 844 })
  await expect
    .poll(() => page.getByTestId('comment-customer-page').allTextContents(), SOON)
    .toEqual(['客户档案', '客户档案'])
  await page.screenshot({ path: 'test-results/answer-customer-link-zh-390.png', fullPage: true })
  expect(problems).toEqual([])
  await page.context().close()
})
