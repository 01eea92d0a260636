import { mkdirSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { loadDemoData } from '../src/demo/demo.js'
import { importResponses } from '../src/responses/response-import.js'
import type { Question } from '../src/surveys/survey.schema.js'
import {
  createSurvey,
  createSurveyFromTemplate,
  publishSurvey,
} from '../src/surveys/survey.service.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

/**
 * Dashboards in one language with every label whole: on a survey with NPS, CSAT, comments and
 * rating items (answers over 40 days from four channels), on the Kano template and on the
 * SERVQUAL template, at 1440 and 390 px in Chinese and English. The charts are SVG, so every
 * label is an element whose box is measured: inside its chart, over no other label.
 */

const harness = useE2eHarness()
const tx = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en })
const WIDTHS = [1440, 390] as const
const LOCALES = ['zh-CN', 'en-US'] as const
const CJK = /[\u3400-\u9fff]/

/** A deterministic sequence in [0, 1), so every run draws the same charts. */
function sequence(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648
    return s / 2147483648
  }
}

const SERVICE_QUESTIONS: Question[] = [
  { key: 'nps', type: 'nps', title: tx('推荐意愿', 'Likelihood to recommend'), required: true },
  { key: 'csat', type: 'csat', title: tx('总体满意度', 'Overall satisfaction'), required: false },
  {
    key: 'clear',
    type: 'likert5',
    title: tx('办理流程清晰', 'The process was clear'),
    required: false,
  },
  { key: 'score', type: 'rating10', title: tx('总体评分', 'Overall rating'), required: false },
  {
    key: 'hall',
    type: 'matrix',
    title: tx('请对营业厅服务打分', 'Rate the service hall'),
    required: false,
    matrix: {
      scale: 'likert5',
      rows: [
        { key: 'attitude', label: tx('服务态度', 'Attitude') },
        { key: 'speed', label: tx('办理效率', 'Speed') },
        { key: 'clarity', label: tx('解释清楚', 'Clear explanations') },
      ],
    },
  },
  { key: 'comment', type: 'text', title: tx('您的建议', 'Your suggestions'), required: false },
]

async function post(path: string, body: unknown): Promise<void> {
  const res = await fetch(`${harness.server.url}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  expect(res.status, await res.clone().text()).toBe(201)
}

/** Three surveys with answers: service (every rating type, four channels, 40 days), Kano, SERVQUAL. */
async function seed(): Promise<{ service: string; kano: string; servqual: string }> {
  const { store } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const random = sequence(7)
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!
  const service = await createSurvey(scope, {
    title: tx('营业厅服务评价', 'Service hall survey'),
    defaultLocale: 'zh-CN',
    questions: SERVICE_QUESTIONS,
    settings: { hiddenFields: [] },
  })
  await publishSurvey(scope, service.id)
  const day = 86_400_000
  for (const [c, channel] of ['link', 'qr', 'email', 'widget'].entries()) {
    const rows: string[][] = []
    for (let i = 0; i < 240; i++) {
      const nps = Math.min(10, Math.floor(random() * 11) + c)
      const when = new Date(Date.now() - (1 + Math.floor(random() * 40)) * day)
      rows.push([String(nps), nps < 5 ? '等待时间太长' : '', when.toISOString()])
    }
    const report = await importResponses(
      scope,
      service.id,
      { file: `${channel}.csv`, headers: ['nps', 'comment', 'time'], rows },
      { channel, submittedAtColumn: 'time' },
    )
    expect(report).toMatchObject({ imported: 240 })
  }
  for (let i = 0; i < 12; i++) {
    await post(`/public/surveys/${service.slug}/responses`, {
      answers: {
        nps: pick([3, 7, 9, 10]),
        csat: pick([2, 4, 5]),
        clear: pick([2, 3, 4, 5]),
        // Three answers only: the rating's card says it has no interval.
        ...(i < 3 ? { score: pick([6, 8, 9]) } : {}),
        hall: { attitude: pick([3, 4, 5]), speed: pick([1, 2, 4]), clarity: pick([3, 5]) },
      },
    })
  }
  const kano = await createSurveyFromTemplate(scope, 'kano-features')
  await publishSurvey(scope, kano.id)
  const servqual = await createSurveyFromTemplate(scope, 'servqual-22')
  await publishSurvey(scope, servqual.id)
  const kanoAnswers = ['like', 'must_be', 'neutral', 'live_with', 'dislike'] as const
  for (let i = 0; i < 40; i++) {
    await post(`/public/surveys/${kano.slug}/responses`, {
      answers: Object.fromEntries(
        kano.questions.map((q, j) => [
          q.key,
          { functional: kanoAnswers[(i + j) % 3]!, dysfunctional: pick(kanoAnswers) },
        ]),
      ),
    })
    await post(`/public/surveys/${servqual.slug}/responses`, {
      answers: Object.fromEntries(
        servqual.questions.map((q) => [
          q.key,
          { expectation: pick([6, 7]), perception: pick([3, 4, 5, 6, 7]) },
        ]),
      ),
    })
  }
  return { service: service.id, kano: kano.id, servqual: servqual.id }
}

/** The admin app signed in, in `locale`, at `width` px; script errors collected in `problems`. */
async function dashboard(
  browser: Browser,
  locale: (typeof LOCALES)[number],
  width: number,
): Promise<{ page: Page; problems: string[] }> {
  const page = await loggedInPage(browser, harness.server.url)
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(e.message))
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
  await page.setViewportSize({ width, height: 900 })
  await page.evaluate((l) => localStorage.setItem('manyi.locale', l), locale)
  return { page, problems }
}

interface LabelBox {
  chart: string
  text: string
  /** The label's four corners on the page, turned as the label is (axis names, rotated ticks). */
  corners: Array<[number, number]>
}

/** Every visible text of every chart on the page, with its corners; those outside their chart. */
async function chartLabels(page: Page): Promise<{ labels: LabelBox[]; outside: string[] }> {
  return page.evaluate(() => {
    const labels: LabelBox[] = []
    const outside: string[] = []
    for (const holder of document.querySelectorAll('[data-testid]')) {
      // A chart: its test id on the wrapper, then echarts-for-react's element, ECharts' and the SVG.
      const svg = holder.querySelector(':scope > div > div > svg')
      if (!svg) continue
      const chart = holder.getAttribute('data-testid')!
      const frame = svg.getBoundingClientRect()
      for (const el of svg.querySelectorAll('text')) {
        const text = el.textContent?.trim() ?? ''
        const style = getComputedStyle(el)
        if (text === '' || style.display === 'none' || style.visibility === 'hidden') continue
        if (Number(el.getAttribute('opacity') ?? style.opacity) === 0) continue
        const b = el.getBBox()
        const matrix = el.getScreenCTM()
        if (b.width === 0 || b.height === 0 || !matrix) continue
        // The glyphs' line box (the font size, centred) rather than the font's taller ascent and
        // descent, so the lines of one wrapped label, set one font size apart, do not count as overlapping.
        const size = Number.parseFloat(style.fontSize) || b.height
        const middle = b.y + b.height / 2
        const top = Math.max(b.y, middle - size / 2)
        const bottom = Math.min(b.y + b.height, middle + size / 2)
        const corners = (
          [
            [b.x, top],
            [b.x + b.width, top],
            [b.x + b.width, bottom],
            [b.x, bottom],
          ] as const
        ).map(([x, y]) => {
          const q = new DOMPoint(x, y).matrixTransform(matrix)
          return [q.x, q.y] as [number, number]
        })
        labels.push({ chart, text, corners })
        if (
          corners.some(
            ([x, y]) =>
              x < frame.left - 1 ||
              x > frame.right + 1 ||
              y < frame.top - 1 ||
              y > frame.bottom + 1,
          )
        )
          outside.push(`${chart}: "${text}" sticks out of its chart`)
      }
    }
    return { labels, outside }
  }) as Promise<{ labels: LabelBox[]; outside: string[] }>
}

/**
 * How far two convex outlines overlap along the axis that separates them best (separating axis
 * theorem): ≤ 0 when they do not overlap, otherwise the depth in pixels.
 */
function overlapDepth(a: Array<[number, number]>, b: Array<[number, number]>): number {
  let depth = Number.POSITIVE_INFINITY
  for (const shape of [a, b]) {
    for (let i = 0; i < shape.length; i++) {
      const [x1, y1] = shape[i]!
      const [x2, y2] = shape[(i + 1) % shape.length]!
      const length = Math.hypot(x2 - x1, y2 - y1)
      if (length === 0) continue
      const axis = [(y1 - y2) / length, (x2 - x1) / length] as const
      const project = (points: Array<[number, number]>) =>
        points.map(([x, y]) => x * axis[0] + y * axis[1])
      const pa = project(a)
      const pb = project(b)
      const overlap =
        Math.min(Math.max(...pa), Math.max(...pb)) - Math.max(Math.min(...pa), Math.min(...pb))
      depth = Math.min(depth, overlap)
    }
  }
  return depth
}

/** Pairs of labels of one chart that overlap by more than 2 px. */
function overlaps(labels: LabelBox[]): string[] {
  const found: string[] = []
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      const a = labels[i]!
      const b = labels[j]!
      if (a.chart === b.chart && overlapDepth(a.corners, b.corners) > 2)
        found.push(`${a.chart}: "${a.text}" over "${b.text}"`)
    }
  }
  return found
}

/** Waits until the charts stop moving (animations last at most 300 ms), then measures them. */
async function settledLabels(page: Page, only?: string): Promise<LabelBox[]> {
  let last = ''
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(200)
    const { labels } = await chartLabels(page)
    const now = JSON.stringify(labels)
    if (now === last && labels.length > 0) break
    last = now
  }
  const measured = await chartLabels(page)
  const labels = measured.labels.filter((l) => only === undefined || l.chart === only)
  const outside = measured.outside.filter((o) => only === undefined || o.startsWith(`${only}:`))
  await page.screenshot({ path: 'test-results/dashboards/last-measured.png', fullPage: true })
  // Card titles (the channel chart's, the rating cards') are whole too, not cut to an ellipsis.
  const cutTitles = only
    ? []
    : await page
        .locator('.ant-card-head-title')
        .evaluateAll((titles) =>
          titles
            .filter((el) => el.scrollWidth > el.clientWidth + 1)
            .map((el) => `card title "${el.textContent}" is cut`),
        )
  expect([...outside, ...overlaps(labels), ...cutTitles]).toEqual([])
  return labels
}

it('on demo data, the survey dashboards and the complaint Pareto keep every label whole, its 80% line named inside', async () => {
  const { store } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const demo = await loadDemoData(scope, { responses: 1_500 })
  for (const locale of LOCALES) {
    for (const width of WIDTHS) {
      const { page, problems } = await dashboard(harness.browser, locale, width)
      for (const survey of demo.surveys) {
        await page.goto(`${harness.server.url}/app/surveys/${survey.id}`)
        await page
          .getByTestId('trend-nps')
          .or(page.getByTestId('trend-csat'))
          .first()
          .locator('svg text')
          .first()
          .waitFor()
        await settledLabels(page)
      }
      await page.goto(`${harness.server.url}/app/complaints`)
      await page.getByTestId('pareto-chart').locator('svg text').first().waitFor()
      const labels = await settledLabels(page, 'pareto-chart')
      expect(labels.map((l) => l.text)).toContain('80%')
      await page.screenshot({
        path: `test-results/dashboards/complaints-${locale}-${width}.png`,
        fullPage: true,
      })
      expect(problems).toEqual([])
      await page.context().close()
    }
  }
})

it('dashboards show only the cards their questions feed, in one language, with no cut or overlapping label', async () => {
  const ids = await seed()
  mkdirSync('test-results/dashboards', { recursive: true })
  for (const locale of LOCALES) {
    for (const width of WIDTHS) {
      const { page, problems } = await dashboard(harness.browser, locale, width)
      const shot = (name: string) =>
        page.screenshot({
          path: `test-results/dashboards/${name}-${locale}-${width}.png`,
          fullPage: true,
        })

      // The service survey: NPS gauge, trend, channels with intervals, control chart, rating items.
      await page.goto(`${harness.server.url}/app/surveys/${ids.service}`)
      for (const id of [
        'nps-gauge',
        'trend-nps',
        'segment-nps',
        'detractor-control',
        'items-likert5',
        'items-hall',
        'csi-items',
      ])
        await page.getByTestId(id).locator('svg text').first().waitFor()
      await page.getByTestId('comments').waitFor()
      const service = await settledLabels(page)
      // A channel's name may carry " *" (differs significantly from the rest).
      const words = (chart: string) =>
        service.filter((l) => l.chart === chart).map((l) => l.text.replace(/ \*$/, ''))
      if (locale === 'zh-CN') {
        expect(words('detractor-control')).toEqual(
          expect.arrayContaining(['每日比例', '控制上限', '控制下限']),
        )
        expect(words('segment-nps')).toEqual(expect.arrayContaining(['二维码', '网站组件']))
      } else {
        expect(words('detractor-control')).toEqual(
          expect.arrayContaining(['Daily share', 'Upper limit', 'Lower limit']),
        )
        expect(words('segment-nps')).toEqual(expect.arrayContaining(['QR code', 'Website widget']))
        for (const l of service) expect(l.text, `${l.chart}: ${l.text}`).not.toMatch(CJK)
      }
      // Each channel's 95% interval is drawn: one line per channel across its bar.
      expect(
        await page.getByTestId('segment-nps').locator('svg path[stroke="#344054"]').count(),
      ).toBe(4)
      // The legend's colours are the lines' colours.
      const legendColours = await page
        .getByTestId('detractor-control')
        .locator('svg')
        .evaluate((svg) =>
          [...svg.querySelectorAll('path')]
            .map((p) => p.getAttribute('stroke') ?? '')
            .filter((c) => c !== '' && c !== 'none'),
        )
      expect(legendColours).toEqual(expect.arrayContaining(['#f04438', '#fd853a', '#1677ff']))
      // Three answers to the 0–10 rating: the card says it gives no interval.
      await expect.poll(() => page.getByTestId('items-rating10-no-interval').count()).toBe(1)
      // The live CSI over the rating questions: three respondents answered every item (the 0–10
      // rating only three times), so its card says there is no interval rather than show none.
      expect(await page.getByTestId('metric-csi-no-ci').textContent()).toBe(
        locale === 'zh-CN'
          ? '不足 5 份答卷，不给出置信区间'
          : 'Fewer than 5 answers: no confidence interval',
      )
      await shot('service')

      // Kano: no NPS trend, no comments card (the survey asks neither); point names whole.
      await page.goto(`${harness.server.url}/app/surveys/${ids.kano}`)
      await page.getByTestId('kano-scatter').locator('svg text').first().waitFor()
      const kano = await settledLabels(page)
      expect(await page.getByTestId('trend-nps').count()).toBe(0)
      expect(await page.getByTestId('comments').count()).toBe(0)
      const points = kano.filter((l) => l.chart === 'kano-scatter').map((l) => l.text)
      if (locale === 'en-US') for (const p of points) expect(p).not.toMatch(CJK)
      else expect(points.join('')).toMatch(CJK)
      await shot('kano')

      // SERVQUAL: dimension names in the reader's language, gap values and axis name whole.
      await page.goto(`${harness.server.url}/app/surveys/${ids.servqual}`)
      await page.getByTestId('servqual-gaps').locator('svg text').first().waitFor()
      const servqual = await settledLabels(page)
      expect(await page.getByTestId('trend-nps').count()).toBe(0)
      expect(await page.getByTestId('comments').count()).toBe(0)
      const gaps = servqual.filter((l) => l.chart === 'servqual-gaps').map((l) => l.text)
      expect(gaps).toEqual(
        expect.arrayContaining(
          locale === 'zh-CN'
            ? ['有形性', '可靠性', '感知 − 期望']
            : ['Tangibles', 'Reliability', 'Perception − expectation'],
        ),
      )
      await shot('servqual')
      expect(problems).toEqual([])
      await page.context().close()
    }
  }
})
