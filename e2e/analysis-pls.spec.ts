import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'
import { chooseWorkbenchMethod, setWorkbenchField, uploadToWorkbench } from './workbench-pick.js'

// E2E_WEB_DIR: serve an admin app built elsewhere (a private `vite build --outDir`).
const harness = useE2eHarness(process.env.E2E_WEB_DIR ? { webDir: process.env.E2E_WEB_DIR } : {})
const shots = process.env.SHOTS_DIR ?? 'test-results/analysis-pls'

/** mobi with a region column (every other respondent north), for the two-group comparison. */
function mobiWithRegion(): string {
  const lines = readFileSync('src/analytics/__fixtures__/ecsi_mobi.csv', 'utf8')
    .trim()
    .split(/\r?\n/)
  const path = 'test-results/mobi-region.csv'
  mkdirSync('test-results', { recursive: true })
  writeFileSync(
    path,
    `${[`${lines[0]},region`, ...lines.slice(1).map((l, i) => `${l},${i % 2 ? 'north' : 'south'}`)].join('\n')}\n`,
  )
  return path
}

function partyFile(): string {
  // Agresti (2007) Table 2.5 scaled down by 10: χ² 3.01 on 2 df.
  const counts: Array<[string, string, number]> = [
    ['女', '民主党', 76],
    ['女', '独立', 33],
    ['女', '共和党', 47],
    ['男', '民主党', 48],
    ['男', '独立', 24],
    ['男', '共和党', 48],
  ]
  const path = 'test-results/party.csv'
  writeFileSync(
    path,
    `性别,党派\n${counts.flatMap(([g, p, n]) => Array.from({ length: n }, () => `${g},${p}`)).join('\n')}\n`,
  )
  return path
}

function valueFile(): string {
  const path = 'test-results/value-balance.csv'
  writeFileSync(path, 'value,price\n4,2\n3,3\n5,4\n,1\n')
  return path
}

const MODEL = JSON.stringify({
  constructs: {
    Image: ['IMAG1', 'IMAG2', 'IMAG3', 'IMAG4', 'IMAG5'],
    Expectation: ['CUEX1', 'CUEX2', 'CUEX3'],
    Value: ['PERV1', 'PERV2'],
    Satisfaction: ['CUSA1', 'CUSA2', 'CUSA3'],
  },
  paths: [
    { from: 'Image', to: 'Satisfaction' },
    { from: 'Expectation', to: 'Satisfaction' },
    { from: 'Value', to: 'Satisfaction' },
  ],
})

/** The method, chosen until the picker shows it (a click on its option was sometimes lost). */
async function chooseMethod(page: Page, title: string) {
  await chooseWorkbenchMethod(page, title)
}

/** Pick a fixed choice (not a column) from its list. */
async function choose(page: Page, key: string, title: string) {
  await page.getByTestId(`choose-${key}`).click()
  await page.locator('.ant-select-dropdown:visible').getByTitle(title, { exact: true }).click()
  await page.getByTestId(`choose-${key}`).getByTitle(title, { exact: true }).waitFor()
}

async function shoot(page: Page, name: string) {
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 })
    await page.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: true })
  }
  await page.setViewportSize({ width: 1366, height: 900 })
}

it('the workbench runs consistent PLS with HTMT, SRMR, f², PLSpredict and a two-region comparison, a cross-table and the value-balance index, in both languages', async () => {
  const region = mobiWithRegion()
  const party = partyFile()
  const page = await loggedInPage(harness.browser, harness.server.url)
  const names = {
    'zh-CN': {
      pls: 'ACSI/ECSI 结构模型（PLS）',
      yes: '是',
      crosstab: '交叉分析',
      htmt: '异质–单质比',
      valueBalance: '价值平衡指数',
    },
    'en-US': {
      pls: 'ACSI/ECSI structural model (PLS)',
      yes: 'Yes',
      crosstab: 'Cross-tabulation',
      htmt: 'heterotrait–monotrait ratio',
      valueBalance: 'Value-balance index',
    },
  }
  for (const locale of ['zh-CN', 'en-US'] as const) {
    const words = names[locale]
    await page.evaluate((l) => localStorage.setItem('manyi.locale', l), locale)
    await page.goto(`${harness.server.url}/app/analyses`)
    await chooseMethod(page, words.pls)
    await uploadToWorkbench(page, region)
    await setWorkbenchField(page, 'model', MODEL)
    await choose(page, 'consistent', words.yes)
    await choose(page, 'scheme', 'factorial')
    await setWorkbenchField(page, 'folds', '5')
    await setWorkbenchField(page, 'group', 'region')
    await setWorkbenchField(page, 'permutations', '30')
    const answered = page.waitForResponse((r) => r.url().includes('/api/v1/analyses/plspm'))
    await page.getByTestId('run-analysis').click()
    expect((await answered).status()).toBe(200)
    await page.getByTestId('path-diagram').waitFor()
    // seminr's PLSc on this model: Image → Satisfaction 0.538; HTMT Image–Expectation 0.888.
    expect(await page.getByTestId('table-paths').textContent()).toContain('0.538')
    expect(await page.getByTestId('table-htmt').textContent()).toContain('0.888')
    expect(await page.getByTestId('analysis-result').textContent()).toContain(words.htmt)
    expect(await page.getByTestId('table-reliability').textContent()).toContain('0.462')
    for (const table of ['fSquared', 'predict', 'q2predict', 'multigroup', 'groups'])
      await page.getByTestId(`table-${table}`).waitFor()
    expect(await page.getByTestId('table-groups').textContent()).toContain('north')
    await shoot(page, `pls-${locale}`)

    await chooseMethod(page, words.crosstab)
    await uploadToWorkbench(page, party)
    await setWorkbenchField(page, 'row', '性别')
    await setWorkbenchField(page, 'by', '党派')
    await page.getByTestId('run-analysis').click()
    await page.getByTestId('crosstab-grid').waitFor()
    expect(await page.getByTestId('crosstab-grid').textContent()).toContain('76 (48.7%)')
    expect(await page.getByTestId('crosstab-chi').textContent()).toMatch(/χ² = \d+\.\d{3}/)
    await shoot(page, `crosstab-${locale}`)

    // The value-balance index (issue 21): mean perceived value 4 over mean price paid 3 = 1.333,
    // the row without a value left out (as analyses-pls.api.test.ts).
    await chooseMethod(page, words.valueBalance)
    await uploadToWorkbench(page, valueFile())
    await setWorkbenchField(page, 'value', 'value')
    await setWorkbenchField(page, 'price', 'price')
    const balanced = page.waitForResponse((r) => r.url().includes('/api/v1/analyses/value-balance'))
    await page.getByTestId('run-analysis').click()
    expect((await balanced).status()).toBe(200)
    await expect
      .poll(async () => (await page.getByTestId('analysis-scalars').textContent()) ?? '')
      .toContain('1.333')
  }
  await page.context().close()
})
