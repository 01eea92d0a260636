import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { insertResponseRows } from '../src/responses/response-insert.js'
import { buildResponseRow } from '../src/responses/response-row.js'
import type { Survey } from '../src/surveys/survey.schema.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

const harness = useE2eHarness()

const SURVEY = {
  title: { 'zh-CN': '营业厅服务 CSI', 'en-US': 'Service hall CSI' },
  questions: [
    { key: 'speed', type: 'likert5', title: { 'zh-CN': '办理速度', 'en-US': 'Speed' } },
    { key: 'attitude', type: 'likert5', title: { 'zh-CN': '服务态度', 'en-US': 'Attitude' } },
    {
      key: 'hall',
      type: 'matrix',
      title: { 'zh-CN': '营业厅', 'en-US': 'Hall' },
      matrix: {
        scale: 'likert5',
        rows: [
          { key: 'clean', label: { 'zh-CN': '整洁', 'en-US': 'Clean' } },
          { key: 'queue', label: { 'zh-CN': '排队', 'en-US': 'Queue' } },
          { key: 'signs', label: { 'zh-CN': '指引', 'en-US': 'Signs' } },
        ],
      },
    },
    { key: 'csat', type: 'csat', title: { 'zh-CN': '总体满意', 'en-US': 'Overall' } },
  ],
}
// Two Likert items (a two-item scale's reliability has no α-if-deleted: the dashboard must still draw).
const ITEMS = ['speed', 'attitude', 'hall.clean', 'hall.queue', 'hall.signs']

const shares = (page: Page) =>
  Promise.all(ITEMS.map(async (key) => page.getByTestId(`csi-share-${key}`).textContent()))

it('the survey editor sets the CSI’s given weights, shown as shares of 100%, saved through the survey API and used by the dashboard', async () => {
  const page = await loggedInPage(harness.browser, harness.server.url)
  const created = await page.request.post(`${harness.server.url}/api/v1/surveys`, {
    data: SURVEY,
  })
  expect(created.status()).toBe(201)
  const survey = (await created.json()) as Survey
  await page.goto(`${harness.server.url}/app/surveys/${survey.id}/edit`)
  await page.getByTestId('csi-card').waitFor()

  // Every rating item, a matrix row as its own: equal until weighted.
  expect(await shares(page)).toEqual(Array(5).fill('占比 20.0%'))
  await page.getByTestId('csi-weight-speed').fill('4')
  await page.getByTestId('csi-weight-attitude').fill('1')
  await page.getByTestId('csi-weight-hall.clean').fill('0')
  // A weight of 0 is refused before saving.
  await page.getByTestId('save-survey').click()
  await page.getByText('权重须大于 0').waitFor()
  await page.getByTestId('csi-weight-hall.clean').fill('3')
  // Items left empty weigh 1: 4 : 1 : 3 : 1 : 1.
  await expect
    .poll(() => shares(page))
    .toEqual(['占比 40.0%', '占比 10.0%', '占比 30.0%', '占比 10.0%', '占比 10.0%'])
  await page.screenshot({ path: 'test-results/csi-editor-zh.png', fullPage: true })
  await page.getByTestId('save-survey').click()
  await page.waitForURL(`**/app/surveys/${survey.id}`)

  const saved = (await (
    await page.request.get(`${harness.server.url}/api/v1/surveys/${survey.id}`)
  ).json()) as Survey
  expect(saved.settings.csiWeights).toEqual({ speed: 4, attitude: 1, 'hall.clean': 3 })

  // Opened again, the editor shows what was saved.
  await page.goto(`${harness.server.url}/app/surveys/${survey.id}/edit`)
  await page.getByTestId('csi-card').waitFor()
  await expect.poll(() => page.getByTestId('csi-weight-speed').inputValue()).toBe('4')
  expect(await page.getByTestId('csi-weight-hall.clean').inputValue()).toBe('3')
  expect(await page.getByTestId('csi-weight-hall.queue').inputValue()).toBe('')

  // The dashboard's CSI weights the items so (given weights: no importance questions, few answers).
  expect(
    (await page.request.post(`${harness.server.url}/api/v1/surveys/${survey.id}/publish`)).status(),
  ).toBe(200)
  const published = (await (
    await page.request.get(`${harness.server.url}/api/v1/surveys/${survey.id}`)
  ).json()) as Survey
  const orgId = (
    await harness.server.store.db
      .selectFrom('surveys')
      .select('org_id')
      .where('id', '=', survey.id)
      .executeTakeFirstOrThrow()
  ).org_id
  await insertResponseRows(
    harness.server.store.db,
    // Ten answers whose items move together (a scale with a reliability to show).
    [5, 4, 3, 4, 2, 5, 3, 4, 2, 5].map((speed, i) =>
      buildResponseRow({
        survey: published,
        orgId,
        timezone: 'Asia/Shanghai',
        answers: {
          speed,
          attitude: Math.max(1, speed - (i % 2)),
          hall: {
            clean: Math.max(1, speed - (i % 3)),
            queue: Math.max(1, speed - 1),
            signs: Math.max(1, speed - (i % 2)),
          },
          csat: speed,
        },
        locale: 'zh-CN',
        channel: 'link',
        segments: {},
        submittedAt: Date.now() - (i + 1) * 60_000,
      }),
    ),
  )
  const analysis = await (
    await page.request.get(
      `${harness.server.url}/api/v1/surveys/${survey.id}/analysis?csiWeights=given`,
    )
  ).json()
  const weights = Object.fromEntries(
    (analysis.csi.items as Array<{ key: string; weight: number }>).map((i) => [
      i.key,
      Math.round(i.weight * 1000) / 1000,
    ]),
  )
  expect(weights).toEqual({
    speed: 0.4,
    attitude: 0.1,
    'hall.clean': 0.3,
    'hall.queue': 0.1,
    'hall.signs': 0.1,
  })
  await page.goto(`${harness.server.url}/app/surveys/${survey.id}`)
  await page.getByTestId('metric-csi').waitFor()
  await expect
    .poll(() => page.getByTestId('csi-items').textContent())
    .toContain('办理速度（权重 40%）')

  // The index without one item, and given weights as the survey's default weighting.
  await page.goto(`${harness.server.url}/app/surveys/${survey.id}/edit`)
  await page.getByTestId('csi-card').waitFor()
  await expect.poll(() => page.getByTestId('csi-weight-speed').inputValue()).toBe('4')
  await page.getByTestId('csi-in-hall.signs').click()
  await expect
    .poll(() => shares(page))
    .toEqual(['占比 44.4%', '占比 11.1%', '占比 33.3%', '占比 11.1%', '不计入'])
  await page.getByTestId('csi-weighting').click()
  await page.getByTitle('给定权重（未设定时各题等权）').click()
  await page.getByTestId('save-survey').click()
  // The survey has answers now: the editor says what happens to them before it saves.
  await page.getByTestId('change-warning').waitFor()
  await page.getByRole('button', { name: '仍然保存' }).click()
  await page.waitForURL(`**/app/surveys/${survey.id}`)
  const defined = (await (
    await page.request.get(`${harness.server.url}/api/v1/surveys/${survey.id}`)
  ).json()) as Survey
  expect(defined.settings.csi).toEqual({
    items: ['speed', 'attitude', 'hall.clean', 'hall.queue'],
    weighting: 'given',
  })
  const byDefault = await (
    await page.request.get(`${harness.server.url}/api/v1/surveys/${survey.id}/analysis`)
  ).json()
  expect(byDefault.csi.weighting).toBe('given')
  expect(byDefault.csi.items.map((i: { key: string }) => i.key)).toEqual([
    'speed',
    'attitude',
    'hall.clean',
    'hall.queue',
  ])
  await expect
    .poll(() => page.getByTestId('csi-items').textContent())
    .toContain('办理速度（权重 44%）')

  // At phone width in English: worded in English, nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 })
  await page.evaluate(() => localStorage.setItem('manyi.locale', 'en-US'))
  await page.goto(`${harness.server.url}/app/surveys/${survey.id}/edit`)
  await page.getByTestId('csi-card').waitFor()
  await expect.poll(() => page.getByTestId('csi-share-speed').textContent()).toBe('Share 44.4%')
  const card = (await page.getByTestId('csi-card').textContent()) ?? ''
  expect(card).toContain('CSI (satisfaction index)')
  expect(card).toContain('Hall · Clean')
  expect(card).toContain('Left out')
  expect(card).not.toMatch(/[\u4e00-\u9fff]/)
  const widths = await page.evaluate(() => {
    const el = document.querySelector('[data-testid="csi-card"]')!
    return {
      page: document.documentElement.scrollWidth,
      card: el.scrollWidth,
      cardBox: el.clientWidth,
      right: el.getBoundingClientRect().right,
    }
  })
  expect(widths.page).toBeLessThanOrEqual(390)
  expect(widths.card).toBeLessThanOrEqual(widths.cardBox)
  expect(widths.right).toBeLessThanOrEqual(390)
  await page.screenshot({ path: 'test-results/csi-editor-en-390.png', fullPage: true })
  await page.getByTestId('csi-card').screenshot({ path: 'test-results/csi-card-en-390.png' })
  await page.context().close()
})
