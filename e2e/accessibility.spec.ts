import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { loadCaseConfig } from '../src/cases/case-config.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'
import { NEW_TYPE_QUESTIONS } from '../src/surveys/new-type-questions.js'
import { type Question, QUESTION_TYPES } from '../src/surveys/survey.schema.js'
import { ALL_TYPES_QUESTIONS } from '../src/surveys/test-questions.js'
import { useE2eHarness } from './harness.js'

const harness = useE2eHarness()

/** The scale and text types the shared test list leaves out, so the page is checked with them too. */
const MORE_TYPES: Question[] = [
  { key: 'sat', type: 'csat', title: { 'zh-CN': '总体满意度' }, required: false },
  { key: 'effort', type: 'ces', title: { 'zh-CN': '办理是否省力' }, required: false },
  { key: 'agree7', type: 'likert7', title: { 'zh-CN': '工作人员专业' }, required: false },
  { key: 'comment', type: 'text', title: { 'zh-CN': '其他建议' }, required: false },
]
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
)

it('the respondent page passes axe-core (WCAG 2.1 AA) with every question type, and works by keyboard', async () => {
  const { store } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const survey = await createSurvey(scope, {
    title: { 'zh-CN': '无障碍检查' },
    questions: [...ALL_TYPES_QUESTIONS, ...MORE_TYPES],
  })
  // Every question type is checked by axe-core somewhere: here, the newer types in
  // question-types.spec.ts, the file upload in file-upload-preview.spec.ts.
  const axeChecked = new Set(
    [...ALL_TYPES_QUESTIONS, ...MORE_TYPES, ...NEW_TYPE_QUESTIONS].map((q) => q.type),
  )
  axeChecked.add('file_upload')
  expect(QUESTION_TYPES.filter((type) => !axeChecked.has(type))).toEqual([])
  const { slug } = await publishSurvey(scope, survey.id)
  // The page's CSP allows only its own scripts; the test injects axe-core past it.
  const context = await harness.browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: 'zh-CN',
    bypassCSP: true,
  })
  const page = await context.newPage()
  await page.goto(`${harness.server.url}/s/${slug}`)
  await page.addScriptTag({ content: axeSource })
  const violations = await page.evaluate(async () => {
    const result = await (
      window as unknown as {
        axe: {
          run: (o: object) => Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }>
        }
      }
    ).axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } })
    return result.violations.map((v) => `${v.id} (${v.nodes.length})`)
  })
  expect(violations).toEqual([])

  // Keyboard only: Tab to the first NPS option, arrow to 9, and the choice is made.
  await page.keyboard.press('Tab')
  await page.keyboard.press('Tab')
  await page.keyboard.press('ArrowRight')
  const checked = await page.locator('input[name="nps"]:checked').getAttribute('value')
  expect(checked).not.toBeNull()
  await context.close()
})

it('the public complaint form and a multi-page survey page pass axe-core too', async () => {
  const { store } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const { publicFormKey } = await loadCaseConfig({
    db: store.db,
    orgId: scope.orgId,
    now: Date.now(),
  })
  const survey = await createSurvey(scope, {
    title: { 'zh-CN': '分页检查' },
    questions: [
      { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' }, required: true },
      { key: 'csat', type: 'csat', title: { 'zh-CN': '满意度' }, required: true, pageBreak: true },
    ],
  })
  const { slug } = await publishSurvey(scope, survey.id)
  const context = await harness.browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: 'zh-CN',
    bypassCSP: true,
  })
  const page = await context.newPage()
  const violationsAt = async (url: string) => {
    await page.goto(url)
    await page.addScriptTag({ content: axeSource })
    return page.evaluate(async () => {
      const result = await (
        window as unknown as {
          axe: {
            run: (o: object) => Promise<{ violations: Array<{ id: string; nodes: unknown[] }> }>
          }
        }
      ).axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } })
      return result.violations.map((v) => `${v.id} (${v.nodes.length})`)
    })
  }
  expect(await violationsAt(`${harness.server.url}/complain/${publicFormKey}`)).toEqual([])
  expect(await violationsAt(`${harness.server.url}/s/${slug}`)).toEqual([])
  await context.close()
})
