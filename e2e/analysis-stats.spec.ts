import { mkdirSync, writeFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'
import { chooseWorkbenchMethod, setWorkbenchField, uploadToWorkbench } from './workbench-pick.js'

// E2E_WEB_DIR: serve an admin app built elsewhere (a private `vite build --outDir`).
const harness = useE2eHarness(process.env.E2E_WEB_DIR ? { webDir: process.env.E2E_WEB_DIR } : {})
// Screenshots (both widths) only when SHOTS_DIR is set, to keep the spec quick in CI.
const shots = process.env.SHOTS_DIR

async function choose(page: Page, key: string, title: string) {
  await page.getByTestId(`choose-${key}`).click()
  await page.locator('.ant-select-dropdown:visible').getByTitle(title, { exact: true }).click()
  await page.getByTestId(`choose-${key}`).getByTitle(title, { exact: true }).waitFor()
}

async function shoot(page: Page, name: string) {
  if (!shots) return
  mkdirSync(shots, { recursive: true })
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 })
    await page.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: true })
  }
  await page.setViewportSize({ width: 1366, height: 900 })
}

async function run(page: Page, method: string) {
  const answered = page.waitForResponse((r) => r.url().includes(`/api/v1/analyses/${method}`))
  await page.getByTestId('run-analysis').click()
  expect((await answered).status()).toBe(200)
  await page.getByTestId('analysis-result').waitFor()
}

it('the workbench draws an X̄-R chart, and gives weighted NPS with Kish’s n_eff, in both languages', async () => {
  mkdirSync('test-results', { recursive: true })
  const weights = 'test-results/nps-weighted.csv'
  writeFileSync(weights, 'score,weight\n10,1\n9,1\n3,2\n7,4\n10,0.5\n0,1\n')
  const page = await loggedInPage(harness.browser, harness.server.url)
  const names = {
    'zh-CN': {
      spc: '控制图与变点',
      nps: 'NPS 净推荐值',
      centre: 'X̄ 中心线',
      neff: '有效样本量（Kish）',
    },
    'en-US': {
      spc: 'Control charts and change points',
      nps: 'NPS',
      centre: 'X̄ centre line',
      neff: 'Effective sample size (Kish)',
    },
  }
  for (const locale of ['zh-CN', 'en-US'] as const) {
    const words = names[locale]
    await page.evaluate((l) => localStorage.setItem('manyi.locale', l), locale)
    await page.goto(`${harness.server.url}/app/analyses`)
    await chooseWorkbenchMethod(page, words.spc)
    await uploadToWorkbench(page, 'src/analytics/__fixtures__/spc_pistonrings_phase1.csv')
    await choose(page, 'chart', 'xbar-r')
    await setWorkbenchField(page, 'items', 'd1,d2,d3,d4,d5')
    await run(page, 'spc')
    const scalars = page.getByTestId('analysis-scalars')
    expect(await scalars.textContent()).toContain(words.centre)
    await shoot(page, `xbar-r-${locale}`)
    expect(await scalars.textContent()).toMatch(/74\.001/)

    await chooseWorkbenchMethod(page, words.nps)
    await uploadToWorkbench(page, weights)
    await setWorkbenchField(page, 'column', 'score')
    await setWorkbenchField(page, 'weight', 'weight')
    await run(page, 'nps')
    await shoot(page, `nps-weighted-${locale}`)
    expect(await scalars.textContent()).toContain(words.neff)
  }
  await page.context().close()
})
