import { expect, it } from 'vitest'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { createFeedback } from '../src/feedback/feedback.service.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

const harness = useE2eHarness()

it('shows sentiment, topics and a word cloud of recent comments, opens the comments behind a sentiment, and escapes markup', async () => {
  const { store } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const comments = [
    '营业厅排队一个多小时，窗口太少',
    '营业厅排队太久了，效率很低',
    '客服态度很好，问题很快解决了',
    '电费账单有误，客服一直推诿',
    '<script>document.title="x"</script>营业员态度恶劣',
    'The engineer was great and fixed the outage fast.',
  ]
  for (const text of comments)
    await createFeedback(scope, { channel: 'api', kind: 'suggestion', text })

  const page = await loggedInPage(harness.browser, harness.server.url)
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.getByTestId('nav-text').click()
  await page.getByTestId('word-cloud').locator('svg text').first().waitFor()
  await page.getByTestId('topic-chart').locator('svg').first().waitFor()
  await expect
    .poll(() =>
      page.getByTestId('sentiment-negative').locator('.ant-statistic-content-value').textContent(),
    )
    .toBe('4')
  await page.screenshot({ path: 'test-results/text-insights.png', fullPage: true })
  await page.getByTestId('sentiment-negative').click()
  const list = page.getByTestId('feedback-list')
  await expect.poll(() => list.locator('.ant-list-item').count()).toBe(4)
  expect(await list.textContent()).toContain('<script>document.title="x"</script>营业员态度恶劣')
  expect(await page.title()).not.toBe('x')
  await page.keyboard.press('Escape')
  await page.getByTestId('try-run').click()
  await expect.poll(() => page.getByTestId('try-result').textContent()).toContain('服务态度: 正面')
  expect(await page.getByTestId('try-result').textContent()).toContain('配送物流: 负面')
  expect(errors).toEqual([])
  await page.context().close()
})
