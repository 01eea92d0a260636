import { mkdirSync } from 'node:fs'
import { sql } from 'kysely'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import type { Store } from '../src/db/connect.js'
import { DEFAULT_TOPICS } from '../src/text/topics.js'

// What a journey checks on every screen it passes: nothing a user should never see (a raw error
// code, a message key, the other language, "undefined"), nothing wider than the phone, and no
// script error or failed request on the way. Problems are collected, not thrown, so one run
// names every broken screen instead of the first.

export type Locale = 'zh-CN' | 'en-US'

export const SHOTS_DIR = 'test-results/journeys'

/** Requests under way per page: an admin app's page change fetches its code and data without a load event. */
const inFlight = new WeakMap<Page, number>()

/** Resolves once no request has been under way for half a second. */
async function settled(page: Page): Promise<void> {
  let quietSince = Date.now()
  await expect
    .poll(
      () => {
        if ((inFlight.get(page) ?? 0) > 0) quietSince = Date.now()
        return Date.now() - quietSince >= 500
      },
      { timeout: 30_000, interval: 100 },
    )
    .toBe(true)
}

/** Records console errors, uncaught page errors and 4xx/5xx answers as problems of the page. */
export function watchPage(page: Page, label: string, problems: string[]): void {
  const count = (delta: number) => inFlight.set(page, (inFlight.get(page) ?? 0) + delta)
  count(0)
  page.on('request', () => count(1))
  page.on('requestfinished', () => count(-1))
  page.on('requestfailed', () => count(-1))
  const where = () => `${label} ${new URL(page.url()).pathname}`
  page.on('pageerror', (error) => problems.push(`${where()}: page error: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${where()}: console error: ${message.text()}`)
  })
  page.on('response', (response) => {
    if (response.status() >= 400)
      problems.push(
        `${where()}: ${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`,
      )
  })
}

/**
 * Every text an organisation or its customers wrote, from every table: a Chinese comment, a
 * store or a person's name is the user's own data and may show on an English page. A bilingual
 * text ({"zh-CN": …, "en-US": …}) is the product's to show in the page's language: neither side
 * counts (a Chinese title on an English page is a finding).
 */
export interface UserText {
  /** Every text, one a line, for finding a part of one. */
  joined: string
  /** Every text whole, and each word of a keyword list. */
  items: Set<string>
}

export async function userTextCorpus(store: Store): Promise<UserText> {
  const tables = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' and name not like 'sqlite_%'
  `.execute(store.db)
  const texts: string[] = []
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      // Codes (hotline, widget, acknowledged) are the product's to translate, not user text.
      if (!/^[a-z][a-z0-9_.:-]*$/.test(value)) {
        const trimmed = value.trim()
        if (/^[[{]/.test(trimmed)) {
          try {
            walk(JSON.parse(trimmed))
            return
          } catch {
            // Not JSON: plain text that happens to start with a bracket.
          }
        }
        texts.push(value)
      }
    } else if (Array.isArray(value)) {
      for (const v of value) walk(v)
    } else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>
      const bilingual = typeof record['en-US'] === 'string' && record['en-US'] !== ''
      for (const [key, v] of Object.entries(record)) {
        if (!(bilingual && (key === 'zh-CN' || key === 'en-US'))) walk(v)
      }
    }
  }
  for (const { name } of tables.rows) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(
      store.db,
    )
    for (const row of rows.rows) walk(Object.values(row))
  }
  // The text topics' keywords match Chinese comments, so they are Chinese in either language;
  // an organisation that has not edited them sees the built-in list.
  for (const topic of DEFAULT_TOPICS) texts.push(...JSON.stringify(topic).split(/[\s",:[\]{}]+/))
  const items = new Set(texts.flatMap((t) => [t.trim(), ...t.split(/\s+/)]).filter(Boolean))
  return { joined: texts.join('\n'), items }
}

/**
 * English words of the interface that have no place on a Chinese page (channel and source
 * codes, chart legends, statuses). Words the Chinese dictionary itself uses (CSV, NPS, Excel…)
 * are allowed.
 */
const ENGLISH_WORDS = [
  'value',
  'signal',
  'widget',
  'email',
  'qr',
  'link',
  'web',
  'survey',
  'surveys',
  'question',
  'questions',
  'ucl',
  'lcl',
  'mean',
  'gap',
  'total',
  'loading',
  'cancel',
  'submit',
  'search',
  'status',
  'owner',
  'priority',
  'channel',
  'cause',
  'open',
  'closed',
  'resolved',
  'unassigned',
  'new',
  'acknowledged',
  'investigating',
  'agent',
  'supervisor',
  'admin',
  'analyst',
  'viewer',
  'draft',
  'published',
  'hotline',
  'phone',
  'sms',
  'wechat',
  'expected',
  'perceived',
  'tangibles',
  'reliability',
  'responsiveness',
  'assurance',
  'empathy',
  'detractors',
  'promoters',
  'passives',
  'attractive',
  'indifferent',
  'reverse',
  'questionable',
  'items',
  'page',
  'yes',
  'no',
]
/**
 * The admin app's dictionaries, loaded at run time: the root project type-checks Node code and
 * the web's modules import without file extensions, so they are not imported statically.
 */
async function webDictionary(file: 'zh-CN' | 'en-US'): Promise<Record<string, string>> {
  const module = (await import(/* @vite-ignore */ `../web/src/i18n/${file}.ts`)) as Record<
    string,
    Record<string, string>
  >
  return Object.values(module).find((v) => typeof v === 'object')!
}
const zhCN = await webDictionary('zh-CN')
const enUS = await webDictionary('en-US')
// Placeholders ({value}) are not words the page shows.
const zhDictionaryText = Object.values(zhCN)
  .join(' ')
  .replace(/\{\w+\}/g, '')
  .toLowerCase()
const FOREIGN_ON_ZH = new Set(
  ENGLISH_WORDS.filter((w) => !new RegExp(`\\b${w}\\b`).test(zhDictionaryText)),
)
const ZH_VALUES = new Set(Object.values(zhCN).filter((v) => !v.includes('{')))
const EN_VALUES = new Set(Object.values(enUS).filter((v) => !v.includes('{')))
/** Chinese words, with digits inside (华东1号店) and spaces between characters (中 文). */
const HAN_RUN = /\p{Script=Han}(?:[\p{Script=Han}\d]|\s+(?=\p{Script=Han}))*/gu

/** Chinese the English dictionary means to show (column names a file may use, 中文). */
const EN_HAN = new Set(
  Object.values(enUS)
    .flatMap((v) => v.match(HAN_RUN) ?? [])
    .map((r) => r.trim()),
)
const DOTTED_KEYS = new Set(Object.keys(zhCN).filter((k) => k.includes('.')))

interface ScreenText {
  texts: string[]
  scrollWidth: number
  viewportWidth: number
}

/** The visible text of the page (text nodes, SVG text, placeholders) and its width. */
async function screenText(page: Page): Promise<ScreenText> {
  return page.evaluate(() => {
    const texts: string[] = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim()
      const parent = node.parentElement
      if (!text || !parent || parent.closest('script, style, noscript')) continue
      if (!parent.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue
      texts.push(text)
    }
    for (const input of document.querySelectorAll<HTMLInputElement>('input[placeholder]')) {
      if (input.checkVisibility() && input.placeholder) texts.push(input.placeholder)
    }
    return {
      texts,
      scrollWidth: document.documentElement.scrollWidth,
      viewportWidth: window.innerWidth,
    }
  })
}

/** The outermost elements reaching past the right edge, named by tag, test id and class. */
async function overflowingElements(page: Page, width: number): Promise<string[]> {
  return page.evaluate((width) => {
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''}.${[...el.classList].slice(0, 2).join('.')}`
    const wide = [...document.body.querySelectorAll('*')].filter(
      (el) => el.getBoundingClientRect().right > width + 0.5,
    )
    return wide
      .filter((el) => !wide.includes(el.parentElement!))
      .slice(0, 3)
      .map(
        (el) =>
          `${name(el.parentElement!)} > ${name(el)} (right ${Math.round(el.getBoundingClientRect().right)})`,
      )
  }, width)
}

/** What is wrong with one text of a page in a locale; `userText` is the organisation's own data. */
export function textProblems(text: string, locale: Locale, user: UserText): string[] {
  const found: string[] = []
  if (user.items.has(text)) return found
  const userText = user.joined
  const code = text
    .match(/\b[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+\b/g)
    ?.filter((c) => !c.startsWith('MANYI_'))
  if (code?.length) found.push(`raw code ${code.join(', ')}`)
  if (/\b(undefined|null|NaN)\b|\[object Object\]/.test(text) && !userText.includes(text))
    found.push('a placeholder value (undefined/null/NaN)')
  const camel = text
    .replace(/https?:\/\/\S+/g, '')
    .match(/\b[a-z]+[A-Z][A-Za-z0-9]*\b/g)
    ?.filter((w) => !userText.includes(w) && !/^i[A-Z]/.test(w))
  if (camel?.length) found.push(`message key ${camel.join(', ')}`)
  const dotted = text.match(/\b[a-z]+(?:\.[A-Za-z0-9]+)+\b/g)?.filter((k) => DOTTED_KEYS.has(k))
  if (dotted?.length) found.push(`message key ${dotted.join(', ')}`)
  if (locale === 'en-US') {
    // The language switch names the other language in its own words: 中文, never 中 文. A choice
    // of languages (the editor's preview) names both, and "English" is English on any page.
    if (text === '中文' || text === 'English') return found
    // A word of the interface that is also in the organisation's text (a keyword of the
    // comments' cloud) is theirs.
    if (ZH_VALUES.has(text) && !EN_VALUES.has(text) && !userText.includes(text))
      found.push(`a Chinese label "${text}"`)
    else {
      const foreign = (text.match(HAN_RUN) ?? [])
        .map((run) => run.trim())
        .filter((run) => !userText.includes(run) && !EN_HAN.has(run))
      if (foreign.length) found.push(`Chinese text ${foreign.join(' | ')}`)
    }
  } else {
    if (EN_VALUES.has(text) && !ZH_VALUES.has(text) && /[a-z]{3}/.test(text))
      found.push(`an English label "${text}"`)
    else {
      // {name}, {link}: placeholders a template may use, in its own words.
      // Whole words only: a recovery code such as zgghf-a95qr holds no word "qr".
      // An address (a webhook URL to copy) is not words of either language.
      const words = text
        .replace(/\{\w+\}/g, '')
        .replace(/https?:\/\/\S+/g, '')
        .match(/(?<![A-Za-z0-9])[A-Za-z]+(?![A-Za-z0-9])/g)
      const foreign = (words ?? []).filter(
        (w) => FOREIGN_ON_ZH.has(w.toLowerCase()) && !userText.includes(text),
      )
      if (foreign.length) found.push(`English words ${foreign.join(', ')}`)
    }
  }
  return found
}

export interface ScreenCheck {
  page: Page
  /** role-locale-viewport, the prefix of the screenshot's name. */
  label: string
  name: string
  locale: Locale
  userText: UserText
  problems: string[]
}

/** Waits until nothing is loading, keeps a screenshot and records what is wrong on the screen. */
export async function checkScreen({
  page,
  label,
  name,
  locale,
  userText,
  problems,
}: ScreenCheck): Promise<void> {
  // A watched page's requests are counted (frames' too): quiet for half a second is enough. Only
  // an unwatched page waits for Playwright's network idle, which on the survey editor (its live
  // preview's frame reloads as the survey changes) came 44 s late on a loaded machine.
  if (!inFlight.has(page)) await page.waitForLoadState('networkidle')
  await settled(page)
  await expect
    .poll(() => page.locator('.ant-card-loading, .ant-spin-spinning, .ant-skeleton').count(), {
      timeout: 20_000,
    })
    .toBe(0)
  mkdirSync(SHOTS_DIR, { recursive: true })
  await page.screenshot({ path: `${SHOTS_DIR}/${label}-${name}.png`, fullPage: true })
  const screen = await screenText(page)
  const where = `${label} ${name}`
  // Against the device's width: a phone browser widens its layout viewport to fit the page
  // (window.innerWidth grows with it) and shows it zoomed out.
  const width = page.viewportSize()?.width ?? screen.viewportWidth
  if (screen.scrollWidth > width || screen.viewportWidth > width)
    problems.push(
      `${where}: page ${screen.scrollWidth} px wide on a ${width} px screen: ${(await overflowingElements(page, width)).join('; ')}`,
    )
  const seen = new Set<string>()
  for (const text of screen.texts) {
    if (seen.has(text)) continue
    seen.add(text)
    for (const problem of textProblems(text, locale, userText))
      problems.push(`${where}: ${problem} in "${text.slice(0, 80)}"`)
  }
  const errors = await page.locator('.ant-alert-error, .ant-result-error').allTextContents()
  for (const error of errors) problems.push(`${where}: error shown: ${error.slice(0, 120)}`)
}
