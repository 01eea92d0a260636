import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'
import { NEW_TYPE_QUESTIONS } from '../src/surveys/new-type-questions.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

/**
 * The newer question types from the editor to the dashboard: an administrator adds each type,
 * a respondent answers them on a phone-sized page with JavaScript off, and the dashboard shows
 * the figures, in Chinese and English; the respondent page passes axe-core (WCAG 2.1 AA) with
 * and without its script, in both languages. Screenshots in test-results/question-types/.
 */

const harness = useE2eHarness()
const SHOTS = 'test-results/question-types'
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
)

const NEW_TYPE_LABELS = [
  '排序（按重要程度填写名次）',
  '级联选择（省 → 市 → 区县）',
  '图片选择',
  '滑块（数值范围）',
  '日期 / 时间',
  '地理位置',
  '手写签名',
  '矩阵选择（每行单选或多选）',
]

async function answerWithoutJavaScript(link: string, locale: 'zh-CN' | 'en-US', ranks: string[]) {
  const phone = await harness.browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    locale,
    javaScriptEnabled: false,
  })
  const page = await phone.newPage()
  const errors: string[] = []
  page.on('response', (r) => {
    if (r.status() >= 400 && r.status() !== 400) errors.push(`${r.status()} ${r.url()}`)
  })
  await page.goto(`${link}?lang=${locale}`)
  await page.locator('input[name="nps"][value="9"]').check({ force: true })
  await page.locator('input[name="ranking.a"]').fill(ranks[0]!)
  await page.locator('input[name="ranking.b"]').fill(ranks[1]!)
  await page.locator('input[name="ranking.c"]').fill(ranks[2]!)
  await page.locator('select[name="cascade"]').selectOption('gd/sz/ns')
  await page.locator('input[name="image_choice"][value="b"]').check()
  await page.locator('input[name="slider"]').fill('15')
  await page.locator('input[name="datetime"]').fill('2026-11-20')
  await page.locator('input[name="location"]').fill('北京市朝阳区建国路 1 号')
  await page.locator('input[name="signature"]').fill('王小明')
  await page.locator('input[name="choice_matrix.r1"][value="yes"]').check()
  await page.locator('input[name="choice_matrix.r2"][value="no"]').check()
  // Without the page script: no range, no locate button, no signature pad; the hints say so.
  expect(await page.locator('input[type=range]').count()).toBe(0)
  expect(await page.locator('canvas').count()).toBe(0)
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  await page.screenshot({ path: `${SHOTS}/respondent-no-js-${locale}.png`, fullPage: true })
  await page.getByRole('button', { name: locale === 'zh-CN' ? '提交' : 'Submit' }).click()
  const heading = (await page.locator('h1').textContent()) ?? ''
  await phone.close()
  expect(errors).toEqual([])
  return heading
}

async function cellTexts(page: Page, testId: string): Promise<string[][]> {
  return page
    .getByTestId(testId)
    .locator('tbody tr.ant-table-row')
    .evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')),
    )
}

it('an administrator adds the new types, a phone answers them without JavaScript, the dashboard shows them', async () => {
  const page = await loggedInPage(harness.browser, harness.server.url)
  const consoleErrors: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text())
  })
  await page.getByRole('button', { name: /新建问卷/ }).click()
  // The new survey's four starting questions are in the form before more are added.
  await page.getByText('第 4 题').waitFor()
  await page.getByTestId('title-zh').fill('新题型演示')
  await page.getByTestId('title-en').fill('New question types')
  for (const label of NEW_TYPE_LABELS) {
    await page.getByTestId('add-question-type').click()
    await page.getByTitle(label, { exact: true }).click()
  }
  // The editor says which types work without JavaScript and which fall back to typed text.
  expect(await page.getByText('无需 JavaScript 即可作答').count()).toBe(6)
  expect(await page.getByText('不支持 JavaScript 时改为文字填写').count()).toBe(2)
  expect(await page.getByTestId('cascade-lines').inputValue()).toBe(
    '广东省|Guangdong / 深圳市|Shenzhen / 南山区|Nanshan\n广东省|Guangdong / 深圳市|Shenzhen / 福田区|Futian',
  )
  await page.screenshot({ path: `${SHOTS}/editor-zh-CN.png`, fullPage: true })
  await page.getByTestId('save-survey').click()
  await page.getByTestId('publish').or(page.getByRole('alert')).first().waitFor({ timeout: 60_000 })
  expect(await page.getByRole('alert').allTextContents()).toEqual([])
  await page.getByTestId('publish').click()
  const link = await page.getByTestId('public-link').inputValue()

  expect(await answerWithoutJavaScript(link, 'zh-CN', ['2', '1', '3'])).toBe('感谢您的反馈！')
  expect(await answerWithoutJavaScript(link, 'en-US', ['3', '1', '2'])).toBe(
    'Thank you for your feedback!',
  )

  await page.reload()
  await page.getByTestId('ranking-ranking').waitFor({ timeout: 90_000 })
  // Option b ranked first twice: mean rank 1.00, first in every answer; a and c 2.50 on average.
  expect(await cellTexts(page, 'ranking-ranking')).toEqual([
    ['选项二', '1.00', '100.0%', '2'],
    ['选项一', '2.50', '0.0%', '2'],
    ['选项三', '2.50', '0.0%', '2'],
  ])
  expect(await cellTexts(page, 'cascade-cascade-3')).toEqual([
    ['广东省 / 深圳市 / 南山区', '2', '100.0%'],
  ])
  expect(await page.getByTestId('slider-slider').textContent()).toBe(
    '平均值: 15.00 · 答卷不足 5 份，不计算区间',
  )
  expect(await cellTexts(page, 'dates-datetime')).toEqual([['2026-11-20', '2']])
  expect(await cellTexts(page, 'choice-matrix-choice_matrix')).toEqual([
    ['服务态度', '2', '0', '2'],
    ['办理效率', '0', '2', '2'],
  ])
  await page.waitForTimeout(300) // the charts' first paint, for the screenshot only
  await page.screenshot({ path: `${SHOTS}/dashboard-zh-CN.png`, fullPage: true })

  await page.getByTestId('switch-language').click()
  await expect
    .poll(() => page.getByTestId('slider-slider').textContent())
    .toBe('Mean: 15.00 · Fewer than 5 answers: no interval')
  expect((await cellTexts(page, 'ranking-ranking'))[0]![0]).toBe('Option 2')
  expect((await cellTexts(page, 'cascade-cascade-1'))[0]![0]).toBe('Guangdong')
  await page.screenshot({ path: `${SHOTS}/dashboard-en-US.png`, fullPage: true })

  // Changing the survey now that it has answers: reorder by the move button, and the editor says
  // what happens to the answers before saving.
  const surveyId = new URL(page.url()).pathname.split('/').pop()!
  await page.getByRole('link', { name: 'Edit' }).click()
  await page.getByTestId('question-card-0').waitFor()
  await page.getByRole('button', { name: 'Move down' }).first().click()
  await page.getByTestId('save-survey').click()
  await expect
    .poll(() => page.getByTestId('change-warning').textContent())
    .toContain('Answers already received are kept as they are')
  expect(await page.locator('body').textContent()).toContain(
    'This survey has 2 answers. Save the changes?',
  )
  await page.screenshot({ path: `${SHOTS}/change-warning-en-US.png` })
  await page.getByRole('button', { name: 'Save anyway' }).click()
  await expect
    .poll(async () => {
      const res = await page.request.get(`${harness.server.url}/api/v1/surveys/${surveyId}`)
      const survey = (await res.json()) as { version: number; questions: Array<{ key: string }> }
      return `${survey.version}:${survey.questions
        .slice(0, 2)
        .map((q) => q.key)
        .join(',')}`
    })
    .toBe('2:csat,nps')
  expect(consoleErrors).toEqual([])
  await page.context().close()
}, 300_000)

it('the respondent page with every new type passes axe-core (WCAG 2.1 AA), with and without its script, in both languages', async () => {
  const { store } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const survey = await createSurvey(scope, {
    title: { 'zh-CN': '新题型无障碍检查', 'en-US': 'New types accessibility' },
    questions: NEW_TYPE_QUESTIONS,
  })
  const { slug } = await publishSurvey(scope, survey.id)
  for (const locale of ['zh-CN', 'en-US'] as const)
    for (const javaScriptEnabled of [true, false]) {
      // The page's CSP allows only its own scripts; the test injects axe-core past it.
      const context = await harness.browser.newContext({
        viewport: { width: 390, height: 844 },
        locale,
        bypassCSP: true,
        javaScriptEnabled: true,
      })
      const page = await context.newPage()
      if (!javaScriptEnabled) await page.route('**/s/assets/survey.js', (r) => r.abort())
      await page.goto(`${harness.server.url}/s/${slug}?lang=${locale}`)
      if (javaScriptEnabled) await page.locator('input[type=range]').waitFor()
      else expect(await page.locator('input[type=range]').count()).toBe(0)
      await page.addScriptTag({ content: axeSource })
      const violations = await page.evaluate(async () => {
        const result = await (
          window as unknown as {
            axe: {
              run: (o: object) => Promise<{
                violations: Array<{ id: string; nodes: Array<{ target: unknown }> }>
              }>
            }
          }
        ).axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } })
        return result.violations.map(
          (v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`,
        )
      })
      expect(violations, `${locale} script ${javaScriptEnabled}`).toEqual([])
      await page.screenshot({
        path: `${SHOTS}/respondent-${locale}-${javaScriptEnabled ? 'js' : 'no-js'}.png`,
        fullPage: true,
      })
      await context.close()
    }
})
