import { expect, it } from 'vitest'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'
import { useE2eHarness } from './harness.js'

const harness = useE2eHarness()

it('shows a follow-up question only to detractors, in the browser as on the server', async () => {
  const { store } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const survey = await createSurvey(scope, {
    title: { 'zh-CN': '带逻辑的问卷' },
    questions: [
      { key: 'nps', type: 'nps', title: { 'zh-CN': '您有多大可能推荐我们？' }, required: true },
      {
        key: 'why_low',
        type: 'text',
        title: { 'zh-CN': '哪里让您不满意？' },
        required: true,
        showIf: { question: 'nps', min: 0, max: 6 },
      },
    ],
  })
  const { slug } = await publishSurvey(scope, survey.id)
  const phone = await harness.browser.newContext({
    viewport: { width: 390, height: 844 },
    locale: 'zh-CN',
  })
  const page = await phone.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  await page.goto(`${harness.server.url}/s/${slug}`)
  const followUp = page.locator('fieldset[data-key="why_low"]')
  await expect.poll(() => followUp.isHidden()).toBe(true)
  await page.locator('input[name="nps"][value="3"]').check({ force: true })
  await expect.poll(() => followUp.isVisible()).toBe(true)
  await page.locator('input[name="nps"][value="9"]').check({ force: true })
  await expect.poll(() => followUp.isHidden()).toBe(true)
  await page.getByRole('button', { name: '提交' }).click()
  expect(await page.locator('h1').textContent()).toBe('感谢您的反馈！')
  expect(errors).toEqual([])
  await phone.close()
})
