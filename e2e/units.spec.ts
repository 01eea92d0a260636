import { readFileSync, writeFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'
import { useE2eHarness } from './harness.js'
import { E2E_ADMIN } from './server.js'

// An administrator imports a 3-level utility hierarchy (a province, 12 cities, 5 counties each)
// through the units page, sees the tree, re-imports it (nothing changes), moves a county by
// dragging it onto another city, and downloads one city's QR sheets as a PDF with a page per
// unit; the page at 1440 and 390 px in Chinese and English.

const harness = useE2eHarness(
  process.env.MANYI_E2E_WEB_DIR ? { webDir: process.env.MANYI_E2E_WEB_DIR } : {},
)

const CITIES = [
  '南昌',
  '九江',
  '景德镇',
  '萍乡',
  '新余',
  '鹰潭',
  '赣州',
  '宜春',
  '上饶',
  '吉安',
  '抚州',
  '庐山',
]

function hierarchyCsv(): string {
  const lines = ['code,parent_code,name,name_en,type', 'JX,,江西省电力公司,Jiangxi Power,province']
  CITIES.forEach((city, i) => {
    const c = `JX-C${String(i + 1).padStart(2, '0')}`
    lines.push(`${c},JX,${city}供电公司,City ${i + 1},city`)
    for (let k = 1; k <= 5; k++) lines.push(`${c}-K${k},${c},${city}第${k}县供电公司,,county`)
  })
  return `${lines.join('\n')}\n`
}

async function importFile(page: Page, path: string): Promise<string> {
  await page.getByTestId('unit-import').click()
  await page.locator('.ant-modal input[type=file]').setInputFiles(path)
  await page.getByTestId('unit-import-run').click()
  const summary = page.getByTestId('unit-import-summary')
  await summary.waitFor()
  const text = (await summary.textContent()) ?? ''
  await page.locator('.ant-modal-close').click()
  await page.locator('.ant-modal').waitFor({ state: 'detached' })
  return text
}

type UnitRow = { id: string; code: string; parentId: string | null }
const unitsOf = (page: Page) =>
  page.evaluate(
    async () =>
      (await fetch('/api/v1/units').then((r) => r.json())).units as Array<{
        id: string
        code: string
        parentId: string | null
      }>,
  )

const step = (what: string) =>
  process.stderr.write(`[units e2e] ${new Date().toISOString()} ${what}\n`)

it('imports a province → 12 cities → 60 counties, shows the tree and prints a city’s QR sheets', async () => {
  const { store } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const survey = await createSurvey(scope, {
    title: { 'zh-CN': '供电营业厅服务评价', 'en-US': 'Service hall survey' },
    questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' }, required: true }],
    settings: { hiddenFields: ['unit'] },
  })
  await publishSurvey(scope, survey.id)
  const file = 'test-results/units-e2e.csv'
  writeFileSync(file, hierarchyCsv())

  const context = await harness.browser.newContext({
    viewport: { width: 1440, height: 900 },
    locale: 'zh-CN',
  })
  step('signed-in context')
  const page = await context.newPage()
  // A step that cannot happen fails in seconds, naming what it waited for.
  page.setDefaultTimeout(30_000)
  await page.goto(`${harness.server.url}/app/`)
  await page.getByLabel('邮箱').fill(E2E_ADMIN.email)
  await page.getByLabel('密码').fill(E2E_ADMIN.password)
  await page.getByRole('button', { name: /登\s*录/ }).click()
  await page.getByTestId('switch-language').waitFor()
  step('units page')
  await page.goto(`${harness.server.url}/app/units`)
  await page.getByTestId('unit-import').waitFor()

  expect(await importFile(page, file)).toContain('新建 73')
  await expect.poll(() => page.getByTestId('units-count').textContent()).toBe('共 73 个单元')
  // The province and its cities are open; a county shows under its city.
  await page.getByTestId('unit-node-JX').waitFor()
  await page.getByTestId('unit-node-JX-C12').waitFor()
  await page.getByTestId('unit-node-JX-C01-K1').waitFor()
  expect(await page.getByTestId('unit-node-JX-C01').textContent()).toContain('南昌供电公司')
  step('imported')
  // Importing the same file again changes nothing.
  expect(await importFile(page, file)).toContain('未变 73')

  step('re-imported')
  // Drag a county onto another city: it moves there.
  await page.getByTestId('unit-node-JX-C01-K5').dragTo(page.getByTestId('unit-node-JX-C02'))
  await expect
    .poll(async () => {
      const units: UnitRow[] = await unitsOf(page)
      const byCode = new Map(units.map((u) => [u.code, u]))
      return byCode.get('JX-C01-K5')?.parentId === byCode.get('JX-C02')?.id
    })
    .toBe(true)

  step('dragged')
  // One city's QR sheets: the city and its five counties, a page each.
  await page.getByTestId('unit-node-JX-C03').click()
  await page.getByTestId('unit-detail-title').waitFor()
  await page.getByTestId('unit-qr').click()
  await expect.poll(() => page.getByTestId('unit-qr-count').textContent()).toBe('6 个单元链接')
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('unit-qr-download').click(),
  ])
  step('downloaded')
  const pdfPath = 'test-results/units-qr-JX-C03.pdf'
  await download.saveAs(pdfPath)
  const pdf = readFileSync(pdfPath)
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
  expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length).toBe(6)
  await page.screenshot({ path: 'test-results/units-qr-1440-zh-CN.png' })
  await page.locator('.ant-modal-close').click()

  step('pdf checked')
  // The page in both languages, on a desktop and on a phone, without sideways scrolling.
  const cookies = await page.context().cookies()
  for (const locale of ['zh-CN', 'en-US'] as const)
    for (const width of [1440, 390]) {
      const context = await harness.browser.newContext({
        viewport: { width, height: width === 390 ? 844 : 900 },
        locale,
      })
      await context.addCookies(cookies)
      const p = await context.newPage()
      await p.addInitScript((l) => localStorage.setItem('manyi.locale', l), locale)
      await p.goto(`${harness.server.url}/app/units`)
      await p.getByTestId('unit-node-JX-C01').waitFor()
      const body = (await p.locator('body').textContent()) ?? ''
      expect(body).toContain(locale === 'zh-CN' ? '组织单元' : 'Organisation units')
      expect(body).toContain(locale === 'zh-CN' ? '共 73 个单元' : '73 units')
      // An administrator may drag units, and the intro says so.
      expect(await p.getByTestId('units-intro').textContent()).toContain(
        locale === 'zh-CN' ? '拖动单元可调整上级' : 'Drag a unit to give it another parent',
      )
      const overflow = await p.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      )
      expect(overflow).toBeLessThanOrEqual(0)
      await p.screenshot({ path: `test-results/units-${width}-${locale}.png`, fullPage: true })
      step(`${locale} ${width}`)
      await context.close()
    }
  await page.context().close()
}, 420_000)
