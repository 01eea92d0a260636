import { expect, it } from 'vitest'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { createFeedback } from '../src/feedback/feedback.service.js'
import { correctAnalysis, runSentimentTraining } from '../src/text/text-corrections.service.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

const harness = useE2eHarness()

// An agent corrects a comment's sentiment in one click from the comments behind a chart; the
// learning card shows the organisation's corrections and, once its model is trained, the accuracy
// on them before and after. Checked at 1440 px in Chinese and 390 px in English.
it('corrects a comment in one click and shows what the corrections taught the model', async () => {
  const { store } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const days = ['周一', '周二', '周三', '周四', '周五', '周六']
  const cities = ['北京', '上海', '广州', '深圳', '杭州', '南京']
  for (const d of days) {
    const { feedback } = await createFeedback(scope, { kind: 'complaint', text: `${d}碰上甩单` })
    await correctAnalysis(scope, feedback.id, { sentiment: 'negative' })
  }
  for (const c of cities) {
    const { feedback } = await createFeedback(scope, { kind: 'praise', text: `${c}碰上好司机` })
    await correctAnalysis(scope, feedback.id, { sentiment: 'positive' })
  }
  await createFeedback(scope, { kind: 'complaint', text: '客服态度很差，一直推诿' })
  expect((await runSentimentTraining(store.db, Date.now() + 1000)).trained).toBe(1)

  const page = await loggedInPage(harness.browser, harness.server.url)
  await page.setViewportSize({ width: 1440, height: 900 })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.getByTestId('nav-text').click()
  const card = page.getByTestId('text-learning')
  await expect.poll(() => card.textContent()).toContain('本机构模型准确率')
  expect(await card.textContent()).toContain('12')
  expect(await page.getByTestId('learning-after').textContent()).toMatch(/\d+\.\d%/)
  await page.screenshot({ path: 'test-results/text-corrections-1440-zh.png', fullPage: true })

  await page.getByTestId('sentiment-negative').click()
  const list = page.getByTestId('feedback-list')
  const item = list.locator('.ant-list-item', { hasText: '客服态度很差' })
  await item.getByTestId('correct-positive').click()
  await page.getByText('已保存更正').waitFor()
  await expect.poll(() => item.locator('.ant-tag').first().textContent()).toBe('正面')
  await page.keyboard.press('Escape')
  await expect.poll(() => card.textContent()).toContain('13')

  await page.evaluate(() => localStorage.setItem('manyi.locale', 'en-US'))
  await page.setViewportSize({ width: 390, height: 844 })
  await page.reload()
  await expect
    .poll(() => page.getByTestId('text-learning').textContent())
    .toContain('Learning from corrections')
  const english = (await page.getByTestId('text-learning').textContent()) ?? ''
  expect(english).not.toMatch(/[\u4e00-\u9fff]/)
  await page.screenshot({ path: 'test-results/text-corrections-390-en.png', fullPage: true })
  expect(errors).toEqual([])
  await page.context().close()
})
