import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'
import { chooseWorkbenchMethod, setWorkbenchField, uploadToWorkbench } from './workbench-pick.js'

// The workbench offers what `manyi analyze` offers for reliability and PLS: respondent weights,
// reverse-keyed items, pairwise deletion, and the download of each row's PLS construct scores;
// the result says how blanks were handled and which weights were applied, in the reader's words.
// E2E_WEB_DIR: serve an admin app built elsewhere (a private `vite build --outDir`).
const harness = useE2eHarness(process.env.E2E_WEB_DIR ? { webDir: process.env.E2E_WEB_DIR } : {})
const shots = process.env.SHOTS_DIR ?? 'test-results/analysis-weights-scores'

/** Twelve answers to four items (反向题 worded the other way), three with a blank, and a weight. */
function reliabilityFile(): string {
  mkdirSync('test-results', { recursive: true })
  const path = 'test-results/reliability-weights.csv'
  writeFileSync(
    path,
    [
      '服务,环境,价格感知,反向题,权重',
      '5,4,4,2,2',
      '4,4,3,2,1',
      '2,1,3,4,3',
      '3,3,4,3,1',
      '1,2,1,4,2',
      '4,5,4,1,1',
      '5,4,,1,1',
      '2,,2,5,2',
      '4,3,5,,1',
      '3,2,3,3,1',
      '2,3,2,3,1',
      '5,5,4,2,2',
      '',
    ].join('\n'),
  )
  return path
}

const ECSI = JSON.parse(
  readFileSync('src/analytics/__fixtures__/ecsi_mobi_pls_reference.json', 'utf8'),
).model as { blocks: Record<string, string | string[]>; paths: string[][] }
const MODEL = JSON.stringify({
  constructs: Object.fromEntries(
    Object.entries(ECSI.blocks).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]),
  ),
  paths: ECSI.paths.map(([from, to]) => ({ from, to })),
})
/** plspm's path-weighting scores of the first respondent (ecsi_mobi_scores_path.csv). */
const FIRST_SCORES = readFileSync('src/analytics/__fixtures__/ecsi_mobi_scores_path.csv', 'utf8')
  .split(/\r?\n/)
  .slice(0, 2)
  .map((line) => line.split(',').map((cell) => cell.replace(/"/g, '')))

const WORDS = {
  'zh-CN': {
    alpha: '信度（Cronbach α）',
    alphaLabel: 'Cronbach α',
    effectiveN: '有效样本量（Kish）',
    weightColumn: '权重列',
    handling: '缺失值处理',
    rowsUsed: '使用的行数',
    rowsDropped: '删去的行数',
    minPairs: '任一对题目的最少行数',
    pls: 'ACSI/ECSI 结构模型（PLS）',
    pairwise: '成对删除',
    listwise: '删除不完整的行',
    pairwiseShown: '成对删除',
    sheet: '构念得分',
    fileRow: '文件行',
    download: '下载构念得分（Excel）',
    other: /[A-Za-z]{3,} [a-z]{3,}/,
  },
  'en-US': {
    alpha: 'Reliability (Cronbach’s α)',
    alphaLabel: 'Cronbach’s α',
    effectiveN: 'Effective sample size (Kish)',
    weightColumn: 'Weight column',
    handling: 'Missing values',
    rowsUsed: 'Rows used',
    rowsDropped: 'Rows dropped',
    minPairs: 'Fewest rows behind any pair',
    pls: 'ACSI/ECSI structural model (PLS)',
    pairwise: 'Pairwise deletion',
    listwise: 'Incomplete rows dropped',
    pairwiseShown: 'Pairwise deletion',
    sheet: 'Construct scores',
    fileRow: 'File row',
    download: 'Download construct scores (Excel)',
    other: /[\u4e00-\u9fff]/,
  },
} as const

async function choose(page: Page, key: string, title: string) {
  await page.getByTestId(`choose-${key}`).click()
  await page.locator('.ant-select-dropdown:visible').getByTitle(title, { exact: true }).click()
  await page.getByTestId(`choose-${key}`).getByTitle(title, { exact: true }).waitFor()
}

/** Run the form and wait for the API's answer and the result card it draws. */
async function runAnalysis(page: Page, method: string) {
  const answered = page.waitForResponse((r) => r.url().endsWith(`/api/v1/analyses/${method}`))
  await page.getByTestId('run-analysis').click()
  expect((await answered).status()).toBe(200)
  await page.getByTestId('analysis-result').waitFor()
}

/** The result's single figures, label → shown value. */
async function figures(page: Page): Promise<Record<string, string>> {
  return page.getByTestId('analysis-scalars').evaluate((table) => {
    const out: Record<string, string> = {}
    const labels = table.querySelectorAll('.ant-descriptions-item-label')
    for (const label of labels)
      out[label.textContent ?? ''] = label.nextElementSibling?.textContent ?? ''
    return out
  })
}

async function shoot(page: Page, name: string, width: number) {
  await page.setViewportSize({ width, height: 900 })
  // The result is drawn (no spinner) before the picture is taken.
  await expect.poll(() => page.locator('.ant-spin-spinning').count()).toBe(0)
  await page.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: true })
}

it('the workbench weights and reverse-scores reliability items, deletes pairwise, and downloads PLS construct scores', async () => {
  const reliability = reliabilityFile()
  const page = await loggedInPage(harness.browser, harness.server.url)
  for (const [locale, width] of [
    ['zh-CN', 1440],
    ['en-US', 390],
  ] as const) {
    const words = WORDS[locale]
    await page.setViewportSize({ width, height: 900 })
    await page.evaluate((l) => localStorage.setItem('manyi.locale', l), locale)
    await page.goto(`${harness.server.url}/app/analyses`)

    // Weighted α on the complete rows, 反向题 reverse-scored on the 1–5 scale.
    await chooseWorkbenchMethod(page, words.alpha)
    await uploadToWorkbench(page, reliability)
    await setWorkbenchField(page, 'items', '服务,环境,价格感知,反向题')
    await setWorkbenchField(page, 'reversed', '反向题')
    await setWorkbenchField(page, 'weight', '权重')
    await runAnalysis(page, 'alpha')
    // The CLI on the same file: α 0.92879, Kish's n 7.538 of 9 complete rows, 3 dropped.
    expect(await figures(page)).toMatchObject({
      [words.alphaLabel]: '0.929',
      [words.effectiveN]: '7.538',
      [words.weightColumn]: '权重',
      [words.handling]: words.listwise,
      [words.rowsUsed]: '9',
      [words.rowsDropped]: '3',
    })
    await shoot(page, `alpha-weighted-${locale}`, width)
    const text = (await page.getByTestId('analysis-result').textContent()) ?? ''
    expect(text.replace(/服务|环境|价格感知|反向题|权重/g, '')).not.toMatch(words.other)
    expect(text).not.toMatch(/missingData|weighting|listwise|undefined|NaN/)

    // Pairwise deletion, no weights (a fresh form): every row answering a pair counts
    // (α 0.91247; 12 rows with an answer, the fewest behind a pair 10).
    await chooseWorkbenchMethod(page, words.pls)
    await chooseWorkbenchMethod(page, words.alpha)
    await setWorkbenchField(page, 'items', '服务,环境,价格感知,反向题')
    // The reversed item, set until the picker holds it: once in a full run the fresh form ran
    // without it (α 0.834, the figure without reverse-scoring).
    await expect
      .poll(async () => {
        const held = (await page.getByTestId('pick-reversed').textContent()) ?? ''
        if (!held.includes('反向题')) await setWorkbenchField(page, 'reversed', '反向题')
        return (await page.getByTestId('pick-reversed').textContent()) ?? ''
      })
      .toContain('反向题')
    await choose(page, 'impute', words.pairwise)
    await runAnalysis(page, 'alpha')
    expect(await figures(page)).toMatchObject({
      [words.alphaLabel]: '0.912',
      [words.handling]: words.pairwiseShown,
      [words.rowsUsed]: '12',
      [words.minPairs]: '10',
    })
    await shoot(page, `alpha-pairwise-${locale}`, width)

    // PLS on the ECSI data: each row's construct scores download as a sheet, equal to plspm's.
    await chooseWorkbenchMethod(page, words.pls)
    await uploadToWorkbench(page, 'src/analytics/__fixtures__/ecsi_mobi.csv')
    await setWorkbenchField(page, 'model', MODEL)
    await setWorkbenchField(page, 'folds', '0')
    await setWorkbenchField(page, 'omissionDistance', '0')
    await runAnalysis(page, 'plspm')
    await page.getByTestId('path-diagram').waitFor()
    expect(await page.getByTestId('export-construct-scores').textContent()).toContain(
      words.download,
    )
    expect(await page.getByTestId('construct-scores-note').textContent()).toContain('250')
    await shoot(page, `pls-scores-${locale}`, width)
    // The download beside the Excel export, as the reader sees it on opening the result.
    await page.getByTestId('export-construct-scores').scrollIntoViewIfNeeded()
    await page.screenshot({ path: `${shots}/pls-scores-view-${locale}-${width}.png` })
    const download = page.waitForEvent('download')
    await page.getByTestId('export-construct-scores').click()
    const file = await (await download).path()
    const book = new ExcelJS.Workbook()
    await book.xlsx.readFile(file)
    const sheet = book.getWorksheet(words.sheet)!
    expect(sheet.rowCount).toBe(251)
    const head = (sheet.getRow(1).values as unknown[]).slice(1)
    expect(head).toEqual([words.fileRow, ...FIRST_SCORES[0]!.slice(1)])
    const first = (sheet.getRow(2).values as number[]).slice(1)
    expect(first[0]).toBe(2)
    FIRST_SCORES[1]!
      .slice(1)
      .forEach((value, i) => expect(Math.abs(first[i + 1]! - Number(value))).toBeLessThan(1e-9))
  }
  await page.context().close()
}, 240_000)
