import { readFileSync, writeFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'
import { chooseWorkbenchMethod, setWorkbenchField, uploadToWorkbench } from './workbench-pick.js'

const harness = useE2eHarness()

type Locale = 'zh-CN' | 'en-US'
/** The words the reader should see (web/src/i18n): the analyses' names and the Kano categories. */
const words: Record<Locale, Record<string, string>> = {
  'zh-CN': {
    'method.kano': 'Kano 模型',
    'method.drivers': '关键驱动因素',
    'method.ipa': '重要性–绩效分析（IPA）',
    'method.alpha': '信度（Cronbach α）',
    'method.servqual': 'SERVQUAL 差距',
    'method.plspm': 'ACSI/ECSI 结构模型（PLS）',
    'kano.A': '魅力',
    'kano.O': '期望',
    'kano.M': '必备',
    'kano.I': '无差异',
    'kano.R': '反向',
    'kano.Q': '可疑',
  },
  'en-US': {
    'method.kano': 'Kano model',
    'method.drivers': 'Key drivers',
    'method.ipa': 'Importance–performance (IPA)',
    'method.alpha': 'Reliability (Cronbach’s α)',
    'method.servqual': 'SERVQUAL gaps',
    'method.plspm': 'ACSI/ECSI structural model (PLS)',
    'kano.A': 'Attractive',
    'kano.O': 'One-dimensional (Performance)',
    'kano.M': 'Must-be',
    'kano.I': 'Indifferent',
    'kano.R': 'Reverse',
    'kano.Q': 'Questionable',
  },
}

/** A Kano file: two features, 40 respondents, answers spread so that several categories win. */
function kanoFile(): string {
  const answers = ['like', 'must_be', 'neutral', 'live_with', 'dislike']
  const rows = ['app_f,app_d,hotline_f,hotline_d']
  for (let i = 0; i < 40; i++) {
    // app: mostly like/neutral (attractive); hotline: mostly neutral/dislike (must-be).
    const app = i % 5 === 0 ? ['like', 'dislike'] : ['like', 'neutral']
    const hotline = i % 7 === 0 ? [answers[i % 5]!, 'neutral'] : ['neutral', 'dislike']
    rows.push([...app, ...hotline].join(','))
  }
  const path = 'test-results/kano-words.csv'
  writeFileSync(path, `${rows.join('\n')}\n`)
  return path
}

/** A SERVQUAL file: expectations and perceptions of five items on 1–7. */
function servqualFile(): string {
  const items = ['Q1', 'Q2', 'Q3', 'Q4', 'Q5']
  const rows = [[...items.map((q) => `E_${q}`), ...items.map((q) => `P_${q}`)].join(',')]
  for (let r = 0; r < 30; r++)
    rows.push(
      [
        ...items.map((_, i) => 5 + ((r + i) % 3)),
        ...items.map((_, i) => 3 + ((r * 2 + i) % 4)),
      ].join(','),
    )
  const path = 'test-results/servqual-words.csv'
  writeFileSync(path, `${rows.join('\n')}\n`)
  return path
}

interface Run {
  method: string
  file: string
  fields: Record<string, string>
  /** A test id the result shows once drawn. */
  ready: string
}

const RUNS: Run[] = [
  {
    method: 'kano',
    file: 'kano',
    fields: { pairs: 'app_f:app_d,hotline_f:hotline_d' },
    ready: 'table-features',
  },
  {
    method: 'drivers',
    file: 'src/analytics/__fixtures__/mtcars.csv',
    fields: { outcome: 'mpg', predictors: 'cyl,disp,hp,gear' },
    ready: 'table-drivers',
  },
  {
    method: 'ipa',
    file: 'src/analytics/__fixtures__/mtcars.csv',
    fields: { attributes: 'cyl,disp,hp', outcome: 'mpg' },
    ready: 'table-attributes',
  },
  {
    method: 'alpha',
    file: 'src/analytics/__fixtures__/mtcars.csv',
    fields: { items: 'cyl,disp,hp' },
    ready: 'analysis-scalars',
  },
  { method: 'servqual', file: 'servqual', fields: {}, ready: 'table-dimensions' },
  {
    method: 'plspm',
    file: 'src/analytics/__fixtures__/ecsi_mobi.csv',
    fields: {
      model: JSON.stringify({
        constructs: {
          Image: ['IMAG1', 'IMAG2', 'IMAG3'],
          Satisfaction: ['CUSA1', 'CUSA2', 'CUSA3'],
          Loyalty: ['CUSL1', 'CUSL2', 'CUSL3'],
        },
        paths: [
          { from: 'Image', to: 'Satisfaction' },
          { from: 'Satisfaction', to: 'Loyalty' },
        ],
      }),
    },
    ready: 'path-diagram',
  },
]

/** The header line of a CSV file: its column names. */
function headerOf(path: string): string {
  return readFileSync(path, 'utf8').split('\n')[0] ?? ''
}

/** Every key of a JSON value, at any depth. */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysOf(v, into)
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      into.add(k)
      keysOf(v, into)
    }
  return into
}

/** The words of every text node of the result (HTML and the charts' SVG), one string each. */
async function shownTexts(page: Page): Promise<string[]> {
  return page.getByTestId('analysis-result').evaluate((root) => {
    const texts: string[] = []
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim()
      if (text) texts.push(text)
    }
    return texts
  })
}

async function runAnalysis(page: Page, locale: Locale, run: Run, files: Record<string, string>) {
  const method = words[locale]![`method.${run.method}`]!
  // The method is chosen (its name shows in the picker) before the file goes in.
  await chooseWorkbenchMethod(page, method)
  await uploadToWorkbench(page, files[run.file] ?? run.file)
  for (const [field, value] of Object.entries(run.fields))
    await setWorkbenchField(page, field, value)
  const answered = page.waitForResponse(
    (r) => r.url().includes(`/api/v1/analyses/${run.method}`) && r.request().method() === 'POST',
  )
  await page.getByTestId('run-analysis').click()
  const response = await answered
  expect(response.status()).toBe(200)
  await page.getByTestId(run.ready).waitFor()
  return response.json()
}

it('the workbench names every result in the reader’s language: Kano categories in words, no raw result key', async () => {
  const files: Record<string, string> = { kano: kanoFile(), servqual: servqualFile() }
  const page = await loggedInPage(harness.browser, harness.server.url)
  // Every raw word found, by language and analysis: one list, so a failure names them all.
  const found: Array<{ locale: Locale; method: string; camel: string[]; raw: string[] }> = []
  for (const locale of ['zh-CN', 'en-US'] as const) {
    await page.evaluate((l) => localStorage.setItem('manyi.locale', l), locale)
    await page.goto(`${harness.server.url}/app/analyses`)
    await page.getByTestId('analysis-method').waitFor()
    for (const run of RUNS) {
      const body = await runAnalysis(page, locale, run, files)
      const texts = await shownTexts(page)
      const tokens = texts.flatMap((t) => t.split(/[\s,;:()（）·/|=<>%~…]+/)).filter(Boolean)
      // A camelCase token is a program's word (modalCategory, meanItemGap, rSquared …).
      const camel = tokens.filter((token) => /^[a-z]+[A-Z][A-Za-z0-9]*$/.test(token))
      // No key of the answer is a label, heading or cell of its own (a key of a letter or two, like
      // n or A, is a symbol; the names the user gave — columns, constructs — are the user's words).
      const given = `${JSON.stringify(run.fields)} ${headerOf(files[run.file] ?? run.file)}`
      const keys = [...keysOf(body)].filter((k) => k.length >= 3 && !given.includes(k))
      const raw = keys.filter((k) => texts.includes(k))
      if (camel.length > 0 || raw.length > 0) found.push({ locale, method: run.method, camel, raw })
      if (run.method === 'kano') {
        await page.screenshot({ path: `test-results/analysis-kano-${locale}.png`, fullPage: true })
        const features = body.features as Array<{ category: string; modalCategory: string }>
        const shown = await page.getByTestId('kano-category').allTextContents()
        // Each feature's category and modal category, worded, its letter as a hint beside.
        expect(shown).toEqual(
          features.flatMap((f) =>
            [f.modalCategory, f.category].map(
              (code) => `${words[locale]![`kano.${code}`]} (${code})`,
            ),
          ),
        )
        expect(shown.some((s) => s.startsWith(locale === 'zh-CN' ? '魅力' : 'Attractive'))).toBe(
          true,
        )
        expect(shown.some((s) => s.startsWith(locale === 'zh-CN' ? '必备' : 'Must-be'))).toBe(true)
        // No cell of the features table is a bare category letter.
        const cells = await page.getByTestId('table-features').locator('td').allTextContents()
        expect(cells.filter((c) => /^[AOMIRQ]$/.test(c.trim()))).toEqual([])
      }
    }
  }
  expect(found).toEqual([])
  await page.context().close()
}, 300_000)
