import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { useE2eHarness } from './harness.js'
import { checkScreen, userTextCorpus, watchPage } from './journey-checks.js'
import { E2E_ADMIN } from './server.js'
import { setWorkbenchField, uploadToWorkbench } from './workbench-pick.js'

// Exports of 腾讯问卷, Qualtrics, SurveyMonkey and LimeSurvey (our own sample files in
// src/tabular/__fixtures__, written in each tool's documented layout) read by the analysis
// workbench and imported as a survey's answers, in Chinese and English; the 问卷星 export is
// covered by analyst-workbench.spec.ts. Each file holds two answers: 9 and 6 on the 0–10 scale.
// The workbench is used in Chinese on a desktop (1440 px) and in English on a phone (390 px), each
// result also looked at on the other width; the files are imported in Chinese on a desktop, then
// again in English on a phone, where the same answers are reported as already there.

const harness = useE2eHarness(
  process.env.MANYI_E2E_WEB_DIR ? { webDir: process.env.MANYI_E2E_WEB_DIR } : {},
)

const DESKTOP = { width: 1440, height: 900 }
const PHONE = { width: 390, height: 844 }

const HOTEL = {
  title: { 'zh-CN': '酒店入住调查', 'en-US': 'Hotel stay survey' },
  questions: [
    {
      key: 'nps',
      type: 'nps',
      title: {
        'zh-CN': '您向朋友推荐本酒店的可能性有多大？',
        'en-US': 'How likely are you to recommend our hotel to a friend?',
      },
    },
    {
      key: 'sat',
      type: 'csat',
      title: {
        'zh-CN': '您对本次入住的总体满意度',
        'en-US': 'How satisfied were you with your stay?',
      },
    },
    {
      key: 'comment',
      type: 'text',
      title: {
        'zh-CN': '还有什么想告诉我们的？',
        'en-US': 'Anything else you would like to tell us?',
      },
    },
  ],
}

const FILES = [
  {
    file: 'tencent.csv',
    tool: { 'zh-CN': '腾讯问卷导出', 'en-US': 'Tencent Survey export' },
    nps: '您向朋友推荐本酒店的可能性有多大？',
  },
  {
    file: 'qualtrics.csv',
    tool: { 'zh-CN': 'Qualtrics 导出', 'en-US': 'Qualtrics export' },
    nps: 'How likely are you to recommend our hotel to a friend?',
  },
  {
    file: 'surveymonkey.csv',
    tool: { 'zh-CN': 'SurveyMonkey 导出', 'en-US': 'SurveyMonkey export' },
    nps: 'How likely are you to recommend our hotel to a friend?',
  },
  {
    file: 'limesurvey.csv',
    tool: { 'zh-CN': 'LimeSurvey 导出', 'en-US': 'LimeSurvey export' },
    nps: 'NPS',
  },
] as const

it('the workbench reads the exports of 腾讯问卷, Qualtrics, SurveyMonkey and LimeSurvey and each imports as a survey’s answers', async () => {
  const context = await harness.browser.newContext({
    viewport: DESKTOP,
    locale: 'zh-CN',
  })
  context.setDefaultTimeout(90_000)
  const page = await context.newPage()
  await page.goto(`${harness.server.url}/app/`)
  await page.getByLabel('邮箱').fill(E2E_ADMIN.email)
  await page.getByLabel('密码').fill(E2E_ADMIN.password)
  await page.getByRole('button', { name: /登\s*录/ }).click()
  await page.getByTestId('switch-language').waitFor()
  const created = await (
    await page.request.post(`${harness.server.url}/api/v1/surveys`, { data: HOTEL })
  ).json()
  expect(
    (
      await page.request.post(`${harness.server.url}/api/v1/surveys/${created.id}/publish`)
    ).status(),
  ).toBe(200)
  const userText = await userTextCorpus(harness.server.store)
  // The files' own words (their column names and comments) are the user's data.
  const fileWords = FILES.flatMap(({ file }) =>
    readFileSync(`src/tabular/__fixtures__/${file}`, 'utf8').split(/[\n,:]/),
  )
  const withFiles = {
    joined: `${userText.joined}\n${fileWords.join('\n')}`,
    items: new Set([...userText.items, ...fileWords]),
  }
  const problems: string[] = []
  watchPage(page, 'imports', problems)

  for (const locale of ['zh-CN', 'en-US'] as const) {
    await page.evaluate((l) => localStorage.setItem('manyi.locale', l), locale)
    const [used, other] = locale === 'zh-CN' ? [DESKTOP, PHONE] : [PHONE, DESKTOP]
    for (const { file, tool, nps } of FILES) {
      await page.setViewportSize(used)
      await page.goto(`${harness.server.url}/app/analyses`)
      await page
        .getByTestId('analysis-source')
        .getByText(locale === 'zh-CN' ? '上传文件' : 'Upload a file')
        .click()
      await uploadToWorkbench(page, `src/tabular/__fixtures__/${file}`)
      expect(await page.getByTestId('analysis-columns-read').textContent()).toContain(tool[locale])
      await setWorkbenchField(page, 'column', nps)
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/analyses/nps'))
      await page.getByTestId('run-analysis').click()
      expect(await (await answered).json()).toMatchObject({ n: 2, promoters: 1, detractors: 1 })
      await page.getByTestId('analysis-result').waitFor()
      for (const viewport of [used, other]) {
        await page.setViewportSize(viewport)
        await checkScreen({
          page,
          label: `imports-${locale}-${viewport.width}`,
          name: `workbench-${file.replace('.csv', '')}`,
          locale,
          userText: withFiles,
          problems,
        })
      }
    }
  }

  // Each file imported as the survey's answers from its dashboard: two answers each, in Chinese on
  // a desktop; the same file again, in English on a phone, finds both answers already there.
  const IMPORTS = [
    { locale: 'zh-CN', viewport: DESKTOP, report: '已导入 2 条，重复 0 条，无效 0 条（共 2 行）' },
    { locale: 'en-US', viewport: PHONE, report: '0 imported, 2 already there, 0 invalid (2 rows)' },
  ] as const
  for (const { locale, viewport, report } of IMPORTS) {
    await page.evaluate((l) => localStorage.setItem('manyi.locale', l), locale)
    await page.setViewportSize(viewport)
    for (const { file } of FILES) {
      await page.goto(`${harness.server.url}/app/surveys/${created.id}`)
      await page.getByTestId('import-responses').waitFor()
      await page.locator('input[type=file]').setInputFiles(`src/tabular/__fixtures__/${file}`)
      await expect
        .poll(() => page.getByTestId('import-report').textContent(), { timeout: 60_000 })
        .toBe(report)
      await checkScreen({
        page,
        label: `imports-${locale}-${viewport.width}`,
        name: `import-${file.replace('.csv', '')}`,
        locale,
        userText: withFiles,
        problems,
      })
    }
  }
  // Eight answers stored, none twice.
  const stored = await harness.server.store.db
    .selectFrom('responses')
    .select(['nps'])
    .where('survey_id', '=', created.id)
    .where('channel', '=', 'import')
    .execute()
  expect(stored.map((r) => r.nps).sort()).toEqual([6, 6, 6, 6, 9, 9, 9, 9])
  expect(problems).toEqual([])
  await context.close()
}, 420_000)
