import { expect, it } from 'vitest'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'
import { createUnit } from '../src/units/unit.service.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// Unit names follow the page's language (issue 16): on an en-US units page the unit detail's
// title, its move/merge pickers and the QR dialog's unit picker and link table name units by
// their English names; the zh-CN page by their Chinese names. All through one helper
// (web/src/pages/units/unit-name.ts). Screenshots zh-CN and en-US at 1440 and 390 px.

const harness = useE2eHarness()
const SHOTS = process.env.SHOTS_DIR ?? 'test-results'

it('names units in English on the en-US units page and QR dialog, in Chinese on zh-CN', async () => {
  const { store, url } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const run = Date.now().toString(36)
  const province = await createUnit(scope, {
    code: `EN-P-${run}`,
    nameZh: '南岭省电力公司',
    nameEn: 'Nanling Power',
    type: 'province',
    parentId: null,
  })
  await createUnit(scope, {
    code: `EN-C-${run}`,
    nameZh: '青石供电公司',
    nameEn: 'Qingshi Power',
    type: 'city',
    parentId: province.id,
  })
  const surveyTitle = { 'zh-CN': `单元问卷 ${run}`, 'en-US': `Unit survey ${run}` }
  const survey = await createSurvey(scope, {
    title: surveyTitle,
    questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' }, required: true }],
    settings: { hiddenFields: ['unit'] },
  })
  await publishSurvey(scope, survey.id)
  const admin = await loggedInPage(harness.browser, url)
  const cookies = await admin.context().cookies()
  await admin.context().close()
  for (const locale of ['en-US', 'zh-CN'] as const)
    for (const width of [1440, 390]) {
      const en = locale === 'en-US'
      const [pName, cName] = en
        ? ['Nanling Power', 'Qingshi Power']
        : ['南岭省电力公司', '青石供电公司']
      const context = await harness.browser.newContext({
        viewport: { width, height: 900 },
        locale,
      })
      await context.addCookies(cookies)
      const p = await context.newPage()
      p.setDefaultTimeout(20_000)
      await p.addInitScript((l) => localStorage.setItem('manyi.locale', l), locale)
      await p.goto(`${url}/app/units`)
      await p.getByTestId(`unit-node-EN-P-${run}`).click()
      await expect
        .poll(() => p.getByTestId('unit-detail-title').textContent())
        .toBe(`${pName} EN-P-${run}`)
      // The merge picker of the city names the province in the page's language.
      await p.getByTestId(`unit-node-EN-C-${run}`).click()
      await expect
        .poll(() => p.getByTestId('unit-detail-title').textContent())
        .toBe(`${cName} EN-C-${run}`)
      await p.getByTestId('unit-merge-into').click()
      await p.locator(`.ant-select-tree-title:text-is("${pName} EN-P-${run}")`).first().waitFor()
      await p.keyboard.press('Escape')
      const body = (await p.locator('body').textContent()) ?? ''
      if (en) for (const zh of ['南岭省电力公司', '青石供电公司']) expect(body).not.toContain(zh)
      const overflow = await p.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      )
      expect(overflow).toBeLessThanOrEqual(0)
      await p.screenshot({ path: `${SHOTS}/units-names-${width}-${locale}.png`, fullPage: true })

      // The QR dialog, opened on the city's province: picker and table in the page's language.
      await p.getByTestId(`unit-node-EN-P-${run}`).click()
      await p.getByTestId('unit-qr').click()
      await p.getByTestId('unit-qr-survey').click()
      await p.locator(`.ant-select-item-option[title="${surveyTitle[locale]}"]`).click()
      await expect
        .poll(() => p.getByTestId('unit-qr-count').textContent())
        .toBe(en ? '2 unit links' : '2 个单元链接')
      const modal = p.locator('.ant-modal')
      expect(await p.getByTestId('unit-qr-root').textContent()).toBe(`${pName} EN-P-${run}`)
      const rows = await modal
        .locator('.ant-table-tbody tr.ant-table-row td:first-child')
        .allTextContents()
      expect(rows).toEqual([`${pName} EN-P-${run}`, `${cName} EN-C-${run}`])
      expect(await modal.locator('.ant-table-thead th').first().textContent()).toBe(
        en ? 'Unit' : '单元',
      )
      await p.screenshot({ path: `${SHOTS}/units-qr-names-${width}-${locale}.png` })
      await context.close()
    }
}, 120_000)
