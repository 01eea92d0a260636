import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { setBranding } from '../src/organisations/organisation-profile.service.js'
import {
  createSurvey,
  createSurveyFromTemplate,
  publishSurvey,
} from '../src/surveys/survey.service.js'
import { useE2eHarness } from './harness.js'

const harness = useE2eHarness()

/** The smallest PNG there is (1×1). */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
)

async function adminScope() {
  const { store } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  return { ...scope, actor: { ...scope.actor, role: 'admin' as const } }
}

async function phonePage(url: string): Promise<Page> {
  const phone = await harness.browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    locale: 'zh-CN',
    javaScriptEnabled: false,
  })
  const page = await phone.newPage()
  await page.goto(url)
  return page
}

it('at 390 px the 0–10 scale is one strip of 11 equal cells, 选填 stays whole, errors read "请回答：…"', async () => {
  const scope = await adminScope()
  await setBranding(scope, {
    color: '#1a7f37',
    logo: { type: 'image/png', data: PNG.toString('base64') },
  })
  const survey = await createSurvey(scope, {
    title: { 'zh-CN': '营业厅服务满意度' },
    questions: [
      {
        key: 'nps',
        type: 'nps',
        title: { 'zh-CN': '您向亲友推荐我们营业厅的可能性有多大？' },
        required: true,
      },
      { key: 'ok', type: 'csat', title: { 'zh-CN': '满意吗？' }, required: true },
      {
        key: 'why',
        type: 'text',
        // Long enough that the tag lands at the end of a wrapped line on a phone.
        title: { 'zh-CN': '请告诉我们您这次来营业厅办理业务时遇到的问题或者建议选填' },
      },
    ],
  })
  await publishSurvey(scope, survey.id)
  const page = await phonePage(`${harness.server.url}/s/${survey.slug}`)

  const cells = await page.locator('fieldset[data-key="nps"] .scale label').evaluateAll((labels) =>
    labels.map((l) => {
      const r = l.getBoundingClientRect()
      return { x: r.x, y: r.y, width: r.width, right: r.right }
    }),
  )
  expect(cells).toHaveLength(11)
  const widths = cells.map((c) => c.width)
  expect(Math.max(...widths) - Math.min(...widths)).toBeLessThan(0.5)
  expect(Math.min(...widths)).toBeGreaterThan(22)
  // One row (at most two would still read as one scale; today it is one).
  expect(new Set(cells.map((c) => Math.round(c.y))).size).toBe(1)
  expect(Math.max(...cells.map((c) => c.right))).toBeLessThanOrEqual(390)
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)

  // 选填 on one line (one box), whatever the title's length.
  const tagBoxes = await page
    .locator('fieldset[data-key="why"] .tag')
    .evaluate((tag) => tag.getClientRects().length)
  expect(tagBoxes).toBe(1)

  // The organisation's logo and colour.
  expect(
    await page.locator('.brand img').evaluate((img) => (img as HTMLImageElement).naturalWidth),
  ).toBe(1)
  expect(
    await page
      .getByRole('button', { name: '提交' })
      .evaluate((b) => getComputedStyle(b).backgroundColor),
  ).toBe('rgb(26, 127, 55)')
  await page.screenshot({ path: 'test-results/respondent-phone.png', fullPage: true })

  await page.getByRole('button', { name: '提交' }).click()
  expect(await page.locator('.summary li').allTextContents()).toEqual([
    '请回答：您向亲友推荐我们营业厅的可能性有多大？',
    '请回答：满意吗？',
  ])
  await page.screenshot({ path: 'test-results/respondent-phone-errors.png', fullPage: true })
  await page.context().close()
})

it('a SERVQUAL survey comes in pages with a progress bar and ends on a thank-you page', async () => {
  const scope = await adminScope()
  const survey = await createSurveyFromTemplate(scope, 'servqual-22')
  await publishSurvey(scope, survey.id)
  const page = await phonePage(`${harness.server.url}/s/${survey.slug}`)
  const heights: number[] = []
  for (let n = 1; n <= 5; n++) {
    expect(await page.locator('.progress span').textContent()).toBe(`第 ${n} / 5 页`)
    heights.push(await page.evaluate(() => document.documentElement.scrollHeight))
    await page.getByRole('button', { name: n < 5 ? '下一页' : '提交' }).click()
  }
  // Each page is a few screens at most (the whole survey on one page was 7,267 px).
  expect(Math.max(...heights)).toBeLessThan(3000)
  expect(await page.locator('h1').textContent()).toBe('感谢您的反馈！')
  expect(await page.locator('.notice').textContent()).toContain('服务质量调查')
  expect(await page.locator('.notice').textContent()).toContain('您现在可以关闭此页面。')
  await page.screenshot({ path: 'test-results/respondent-thanks.png', fullPage: true })
  await page.context().close()
})
