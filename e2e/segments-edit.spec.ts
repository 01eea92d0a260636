import { mkdirSync } from 'node:fs'
import { afterAll, expect, it } from 'vitest'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { importTransactionRows } from '../src/customers/customer-transactions.service.js'
import { startTestSmtpServer } from '../src/distribution/test-smtp.js'
import { runLoyaltyPoints, setLoyaltyProgramme } from '../src/loyalty/loyalty.service.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'
import { adminApi } from './admin-api.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// Editing and deleting saved customer segments in the page. Two gold buyers make a segment of
// the gold tier (2 members) that a programme asks, and a second segment nobody asks. The first is
// renamed in the page; deleting it is refused in the user's words with the programme's name;
// the second is deleted and leaves the list. Screenshots zh-CN/en-US at 1440 and 390 px.

const smtp = await startTestSmtpServer()
const harness = useE2eHarness({ smtpUrl: smtp.url }, undefined, {
  beforeFreshRetry: () => smtp.messages.splice(0),
})
afterAll(() => smtp.close())
const shots = process.env.SHOTS_DIR ?? 'test-results/segments-edit'

it('renames a segment, refuses to delete the one a programme asks, deletes the other', async () => {
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
    rows: [300, 300].map((amount, i) => ({
      id: `edit-${stamp}-${i}`,
      customerKind: 'email',
      customerKey: `edit${stamp}-${i}@example.com`,
      at: Date.now() - 60_000,
      amount,
    })),
  })
  await runLoyaltyPoints(store.db, Date.now())
  const survey = await createSurvey(scope, {
    title: { 'zh-CN': '金卡年度调研', 'en-US': 'Gold yearly survey' },
    questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' }, required: true }],
  })
  await publishSurvey(scope, survey.id)
  const { apiSession, api } = adminApi(harness)
  const cookie = await apiSession()
  const asked = await api(cookie, 'POST', '/customer-segments', {
    name: `金卡 ${stamp}`,
    unitId: null,
    tiers: ['gold'],
  })
  await api(cookie, 'POST', '/customer-segments', {
    name: `待删 ${stamp}`,
    unitId: null,
    tiers: ['gold'],
  })
  const programmeName = `金卡年度 ${stamp}`
  await api(cookie, 'POST', '/programmes', {
    name: programmeName,
    surveyId: survey.id,
    channel: 'email',
    email: { subject: '年度调研', body: '{link}' },
    schedule: 'yearly',
    startDate: '2026-01-01',
    audience: { kind: 'segment', segmentId: asked.id },
  })

  const page = await loggedInPage(harness.browser, url)
  await page.goto(`${url}/app/programmes`)
  const card = page.getByTestId('segments-card')
  const row = (name: string) => card.getByTestId('segment-row').filter({ hasText: name })
  await row(`金卡 ${stamp}`).getByTestId('segment-edit').click()
  await expect.poll(() => card.getByTestId('segment-name').inputValue()).toBe(`金卡 ${stamp}`)
  await card.getByTestId('segment-name').fill(`金卡会员 ${stamp}`)
  await card.getByTestId('segment-save').click()
  await row(`金卡会员 ${stamp}`).waitFor()
  expect(await card.getByTestId('segment-cancel').count()).toBe(0)

  await row(`金卡会员 ${stamp}`).getByTestId('segment-delete').click()
  await page.locator('.ant-popconfirm .ant-btn-primary').click()
  const refused = card.getByTestId('segment-delete-error')
  await refused.waitFor()
  const refusal = (await refused.textContent()) ?? ''
  expect(refusal).toContain('该客户分群正被周期调研用作调研对象')
  expect(refusal).toContain(programmeName)
  await page.screenshot({ path: `${shots}/segment-in-use-zh-CN-1440.png`, fullPage: true })
  expect(await row(`金卡会员 ${stamp}`).count()).toBe(1)

  await row(`待删 ${stamp}`).getByTestId('segment-delete').click()
  await page.locator('.ant-popconfirm:visible .ant-btn-primary').click()
  await expect.poll(() => row(`待删 ${stamp}`).count()).toBe(0)

  for (const locale of ['zh-CN', 'en-US'] as const) {
    for (const width of [1440, 390]) {
      const context = await harness.browser.newContext({ viewport: { width, height: 900 }, locale })
      await context.addCookies(await page.context().cookies())
      const p = await context.newPage()
      await p.addInitScript((l) => localStorage.setItem('manyi.locale', l), locale)
      await p.goto(`${url}/app/programmes`)
      const segment = p.getByTestId('segment-row').filter({ hasText: `金卡会员 ${stamp}` })
      await segment.waitFor()
      expect(await segment.getByTestId('segment-edit').textContent()).toBe(
        locale === 'zh-CN' ? '修改' : 'Edit',
      )
      await expect
        .poll(() => p.evaluate(() => document.documentElement.scrollWidth))
        .toBeLessThanOrEqual(width)
      await p.screenshot({ path: `${shots}/segments-edit-${locale}-${width}.png`, fullPage: true })
      await context.close()
    }
  }
  await page.context().close()
}, 300_000)
