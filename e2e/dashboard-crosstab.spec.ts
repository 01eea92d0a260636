import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { expect, it } from 'vitest'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { importResponses } from '../src/responses/response-import.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

/**
 * The per-survey dashboard's cross-tabulation card: an administrator picks the channel down the
 * side and the NPS question across the top and reads the table, the χ² line and the marked cells
 * (answers made up here: the "qr" channel gives only 9s and 10s, the "link" channel only 0–6),
 * in zh-CN and en-US at 1440 and 390 px (SHOTS_DIR keeps screenshots); the dashboard's PDF then
 * holds the same table and test.
 */

const harness = useE2eHarness()
const tx = (zh: string, en: string) => ({ 'zh-CN': zh, 'en-US': en })

it('crosstabs two columns of a survey’s answers on its dashboard, in both languages and widths', async () => {
  const { store } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const survey = await createSurvey(scope, {
    title: tx('渠道与推荐', 'Channels and recommendation'),
    defaultLocale: 'zh-CN',
    questions: [
      { key: 'nps', type: 'nps', title: tx('推荐意愿', 'Likelihood to recommend'), required: true },
    ],
    settings: { hiddenFields: [] },
  })
  await publishSurvey(scope, survey.id)
  for (const [channel, scores] of [
    ['qr', [9, 10, 10, 9, 10, 9, 10, 10, 9, 10]],
    ['link', [0, 3, 5, 6, 2, 4, 6, 1, 5, 3]],
  ] as const) {
    const report = await importResponses(
      scope,
      survey.id,
      { file: `${channel}.csv`, headers: ['nps'], rows: scores.map((s) => [String(s)]) },
      { channel },
    )
    expect(report).toMatchObject({ imported: 10 })
  }
  const shots = process.env.SHOTS_DIR
  if (shots) mkdirSync(shots, { recursive: true })
  const page = await loggedInPage(harness.browser, harness.server.url)
  for (const locale of ['zh-CN', 'en-US'] as const)
    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: 900 })
      await page.evaluate((l) => localStorage.setItem('manyi.locale', l), locale)
      await page.goto(`${harness.server.url}/app/surveys/${survey.id}`)
      const card = page.getByTestId('dashboard-crosstab')
      await card.waitFor()
      const pick = async (testId: string, text: RegExp) => {
        await card.getByTestId(testId).click()
        await page
          .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text })
          .first()
          .click()
        // Both pickers list the same columns: wait until this dropdown has closed, or the next pick
        // could find its option in this one while it fades out.
        await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0)
      }
      await pick('crosstab-row', locale === 'zh-CN' ? /渠道/ : /Channel/)
      await pick('crosstab-by', locale === 'zh-CN' ? /推荐意愿/ : /recommend/)
      const grid = card.getByTestId('crosstab-grid')
      await grid.waitFor()
      // Two channels down the side; χ² with its df and p under the table.
      await expect.poll(() => card.getByTestId('crosstab-chi').textContent()).toMatch(/χ²/)
      const text = (await grid.textContent()) ?? ''
      expect(text).toContain('qr')
      expect(text).toContain('link')
      if (locale === 'zh-CN' && width === 1440) {
        // The PDF button now asks for the table shown; its file holds it. Perfect association:
        // χ² = n·(min(r, c) − 1) = 20, df = (2 − 1)(9 − 1) = 8, Cramér's V = 1 (p = 0.0103).
        const button = page.getByTestId('dashboard-pdf')
        await expect.poll(() => button.getAttribute('href')).toContain('crosstabRow=')
        const pdf = await page.request.get(
          `${harness.server.url}${await button.getAttribute('href')}`,
        )
        expect(pdf.status()).toBe(200)
        const pdfText = execFileSync('pdftotext', ['-layout', '-', '-'], {
          input: await pdf.body(),
        })
          .toString()
          .replace(/ +/g, ' ')
        expect(pdfText).toContain('交叉分析')
        expect(pdfText).toContain(
          "卡方检验 χ2 = 20.00，自由度 df = 8，p = 0.010 Cramér's V = 1.000",
        )
      }
      if (shots)
        await page.screenshot({
          path: `${shots}/dashboard-crosstab-${locale}-${width}.png`,
          fullPage: true,
        })
    }
  await page.context().close()
}, 400_000)
