import { expect, it } from 'vitest'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { storeFeedbackBatch } from '../src/feedback/feedback-store.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'
import { createUnit } from '../src/units/unit.service.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

const harness = useE2eHarness()
const DAY = 86_400_000
const SHOTS = process.env.SHOTS_DIR ?? 'test-results'

/** Today's month on the organisation's (Shanghai) calendar, with its first and last day. */
function shanghaiMonth(): { month: string; first: string; last: string } {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' })
    .format(new Date())
    .split('-')
  const days = new Date(Date.UTC(Number(y), Number(m), 0)).getUTCDate()
  return { month: `${y}-${m}`, first: `${y}-${m}-01`, last: `${y}-${m}-${days}` }
}

it('ranks counties on CSM with their complaints, and a heat-map cell opens the county’s dashboard for that month', async () => {
  const { store, url } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now() - DAY))!
  const ids = new Map<string, string>()
  for (const [code, zh, en, type, parent] of [
    ['HD-C', '东陵供电公司', 'Dongling Power', 'city', null],
    ['HD-K1', '临河县供电公司', 'Linhe County', 'county', 'HD-C'],
    ['HD-K2', '青山县供电公司', 'Qingshan County', 'county', 'HD-C'],
  ] as const) {
    const unit = await createUnit(scope, {
      code,
      nameZh: zh,
      nameEn: en,
      type,
      parentId: parent ? ids.get(parent)! : null,
    })
    ids.set(code, unit.id)
  }
  const survey = await publishSurvey(
    scope,
    (
      await createSurvey(scope, {
        title: { 'zh-CN': '营业厅满意度', 'en-US': 'Service hall satisfaction' },
        questions: [
          {
            key: 'hall',
            type: 'csm7',
            title: { 'zh-CN': '营业厅环境', 'en-US': 'Service hall' },
          },
        ],
      })
    ).id,
  )
  // CSM answers through the county links: Linhe 60, 40, 20 (mean 40.0); Qingshan −20, 0 (−10.0).
  let k = 0
  for (const [unit, scores] of [
    ['HD-K1', [60, 40, 20]],
    ['HD-K2', [-20, 0]],
  ] as const) {
    for (const hall of scores) {
      const res = await fetch(`${url}/api/v1/public/surveys/${survey.slug}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          answers: { hall },
          clientResponseId: `e2e-heat-${k++}`,
          segments: { unit },
        }),
      })
      expect(res.status).toBe(201)
    }
  }
  // Two complaints and a praise about Linhe, one complaint about Qingshan.
  await storeFeedbackBatch(
    store.db,
    (
      [
        ['HD-K1', 'complaint'],
        ['HD-K1', 'complaint'],
        ['HD-K1', 'praise'],
        ['HD-K2', 'complaint'],
      ] as const
    ).map(([unit, kind], i) => ({
      values: {
        org_id: scope.orgId,
        channel: 'hotline',
        kind,
        text: `热线来电 ${i}`,
        unit_id: ids.get(unit)!,
        created_by: 'system:e2e',
        received_at: Date.now() - 60_000,
      },
      attachments: [],
    })),
    { type: 'system', id: 'system:e2e' },
    Date.now(),
  )
  const { month, first, last } = shanghaiMonth()

  const page = await loggedInPage(harness.browser, url)
  await page.goto(`${url}/app/units/league?parent=${ids.get('HD-C')}&metric=csm&period=${month}`)
  await page.getByTestId('league-unit-HD-K1').waitFor()
  const linhe = page
    .getByTestId('league-table')
    .locator('tr', { has: page.getByTestId('league-unit-HD-K1') })
  await expect.poll(() => linhe.textContent()).toContain('40.0')
  expect(await page.getByTestId('league-complaints-HD-K1').textContent()).toBe('2')
  expect(await page.getByTestId('league-complaints-HD-K2').textContent()).toBe('1')
  expect(await page.getByTestId(`heat-HD-K2-${month}`).textContent()).toBe('-10.0 (2)')
  // The heat map of complaints.
  await page.getByTestId('league-heat-shows').getByText('投诉数').click()
  await expect.poll(() => page.getByTestId(`heat-HD-K1-${month}`).textContent()).toBe('2')
  await page.screenshot({ path: `${SHOTS}/league-csm-complaints-1440-zh-CN.png`, fullPage: true })

  // A cell opens the county's dashboard over that month.
  const overview = page.waitForRequest(
    (r) =>
      r.url().includes('/api/v1/overview?') &&
      r.url().includes(`unit=${ids.get('HD-K1')}`) &&
      r.url().includes(`from=${first}`) &&
      r.url().includes(`to=${last}`),
  )
  await page.getByTestId(`heat-HD-K1-${month}`).click()
  await overview
  expect(new URL(page.url()).pathname).toBe('/app/home')
  expect(new URL(page.url()).searchParams.get('unit')).toBe(ids.get('HD-K1'))
  await page.getByTestId('home-overview').waitFor()
  await expect
    .poll(async () => (await page.getByTestId('home-overview').textContent()) ?? '')
    .toContain('临河县供电公司')

  // The league page on a desktop in English and on a phone in both languages.
  for (const [locale, width] of [
    ['en-US', 1440],
    ['zh-CN', 390],
    ['en-US', 390],
  ] as const) {
    const context = await harness.browser.newContext({
      viewport: { width, height: 900 },
      locale,
    })
    await context.addCookies(await page.context().cookies())
    const p = await context.newPage()
    await p.addInitScript((l) => localStorage.setItem('manyi.locale', l), locale)
    await p.goto(
      `${url}/app/units/league?parent=${ids.get('HD-C')}&metric=servqual&period=${month}`,
    )
    await p.getByTestId('league-unit-HD-K1').waitFor()
    const text = (await p.locator('body').textContent()) ?? ''
    expect(text).toContain(locale === 'zh-CN' ? 'SERVQUAL 差距' : 'SERVQUAL gap')
    expect(text).toContain(locale === 'zh-CN' ? '投诉' : 'Complaints')
    await p.goto(`${url}/app/units/league?parent=${ids.get('HD-C')}&metric=csm&period=${month}`)
    await p.getByTestId('league-unit-HD-K1').waitFor()
    await p.screenshot({ path: `${SHOTS}/league-csm-${width}-${locale}.png`, fullPage: true })
    await context.close()
  }
  // Seven page loads in three browser contexts: more than the default 120 s on a loaded machine.
}, 300_000)
