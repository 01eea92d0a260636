import { mkdirSync } from 'node:fs'
import { afterAll, expect, it } from 'vitest'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { importTransactionRows } from '../src/customers/customer-transactions.service.js'
import { importContactList } from '../src/distribution/contact-list.service.js'
import { insertUnsubscribe } from '../src/distribution/contact.repository.js'
import { startTestSmtpServer } from '../src/distribution/test-smtp.js'
import { runLoyaltyPoints, setLoyaltyProgramme } from '../src/loyalty/loyalty.service.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'
import { adminApi } from './admin-api.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// Contact rules and a quarterly programme in the browser. Of the programme's four contacts one
// unsubscribed, one is a customer who withdrew consent for survey invitations on the phone and one
// has a phone number only: the programme, made in the page with a start date of today, runs at
// once (its quarter has begun) and the page shows 1 / 4 sent and the three reasons, in Chinese at 1440 px and in
// English at 390 px, and the run's distribution lists each held invitation with its reason. A cap
// of 0 is refused in the user's words. Screenshots of both pages in both languages at both widths.

const smtp = await startTestSmtpServer()
// A retry starts on a fresh server (harness.ts): the failed attempt's mail is not this one's.
const harness = useE2eHarness({ smtpUrl: smtp.url }, undefined, {
  beforeFreshRetry: () => smtp.messages.splice(0),
})
afterAll(() => smtp.close())
const shots = process.env.SHOTS_DIR ?? 'test-results/programmes'

it('creates a programme and shows why its run sent to some contacts and not to others', async () => {
  mkdirSync(shots, { recursive: true })
  const { store, url } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const survey = await createSurvey(scope, {
    title: { 'zh-CN': '季度关系调研', 'en-US': 'Quarterly relationship survey' },
    questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' }, required: true }],
  })
  await publishSurvey(scope, survey.id)
  await importContactList(scope, '大客户季度名单', {
    file: 'key.csv',
    headers: ['email', 'phone', 'name'],
    rows: [
      ['sun@example.com', '', '孙'],
      ['gone@example.com', '', '钱'],
      ['zhao@example.com', '13900139000', '赵'],
      ['', '13700137000', '李'],
    ],
  })
  await insertUnsubscribe(store.db, scope.orgId, 'gone@example.com', Date.now())
  // Through the server (its store seals keys under the application key, as in production).
  const { apiSession, api } = adminApi(harness)
  const cookie = await apiSession()
  const customer = await api(cookie, 'POST', '/customers', {
    keys: [{ kind: 'phone', value: '13900139000' }],
  })
  await api(cookie, 'PUT', `/customers/${customer.id}/consents/survey_invitation`, {
    granted: false,
    source: 'hotline',
  })

  const page = await loggedInPage(harness.browser, url)
  await page.goto(`${url}/app/programmes`)
  await page.getByTestId('cap-days').fill('0')
  await page.getByTestId('save-rules').click()
  await expect
    .poll(async () => (await page.getByTestId('rules-error').textContent()) ?? '')
    .toContain('打扰频次上限须为 1 到 3650 之间的整数天')
  await page.getByTestId('cap-days').fill('30')
  await page.getByTestId('save-rules').click()
  await page.getByText('已保存').waitFor()

  await page.getByTestId('programme-name').fill('大客户季度调研')
  await page.getByTestId('programme-survey').click()
  await page.getByTitle('季度关系调研').click()
  await page.getByTestId('programme-list').click()
  await page.getByTitle('大客户季度名单 (4)').click()
  await page.getByTestId('create-programme').click()
  // Its first period (this quarter) has begun: it runs at once, and the sender is woken.
  await page.getByTestId('programme-runs').waitFor({ timeout: 30_000 })
  expect(await page.getByTestId('programme-status').textContent()).toBe('进行中')
  expect(await store.db.selectFrom('programme_runs').select('id').execute()).toHaveLength(1)
  await expect.poll(() => smtp.messages.length, { timeout: 60_000 }).toBe(1)
  expect(JSON.stringify(smtp.messages[0]!.to)).toContain('sun@example.com')
  const runs = page.getByTestId('programme-runs')
  await expect
    .poll(async () => (await runs.textContent()) ?? '', { timeout: 30_000 })
    .toContain('已退订 1')
  const runText = (await runs.textContent()) ?? ''
  expect(runText).toContain('1 / 4')
  expect(runText).toContain('未授权 1')
  expect(runText).toContain('无地址 1')

  const distributionId = (
    await store.db.selectFrom('programme_runs').select('distribution_id').executeTakeFirstOrThrow()
  ).distribution_id
  expect(distributionId).not.toBeNull()

  for (const locale of ['zh-CN', 'en-US'] as const) {
    for (const width of [1440, 390]) {
      const context = await harness.browser.newContext({ viewport: { width, height: 900 }, locale })
      await context.addCookies(await page.context().cookies())
      const p = await context.newPage()
      const errors: string[] = []
      p.on('pageerror', (e) => errors.push(e.message))
      await p.addInitScript((l) => localStorage.setItem('manyi.locale', l), locale)
      await p.goto(`${url}/app/programmes`)
      const skips = p.getByTestId('run-skips')
      await skips.waitFor({ timeout: 90_000 })
      const expected =
        locale === 'zh-CN'
          ? ['已退订 1', '未授权 1', '无地址 1']
          : ['Opted out 1', 'No consent 1', 'No address 1']
      await expect.poll(async () => (await skips.textContent()) ?? '').toContain(expected[0])
      for (const words of expected) expect(await skips.textContent()).toContain(words)
      const text = (await p.getByTestId('programmes-page').textContent()) ?? ''
      if (locale === 'en-US') {
        expect(text).toContain('Contact rules')
        expect(text).not.toMatch(/联系规则|周期调研|已退订/)
      } else expect(text).toContain('联系规则')
      await p.screenshot({ path: `${shots}/programmes-${locale}-${width}.png`, fullPage: true })

      // The run's distribution: the held invitations with their reasons, next to the results.
      await p.goto(`${url}/app/surveys/${survey.id}/distribution`)
      const held = p.getByTestId('distribution-skips')
      await held.waitFor({ timeout: 90_000 })
      await expect.poll(async () => (await held.textContent()) ?? '').toContain(expected[1])
      const reasons = p.getByTestId('invitation-skip-reason')
      await expect.poll(() => reasons.count()).toBe(3)
      const reasonTexts = await reasons.allTextContents()
      expect(reasonTexts.sort()).toEqual(
        locale === 'zh-CN'
          ? ['已撤回调研授权', '已退订', '无可用地址'].sort()
          : ['Consent withdrawn', 'No address to reach', 'Opted out'].sort(),
      )
      await p.screenshot({ path: `${shots}/distribution-${locale}-${width}.png`, fullPage: true })
      expect(errors).toEqual([])
      await context.close()
    }
  }
})

// A saved customer segment in the page: two buyers of 300 yuan hold the gold tier (金卡) of a
// loyalty programme from 200 points, one of 50 yuan does not; the segment of 金卡 made in the
// page counts 2 reachable members, and a new programme can take it as its audience.
it('saves a customer segment by loyalty tier and offers it as a programme audience', async () => {
  mkdirSync(shots, { recursive: true })
  const { store, url } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const stamp = String(Date.now()).slice(-6)
  await setLoyaltyProgramme(scope, {
    tiers: [
      { code: 'member', nameZh: '会员', nameEn: 'Member', minPoints: 0 },
      { code: 'gold', nameZh: '金卡', nameEn: 'Gold', minPoints: 200 },
    ],
    pointsPerYuan: 1,
    pointsPerFeedback: 0,
    expiryDays: null,
    startsAt: Date.now() - 86_400_000,
  })
  await importTransactionRows(scope, {
    rows: [300, 300, 50].map((amount, i) => ({
      id: `seg-${stamp}-${i}`,
      customerKind: 'email',
      customerKey: `seg${stamp}-${i}@example.com`,
      at: Date.now() - 60_000,
      amount,
    })),
  })
  await runLoyaltyPoints(store.db, Date.now())
  const page = await loggedInPage(harness.browser, url)
  await page.goto(`${url}/app/programmes`)
  const card = page.getByTestId('segments-card')
  const name = `金卡会员 ${stamp}`
  await card.getByTestId('segment-name').fill(name)
  await card.getByTestId('segment-tiers').click()
  await page.locator('.ant-select-item-option', { hasText: '金卡' }).click()
  await card.getByTestId('segment-save').click()
  const row = card.getByTestId('segment-row').filter({ hasText: name })
  // Members count every gold customer of the organisation (an earlier attempt's too).
  await expect.poll(async () => (await row.textContent()) ?? '').toMatch(/可联系成员 \d+ 人/)
  const members = Number(/可联系成员 (\d+) 人/.exec((await row.textContent())!)![1])
  expect(members).toBeGreaterThanOrEqual(2)
  await page.getByTestId('programme-audience-kind').getByText('客户分群').click()
  await page.getByTestId('programme-segment').click()
  await page.locator('.ant-select-item-option', { hasText: `${name} (${members})` }).waitFor()
  await page.keyboard.press('Escape')
  for (const locale of ['zh-CN', 'en-US'] as const) {
    for (const width of [1440, 390]) {
      const context = await harness.browser.newContext({ viewport: { width, height: 900 }, locale })
      await context.addCookies(await page.context().cookies())
      const p = await context.newPage()
      await p.addInitScript((l) => localStorage.setItem('manyi.locale', l), locale)
      await p.goto(`${url}/app/programmes`)
      await p.getByTestId('segment-row').first().waitFor()
      await expect
        .poll(() => p.evaluate(() => document.documentElement.scrollWidth))
        .toBeLessThanOrEqual(width)
      await p.screenshot({ path: `${shots}/segments-${locale}-${width}.png`, fullPage: true })
      await context.close()
    }
  }
  await page.context().close()
}, 300_000)
