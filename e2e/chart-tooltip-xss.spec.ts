import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { useE2eHarness } from './harness.js'
import { E2E_ADMIN } from './server.js'
import { loggedInPage } from './login.js'
import { hoverChartUntil } from './chart-mark.js'

const harness = useE2eHarness()

/** Stored HTML injection: a question title that is markup, shown in the Kano and IPA chart tooltips. */
const PAYLOAD = '<img src=x onerror="window.__xss=1">'
const t = (text: string) => ({ 'zh-CN': text, 'en-US': text })

async function api(path: string, body: unknown, cookie = ''): Promise<Response> {
  return fetch(`${harness.server.url}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify(body),
  })
}

/** A published survey whose Kano feature and IPA attributes are titled with the payload, with answers. */
async function surveyWithMarkupTitles(): Promise<string> {
  const login = await api('/auth/login', E2E_ADMIN)
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const created = await api(
    '/surveys',
    {
      title: t('标题注入'),
      questions: [
        {
          key: 'feature',
          type: 'kano',
          title: t(PAYLOAD),
          required: true,
          kano: {
            functional: t('如果提供，您觉得如何？'),
            dysfunctional: t('如果不提供，您觉得如何？'),
          },
        },
        { key: 'quality', type: 'csm7', title: t(PAYLOAD), required: true },
        {
          key: 'imp_quality',
          type: 'importance5',
          title: t('质量重要吗？'),
          required: true,
          importanceOf: 'quality',
        },
        { key: 'price', type: 'csm7', title: t(`${PAYLOAD} 2`), required: true },
        {
          key: 'imp_price',
          type: 'importance5',
          title: t('价格重要吗？'),
          required: true,
          importanceOf: 'price',
        },
      ],
    },
    cookie,
  )
  expect(created.status).toBe(201)
  const { id, slug } = (await created.json()) as { id: string; slug: string }
  expect((await api(`/surveys/${id}/publish`, {}, cookie)).status).toBe(200)
  const answers = [
    { quality: 40, imp_quality: 5, price: -40, imp_price: 2 },
    { quality: 20, imp_quality: 4, price: -20, imp_price: 3 },
    { quality: 60, imp_quality: 5, price: -40, imp_price: 1 },
  ]
  for (const a of answers) {
    const res = await api(`/public/surveys/${slug}/responses`, {
      answers: { feature: { functional: 'like', dysfunctional: 'dislike' }, ...a },
    })
    expect(res.status, await res.clone().text()).toBe(201)
  }
  return id
}

/**
 * Where a chart drew its points: the centres of the 14 px symbols of the given colours in its
 * SVG (the charts use ECharts' SVG renderer). Lines and labels in the same colours are not
 * symbol-sized, so they are not counted.
 */
async function pointsOf(
  page: Page,
  testId: string,
  colours: Array<[number, number, number]>,
): Promise<Array<{ x: number; y: number }>> {
  return page
    .getByTestId(testId)
    .locator('svg')
    .first()
    .evaluate((svg: SVGSVGElement, colours) => {
      const found: Array<{ x: number; y: number }> = []
      for (const el of svg.querySelectorAll('path')) {
        const m = /rgba?\((\d+), (\d+), (\d+)/.exec(getComputedStyle(el).fill)
        if (!m) continue
        const [r, g, b] = [Number(m[1]), Number(m[2]), Number(m[3])]
        if (
          !colours.some(
            ([cr, cg, cb]) =>
              Math.abs(r - cr) <= 8 && Math.abs(g - cg) <= 8 && Math.abs(b - cb) <= 8,
          )
        )
          continue
        const box = el.getBoundingClientRect()
        if (box.width < 10 || box.width > 18 || box.height < 10 || box.height > 18) continue
        found.push({ x: box.left + box.width / 2, y: box.top + box.height / 2 })
      }
      return found
    }, colours)
}

/** Hovers each point until the chart's tooltip shows, and returns the tooltip texts. */
async function tooltipsOf(
  page: Page,
  testId: string,
  colours: Array<[number, number, number]>,
): Promise<string[]> {
  await page.getByTestId(testId).scrollIntoViewIfNeeded()
  const count = (await pointsOf(page, testId, colours)).length
  const texts: string[] = []
  for (let i = 0; i < count; i++) {
    const tooltip = page
      .getByTestId(testId)
      .locator('div')
      .filter({ hasText: /Better|表现/ })
      .last()
    // The i-th point where it is now, hovered again until its tooltip shows (chart-mark.ts).
    await hoverChartUntil(
      page,
      async () => {
        const point = (await pointsOf(page, testId, colours))[i]
        return point ? [point] : []
      },
      () => tooltip.isVisible(),
    )
    texts.push((await tooltip.textContent()) ?? '')
    await page.mouse.move(0, 0)
    await tooltip.waitFor({ state: 'hidden' })
  }
  return texts
}

it('shows question titles in the Kano and IPA tooltips as text, never as markup', async () => {
  const surveyId = await surveyWithMarkupTitles()
  const page = await loggedInPage(harness.browser, harness.server.url)
  // Counts every element from the payload that ever enters the page, even if a tooltip removes it again.
  await page.addInitScript(() => {
    const w = window as unknown as { __injected: number }
    w.__injected = 0
    new MutationObserver((records) => {
      for (const node of records.flatMap((r) => [...r.addedNodes])) {
        if (
          node instanceof Element &&
          (node.matches('img[src="x"]') || node.querySelector('img[src="x"]'))
        )
          w.__injected++
      }
    }).observe(document, { childList: true, subtree: true })
  })
  await page.goto(`${harness.server.url}/app/surveys/${surveyId}`)
  await page.getByTestId('kano-scatter').locator('svg').first().waitFor()
  await page.getByTestId('ipa-quadrants').locator('svg').first().waitFor()
  // ECharts draws after an animation: wait until every point is drawn.
  // The Kano colour of a one-dimensional (O) feature; the IPA quadrants' own colours.
  const KANO_BLUE: [number, number, number] = [0x2e, 0x90, 0xfa]
  const IPA_COLOURS: Array<[number, number, number]> = [
    [0xf0, 0x44, 0x38],
    [0x12, 0xb7, 0x6a],
    [0x98, 0xa2, 0xb3],
    [0xfd, 0xb0, 0x22],
  ]
  await expect.poll(async () => (await pointsOf(page, 'kano-scatter', [KANO_BLUE])).length).toBe(1)
  await expect.poll(async () => (await pointsOf(page, 'ipa-quadrants', IPA_COLOURS)).length).toBe(2)

  const kano = await tooltipsOf(page, 'kano-scatter', [KANO_BLUE])
  const ipa = await tooltipsOf(page, 'ipa-quadrants', IPA_COLOURS)
  // The title, character for character, in the Kano tooltip and in both IPA tooltips.
  expect(kano).toEqual([
    expect.stringMatching(
      /^<img src=x onerror="window\.__xss=1"> · 期望 \(O\)Better 系数 1 · \|Worse\| 系数 1$/,
    ),
  ])
  expect(ipa.map((text) => text.replace(/表现.*$/, '')).sort()).toEqual([PAYLOAD, `${PAYLOAD} 2`])
  expect(await page.evaluate(() => (window as unknown as { __injected: number }).__injected)).toBe(
    0,
  )
  expect(await page.locator('img[src="x"]').count()).toBe(0)
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()
  await page.context().close()
})
