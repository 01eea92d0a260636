import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { useE2eHarness } from './harness.js'
import { E2E_ADMIN } from './server.js'
import { loggedInPage } from './login.js'

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
 * Where a chart drew its points: the centres of the 14 px discs of the given
 * colours on its (transparent) canvas, found by counting matching pixels
 * around each pixel. Lines and labels in the same colours are too thin to count.
 */
async function pointsOf(
  page: Page,
  testId: string,
  colours: Array<[number, number, number]>,
): Promise<Array<{ x: number; y: number }>> {
  return page
    .getByTestId(testId)
    .locator('canvas')
    .evaluate((canvas: HTMLCanvasElement, colours) => {
      const { width, height } = canvas
      const data = canvas.getContext('2d')!.getImageData(0, 0, width, height).data
      const sums = new Int32Array((width + 1) * (height + 1))
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const i = (y * width + x) * 4
          const hit =
            data[i + 3]! >= 150 &&
            colours.some(
              ([r, g, b]) =>
                Math.abs(data[i]! - r) <= 8 &&
                Math.abs(data[i + 1]! - g) <= 8 &&
                Math.abs(data[i + 2]! - b) <= 8,
            )
              ? 1
              : 0
          sums[(y + 1) * (width + 1) + x + 1] =
            hit +
            sums[y * (width + 1) + x + 1]! +
            sums[(y + 1) * (width + 1) + x]! -
            sums[y * (width + 1) + x]!
        }
      }
      const scale = width / canvas.getBoundingClientRect().width
      const r = Math.round(4 * scale)
      const count = (x: number, y: number) =>
        sums[(y + r + 1) * (width + 1) + x + r + 1]! -
        sums[(y - r) * (width + 1) + x + r + 1]! -
        sums[(y + r + 1) * (width + 1) + x - r]! +
        sums[(y - r) * (width + 1) + x - r]!
      const found: Array<{ x: number; y: number; n: number }> = []
      for (let y = r; y < height - r - 1; y++) {
        for (let x = r; x < width - r - 1; x++) {
          const n = count(x, y)
          // A 9×9 square inside a 14 px disc is (nearly) full: only a symbol fills it.
          if (n < (2 * r + 1) ** 2 * 0.8) continue
          const near = found.find((p) => Math.abs(p.x - x) < 3 * r && Math.abs(p.y - y) < 3 * r)
          if (!near) found.push({ x, y, n })
        }
      }
      const rect = canvas.getBoundingClientRect()
      return found.map((p) => ({
        x: rect.left + (p.x + r / 2) / scale,
        y: rect.top + (p.y + r / 2) / scale,
      }))
    }, colours)
}

/** Hovers each point until the chart's tooltip shows, and returns the tooltip texts. */
async function tooltipsOf(
  page: Page,
  testId: string,
  colours: Array<[number, number, number]>,
): Promise<string[]> {
  await page.getByTestId(testId).scrollIntoViewIfNeeded()
  const points = await pointsOf(page, testId, colours)
  const texts: string[] = []
  for (const point of points) {
    await page.mouse.move(point.x, point.y)
    const tooltip = page
      .getByTestId(testId)
      .locator('div')
      .filter({ hasText: /Better|performance/ })
      .last()
    await tooltip.waitFor({ state: 'visible' })
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
  await page.getByTestId('kano-scatter').locator('canvas').waitFor()
  await page.getByTestId('ipa-quadrants').locator('canvas').waitFor()
  // ECharts draws after an animation: wait until every point is on the canvas.
  // ECharts 6's first series colour; the IPA quadrants' own colours.
  const KANO_BLUE: [number, number, number] = [0x50, 0x70, 0xdd]
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
    expect.stringMatching(/^<img src=x onerror="window\.__xss=1"> \(O\)Better 1 · \|Worse\| 1$/),
  ])
  expect(ipa.map((text) => text.replace(/performance.*$/, '')).sort()).toEqual([
    PAYLOAD,
    `${PAYLOAD} 2`,
  ])
  expect(await page.evaluate(() => (window as unknown as { __injected: number }).__injected)).toBe(
    0,
  )
  expect(await page.locator('img[src="x"]').count()).toBe(0)
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()
  await page.context().close()
})
