import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, expect, it } from 'vitest'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'
import { useE2eHarness } from './harness.js'

const harness = useE2eHarness()
let host: Server | undefined

afterAll(async () => {
  await new Promise((resolve) => (host ? host.close(resolve) : resolve(undefined)))
})

/** A customer's site on another origin that embeds the widget with one script tag. */
async function customerSite(body: string): Promise<string> {
  host = createServer((_request, response) => {
    response.setHeader('content-type', 'text/html; charset=utf-8')
    response.end(
      `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body><h1>Shop</h1>${body}</body></html>`,
    )
  })
  await new Promise<void>((resolve) => host!.listen(0, '127.0.0.1', resolve))
  // localhost vs 127.0.0.1: a different origin from the Manyi server.
  return `http://localhost:${(host.address() as AddressInfo).port}/`
}

it('a customer site embeds the survey with one script tag; the answer carries the widget channel and the store', async () => {
  const { store } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const survey = await createSurvey(scope, {
    title: { 'zh-CN': '购物体验' },
    questions: [
      { key: 'nps', type: 'nps', title: { 'zh-CN': '您有多大可能推荐我们？' }, required: true },
    ],
    settings: { hiddenFields: ['store'] },
  })
  const { slug } = await publishSurvey(scope, survey.id)
  const site = await customerSite(
    `<script src="${harness.server.url}/widget.js" data-survey="${slug}" data-mode="popup" data-store="A12" async></script>`,
  )
  const context = await harness.browser.newContext({
    viewport: { width: 1024, height: 800 },
    locale: 'zh-CN',
  })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(site)
  await page.getByRole('button', { name: '意见反馈' }).click()
  const frame = page.frameLocator('iframe[title="Survey"]')
  await frame.locator('input[name="nps"][value="10"]').check({ force: true })
  await frame.getByRole('button', { name: '提交' }).click()
  await expect.poll(() => frame.locator('h1').textContent()).toBe('感谢您的反馈！')
  expect(errors).toEqual([])
  const rows = await store.db
    .selectFrom('responses')
    .select(['nps', 'channel', 'segments'])
    .where('survey_id', '=', survey.id)
    .execute()
  expect(rows).toEqual([{ nps: 10, channel: 'widget', segments: '{"store":"A12"}' }])
  await context.close()
})

it('inline, the frame takes the height of the survey inside it, also after submitting', async () => {
  const { store } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const survey = await createSurvey(scope, {
    title: { 'zh-CN': '门店体验' },
    questions: [
      { key: 'nps', type: 'nps', title: { 'zh-CN': '您有多大可能推荐我们？' }, required: true },
      { key: 'csat', type: 'csat', title: { 'zh-CN': '您对本次服务满意吗？' } },
      { key: 'ces', type: 'ces', title: { 'zh-CN': '办理业务很轻松。' } },
      { key: 'comment', type: 'text', title: { 'zh-CN': '其他意见' } },
    ],
  })
  const { slug } = await publishSurvey(scope, survey.id)
  const site = await customerSite(
    `<script src="${harness.server.url}/widget.js" data-survey="${slug}" async></script><footer>页脚</footer>`,
  )
  const context = await harness.browser.newContext({
    viewport: { width: 800, height: 700 },
    locale: 'zh-CN',
  })
  const page = await context.newPage()
  await page.goto(site)
  const iframe = page.locator('iframe[title="Survey"]')
  const frame = page.frameLocator('iframe[title="Survey"]')
  // The four questions are taller than the initial 480 px: the frame grows to the page inside it, so it needs no scroll bar.
  const contentHeight = () =>
    frame.locator('body').evaluate((body) => body.getBoundingClientRect().height)
  await expect
    .poll(async () => (await iframe.boundingBox())!.height, { timeout: 10_000 })
    .toBeGreaterThan(480)
  expect(
    Math.abs((await iframe.boundingBox())!.height - (await contentHeight())),
  ).toBeLessThanOrEqual(1)
  await frame.locator('input[name="nps"][value="9"]').check({ force: true })
  await frame.getByRole('button', { name: '提交' }).click()
  await expect.poll(() => frame.locator('h1').textContent()).toBe('感谢您的反馈！')
  // The short thank-you page shrinks it again (to no less than 200 px).
  await expect
    .poll(async () => (await iframe.boundingBox())!.height, { timeout: 10_000 })
    .toBeLessThan(480)
  expect((await iframe.boundingBox())!.height).toBeGreaterThanOrEqual(200)
  await context.close()
})
