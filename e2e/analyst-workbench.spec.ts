import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { useE2eHarness } from './harness.js'
import { checkScreen, type Locale, SHOTS_DIR, userTextCorpus, watchPage } from './journey-checks.js'
import { E2E_ADMIN } from './server.js'
import { setWorkbenchField, uploadToWorkbench } from './workbench-pick.js'

const harness = useE2eHarness()

// The hotel survey of src/tabular/__fixtures__ (our own sample exports of other tools): a wjx
// export of it imports by question title.
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

// Per store: NPS answers (our own data). 外滩店 clearly better than the rest, 虹桥店 clearly worse.
const STORES: Record<string, number[]> = {
  外滩店: [10, 10, 10, 9, 9, 10, 9, 10, 10, 9, 8, 10, 9, 10, 9],
  静安店: [9, 8, 7, 6, 9, 10, 8, 7, 5, 9, 8, 7, 9, 6, 8],
  虹桥店: [3, 2, 6, 5, 4, 7, 1, 3, 6, 2, 5, 0, 4, 6, 3],
}

const WORDS: Record<Locale, { higher: string; lower: string; fromSurvey: string; wjx: string }> = {
  'zh-CN': {
    higher: '显著高于其余',
    lower: '显著低于其余',
    fromSurvey: '问卷答卷',
    wjx: '问卷星导出',
  },
  'en-US': {
    higher: 'Significantly higher than the rest',
    lower: 'Significantly lower than the rest',
    fromSurvey: 'A survey’s answers',
    wjx: 'Wenjuanxing (wjx) export',
  },
}

it('an analyst compares stores, runs the workbench on a survey picked from the list and imports a 问卷星 export, in Chinese and English', async () => {
  const context = await harness.browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
  })
  const page = await context.newPage()
  await page.goto(`${harness.server.url}/app/`)
  await page.getByLabel('邮箱').fill(E2E_ADMIN.email)
  await page.getByLabel('密码').fill(E2E_ADMIN.password)
  await page.getByRole('button', { name: /登\s*录/ }).click()
  // Signed in wherever the home page is: the shell's language switch shows.
  await page.getByTestId('switch-language').waitFor()
  const api = (path: string, data?: unknown) =>
    page.request.post(`${harness.server.url}/api/v1${path}`, data === undefined ? {} : { data })
  const created = await (await api('/surveys', HOTEL)).json()
  expect((await api(`/surveys/${created.id}/publish`)).status()).toBe(200)
  let i = 0
  for (const [store, scores] of Object.entries(STORES))
    for (const nps of scores) {
      const res = await api(`/public/surveys/${created.slug}/responses`, {
        answers: { nps, sat: nps >= 8 ? 5 : 2 },
        clientResponseId: `analyst-${i++}`,
        segments: { store },
      })
      expect(res.status()).toBe(201)
    }
  const userText = await userTextCorpus(harness.server.store)
  // The uploaded file's own words (its questions, as 问卷星 wrote them) are the user's data too.
  const fileWords = readFileSync('src/tabular/__fixtures__/wjx.csv', 'utf8')
    .split('\n')[0]!
    .split(',')
    .map((h) => h.replace(/^\d+、/, ''))
  const withFile = {
    joined: `${userText.joined}\n${fileWords.join('\n')}`,
    items: new Set([...userText.items, ...fileWords]),
  }
  const problems: string[] = []
  watchPage(page, 'analyst', problems)

  for (const locale of ['zh-CN', 'en-US'] as const) {
    const words = WORDS[locale]
    await page.evaluate((l) => localStorage.setItem('manyi.locale', l), locale)
    const label = `analyst-${locale}`

    // Segment comparison: ranked, with the verdicts in words, and the heat map.
    await page.setViewportSize({ width: 1440, height: 900 })
    await page.goto(`${harness.server.url}/app/segments?survey=${created.id}&field=store`)
    await page.getByTestId('seg-table').waitFor()
    await page.getByTestId('segment-heat-map').waitFor()
    const rows = page.getByTestId('seg-table').locator('tbody tr.ant-table-row')
    await expect.poll(() => rows.count()).toBe(3)
    expect(await rows.nth(0).textContent()).toContain('外滩店')
    expect(await rows.nth(0).textContent()).toContain(words.higher)
    expect(await rows.nth(2).textContent()).toContain('虹桥店')
    expect(await rows.nth(2).textContent()).toContain(words.lower)
    // 外滩店: 14 promoters, 1 passive of 15 → NPS 93.3.
    expect(await rows.nth(0).textContent()).toContain('93.3')
    await checkScreen({ page, label, name: 'segments', locale, userText, problems })
    await page.setViewportSize({ width: 390, height: 844 })
    await checkScreen({
      page,
      label: `${label}-phone`,
      name: 'segments',
      locale,
      userText,
      problems,
    })
    await page.setViewportSize({ width: 1440, height: 900 })

    // Workbench on the survey picked from the list, the question picked from its questions.
    await page.goto(`${harness.server.url}/app/analyses`)
    await page.getByTestId('analysis-source').getByText(words.fromSurvey).click()
    await page.getByTestId('analysis-survey').click()
    await page.getByTitle(HOTEL.title[locale], { exact: true }).click()
    await page.getByTestId('analysis-columns-read').waitFor()
    await setWorkbenchField(page, 'column', HOTEL.questions[0]!.title[locale])
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/analyses/nps'))
    await page.getByTestId('run-analysis').click()
    const result = await (await answered).json()
    // Of the 45 answers: promoters 14 + 5 + 0 = 19, detractors 0 + 3 + 14 = 17.
    expect(result).toMatchObject({ n: 45, promoters: 19, detractors: 17 })
    await page.getByTestId('analysis-result').waitFor()
    await checkScreen({ page, label, name: 'workbench-survey', locale, userText, problems })

    // A 问卷星 export read by the workbench: recognised, its questions offered by name.
    await page
      .getByTestId('analysis-source')
      .getByText(locale === 'zh-CN' ? '上传文件' : 'Upload a file')
      .click()
    await uploadToWorkbench(page, 'src/tabular/__fixtures__/wjx.csv')
    expect(await page.getByTestId('analysis-columns-read').textContent()).toContain(words.wjx)
    await setWorkbenchField(page, 'column', '您向朋友推荐本酒店的可能性有多大？')
    const fromFile = page.waitForResponse((r) => r.url().endsWith('/api/v1/analyses/nps'))
    await page.getByTestId('run-analysis').click()
    expect(await (await fromFile).json()).toMatchObject({ n: 3, promoters: 2, detractors: 1 })
    await checkScreen({ page, label, name: 'workbench-wjx', locale, userText: withFile, problems })
  }

  // The same 问卷星 export imported as the survey's answers from its dashboard.
  await page.evaluate(() => localStorage.setItem('manyi.locale', 'zh-CN'))
  await page.goto(`${harness.server.url}/app/surveys/${created.id}`)
  await page.getByTestId('import-responses').waitFor()
  await page.locator('input[type=file]').setInputFiles('src/tabular/__fixtures__/wjx.csv')
  await expect
    .poll(() => page.getByTestId('import-report').textContent(), { timeout: 30_000 })
    .toBe('已导入 3 条，重复 0 条，无效 0 条（共 3 行）')
  await page.screenshot({ path: `${SHOTS_DIR}/analyst-zh-CN-wjx-import.png`, fullPage: true })
  expect(problems).toEqual([])
  await page.context().close()
}, 240_000)
