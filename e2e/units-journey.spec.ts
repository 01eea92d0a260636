import { mkdirSync, writeFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { createUser } from '../src/auth/auth.service.js'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'
import { setMembershipUnits } from '../src/units/unit-membership.service.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// The units journey of issue 16, end to end: an administrator imports a utility hierarchy
// (province → 12 cities → 60 counties, the counties with division codes and opening hours) from a
// CSV on the units page, sees a county's hours, gets a city's QR sheet (a PDF, a page per unit),
// two county links are answered on phones, the county shows in its city's league table and opens
// its own dashboard with breadcrumbs up the tree, a quarterly target set at the province cascades
// down to the counties, and a county manager signs in and sees only the county.

const harness = useE2eHarness(
  process.env.MANYI_E2E_WEB_DIR ? { webDir: process.env.MANYI_E2E_WEB_DIR } : {},
)
const SHOTS = process.env.MANYI_E2E_SHOTS ?? 'test-results/units-journey'
const MANAGER = { email: 'county.manager@e2e.local', password: 'county-manager-pass-1' }

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
  const lines = [
    'code,parent_code,name,name_en,type,province_code,city_code,county_code,hours',
    'GX,,赣西省电力公司,Ganxi Power,province,360000,,,',
  ]
  CITIES.forEach((city, i) => {
    const c = `GX-C${String(i + 1).padStart(2, '0')}`
    const cityCode = `36${String(i + 1).padStart(2, '0')}00`
    lines.push(`${c},GX,${city}供电公司,City ${i + 1},city,360000,${cityCode},,`)
    for (let k = 1; k <= 5; k++)
      lines.push(
        `${c}-K${k},${c},${city}第${k}县供电所,County ${i + 1}-${k},county,360000,${cityCode},${cityCode.slice(0, 4)}0${k},周一至周五 08:30-17:30；周六 09:00-12:00；周日 休息`,
      )
  })
  return `${lines.join('\n')}\n`
}

/** Today's month and quarter on the organisation's (Shanghai) calendar. */
function shanghaiPeriods(): { month: string; quarter: string } {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' })
    .format(new Date())
    .split('-')
  return { month: `${y}-${m}`, quarter: `${y}-Q${Math.floor((Number(m) - 1) / 3) + 1}` }
}

type Unit = { id: string; code: string }
const api = <T>(page: Page, path: string) =>
  page.evaluate(async (p) => {
    const res = await fetch(p)
    return { status: res.status, body: await res.json() }
  }, path) as Promise<{ status: number; body: T }>

async function answerOnPhone(link: string, nps: number): Promise<string> {
  const phone = await harness.browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    locale: 'zh-CN',
    javaScriptEnabled: false,
  })
  const page = await phone.newPage()
  await page.goto(link)
  await page.locator(`input[name="nps"][value="${nps}"]`).check({ force: true })
  await page.getByRole('button', { name: '提交' }).click()
  const heading = (await page.locator('h1').textContent()) ?? ''
  await phone.close()
  return heading
}

it('imports a province → 12 cities → 60 counties, prints QR sheets, ranks, drills, cascades a target, and limits a county manager', async () => {
  const { store, url } = harness.server
  mkdirSync(SHOTS, { recursive: true })
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now()))!
  const survey = await publishSurvey(
    scope,
    (
      await createSurvey(scope, {
        title: { 'zh-CN': '供电营业厅服务评价', 'en-US': 'Service hall survey' },
        questions: [
          { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿', 'en-US': 'Recommend' } },
        ],
        settings: { hiddenFields: ['unit'] },
      })
    ).id,
  )
  const file = `${SHOTS}/hierarchy.csv`
  writeFileSync(file, hierarchyCsv())
  const { month, quarter } = shanghaiPeriods()

  // 1. Import the tree on the units page.
  const page = await loggedInPage(harness.browser, url)
  page.setDefaultTimeout(30_000)
  await page.goto(`${url}/app/units`)
  await page.getByTestId('unit-import').click()
  await page.locator('.ant-modal input[type=file]').setInputFiles(file)
  await page.getByTestId('unit-import-run').click()
  await expect
    .poll(() => page.getByTestId('unit-import-summary').textContent())
    .toContain('新建 73')
  await page.locator('.ant-modal-close').click()
  await expect.poll(() => page.getByTestId('units-count').textContent()).toBe('共 73 个单元')
  const units = (await api<{ units: Unit[] }>(page, '/api/v1/units')).body.units
  const id = (code: string) => units.find((u) => u.code === code)!.id

  // A county's place and opening hours, as imported.
  await page.getByTestId('unit-node-GX-C01-K1').click()
  const place = page.getByTestId('unit-place-summary')
  await expect.poll(() => place.textContent()).toContain('区划：360000 / 360100 / 360101')
  expect(await place.textContent()).toContain(
    '营业时间：周一至周五 08:30–17:30；周六 09:00–12:00；周日 休息',
  )

  // 2. The city's QR sheet: a PDF with a page for the city and each of its five counties.
  const sheet = await page.evaluate(
    async ([s, root]) => {
      const res = await fetch(`/api/v1/surveys/${s}/unit-qr-sheet?root=${root}`)
      const bytes = new Uint8Array(await res.arrayBuffer())
      let text = ''
      for (const b of bytes) text += String.fromCharCode(b)
      return { status: res.status, type: res.headers.get('content-type'), text }
    },
    [survey.id, id('GX-C01')] as const,
  )
  expect([sheet.status, sheet.type]).toEqual([200, 'application/pdf'])
  expect(sheet.text.startsWith('%PDF-')).toBe(true)
  expect(sheet.text.match(/\/Type \/Page\b/g)?.length).toBe(6)

  // 3. Two county links answered on phones: county 1 a promoter, county 2 a detractor.
  const links = (
    await api<{ links: Array<{ code: string; url: string }> }>(
      page,
      `/api/v1/surveys/${survey.id}/unit-links?root=${id('GX-C01')}`,
    )
  ).body.links
  const linkOf = (code: string) => links.find((l) => l.code === code)!.url
  expect(links).toHaveLength(6)
  expect(await answerOnPhone(linkOf('GX-C01-K1'), 10)).toContain('感谢')
  expect(await answerOnPhone(linkOf('GX-C01-K2'), 3)).toContain('感谢')

  // 4. The counties in their city's league table, each opening its own dashboard.
  await page.goto(`${url}/app/units/league?parent=${id('GX')}&metric=nps&period=${month}`)
  await page.getByTestId('league-drill-GX-C01').click()
  const county = page
    .getByTestId('league-table')
    .locator('tr', { has: page.getByTestId('league-unit-GX-C01-K1') })
  await expect.poll(() => county.textContent()).toContain('100.0')
  await page.screenshot({ path: `${SHOTS}/league-city-1440-zh-CN.png`, fullPage: true })
  await page.getByTestId('league-dashboard-GX-C01-K1').click()
  await page.getByTestId('home-unit-current-GX-C01-K1').waitFor()
  const path = (await page.getByTestId('home-unit-path').textContent()) ?? ''
  expect(path).toContain('赣西省电力公司')
  expect(path).toContain('南昌供电公司')
  await expect.poll(() => page.getByTestId('home-subtitle').textContent()).toContain('共 1 份答卷')
  await page.screenshot({ path: `${SHOTS}/home-unit-1440-zh-CN.png`, fullPage: true })
  // Up one level: the city's dashboard counts both counties' answers.
  await page.getByTestId('home-unit-path').getByRole('link', { name: '南昌供电公司' }).click()
  await page.getByTestId('home-unit-current-GX-C01').waitFor()
  await expect.poll(() => page.getByTestId('home-subtitle').textContent()).toContain('共 2 份答卷')

  // 5. A quarterly target of 40 at the province, cascaded down to the counties.
  await page.goto(
    `${url}/app/units/league?parent=${id('GX')}&metric=nps&period=${quarter}&tab=targets`,
  )
  await page.getByRole('spinbutton', { name: '目标值' }).fill('40')
  const cascaded = page.waitForResponse((r) => r.url().includes('/cascade'))
  await page.getByTestId('target-cascade').click()
  const cascade = await cascaded
  expect(cascade.status()).toBe(200)
  expect((await cascade.json()).targets).toHaveLength(73)
  await page.getByTestId('target-value-GX-C12').waitFor()
  expect(await page.getByTestId('target-value-GX-C01').textContent()).toBe('40.0')
  await page.goto(
    `${url}/app/units/league?parent=${id('GX-C01')}&metric=nps&period=${quarter}&tab=targets`,
  )
  await page.getByTestId('target-value-GX-C01-K2').waitFor()
  expect(await page.getByTestId('target-value-GX-C01-K1').textContent()).toBe('40.0')

  // 6. A county manager signs in and sees only the county.
  const managerId = await createUser(
    { db: store.db, orgId: scope.orgId },
    {
      email: MANAGER.email,
      displayName: '县所主管',
      password: MANAGER.password,
      role: 'supervisor',
    },
    Date.now(),
  )
  await setMembershipUnits(scope, managerId, { unitIds: [id('GX-C01-K2')] })
  const manager = await loggedInPage(harness.browser, url, { as: MANAGER })
  await manager.goto(`${url}/app/home`)
  await expect
    .poll(() => manager.getByTestId('home-subtitle').textContent())
    .toContain('共 1 份答卷')
  const own = await api<{ totals: { nps: { n: number; nps: number } } }>(
    manager,
    '/api/v1/overview',
  )
  expect([own.body.totals.nps.n, own.body.totals.nps.nps]).toEqual([1, -100])
  expect((await api(manager, `/api/v1/overview?unit=${id('GX-C01-K1')}`)).status).toBe(404)
  expect((await api(manager, `/api/v1/overview?unit=${id('GX')}`)).status).toBe(404)
  const league = await api<{ rows: Array<{ code: string }> }>(
    manager,
    `/api/v1/units/league?parentId=${id('GX-C01')}&metric=nps&period=${month}`,
  )
  expect(league.body.rows.map((r) => r.code)).toEqual(['GX-C01-K2'])
  // Unit pickers list only the county (GET /units?scope=visible), not the 72 units of the tree.
  const pickable = await api<{ units: Unit[] }>(manager, '/api/v1/units?scope=visible')
  expect(pickable.body.units.map((u) => u.code)).toEqual(['GX-C01-K2'])
  // The county's own target, cascaded from the province, is the manager's to read.
  const targets = await api<{ targets: Array<{ unitCode: string; value: number }> }>(
    manager,
    `/api/v1/targets?period=${quarter}&metric=nps`,
  )
  expect(targets.body.targets.map((t) => [t.unitCode, t.value])).toEqual([['GX-C01-K2', 40]])
  await manager.context().close()
  await page.context().close()
}, 120_000)
