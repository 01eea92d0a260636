import { expect, it } from 'vitest'
import { systemScopeOfFirstOrg } from '../src/auth/bootstrap.js'
import { createSurvey, publishSurvey } from '../src/surveys/survey.service.js'
import { setTarget } from '../src/targets/target.service.js'
import { createUnit } from '../src/units/unit.service.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// With a survey that has respondent weights, the unit league and its targets tab read without a
// survey chosen pool every survey's answers unweighted, and say so (zh-CN and en-US, 1440 and
// 390 px); choosing the survey under 受访者加权 / Respondent weights replaces the note by the
// weighted one. The home page says the same of its pooled figures and target attainment.

const harness = useE2eHarness()
const DAY = 86_400_000
const SHOTS = process.env.SHOTS_DIR ?? 'test-results'

function shanghaiMonth(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' })
    .format(new Date())
    .slice(0, 7)
}

it('notes that the league and its targets are unweighted while a survey has respondent weights, in zh-CN and en-US', async () => {
  const { store, url } = harness.server
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, Date.now() - DAY))!
  const run = Date.now().toString(36)
  const city = await createUnit(scope, {
    code: `UW-C-${run}`,
    nameZh: '北塘供电公司',
    nameEn: 'Beitang Power',
    type: 'city',
  })
  const county = await createUnit(scope, {
    code: `UW-K-${run}`,
    nameZh: '柳岸县供电公司',
    nameEn: 'Liu’an County',
    type: 'county',
    parentId: city.id,
  })
  const survey = await publishSurvey(
    scope,
    (
      await createSurvey(scope, {
        title: { 'zh-CN': `抽样调查 ${run}`, 'en-US': `Sample survey ${run}` },
        questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐', 'en-US': 'Recommend' } }],
        settings: { hiddenFields: ['w'], weightField: 'w' },
      })
    ).id,
  )
  for (const [k, [nps, w]] of [
    [10, '3'],
    [0, '1'],
  ].entries()) {
    const res = await fetch(`${url}/api/v1/public/surveys/${survey.slug}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        answers: { nps },
        clientResponseId: `e2e-unweighted-${run}-${k}`,
        segments: { unit: county.code, w },
      }),
    })
    expect(res.status).toBe(201)
  }
  const month = shanghaiMonth()
  await setTarget(
    { ...scope, now: Date.now() },
    {
      unitId: county.id,
      metric: 'nps',
      period: month,
      value: 40,
    },
  )
  const league = `${url}/app/units/league?parent=${city.id}&metric=nps&period=${month}`

  const page = await loggedInPage(harness.browser, url)
  await page.setViewportSize({ width: 1440, height: 900 })
  // However many weighted surveys other specs left on this server: the note counts them all.
  const count = await page.evaluate(async () => {
    const surveys = (await (await fetch('/api/v1/surveys')).json()) as
      | Array<{ settings: { weightField?: string } }>
      | { surveys: Array<{ settings: { weightField?: string } }> }
    const list = Array.isArray(surveys) ? surveys : surveys.surveys
    return list.filter((s) => s.settings.weightField).length
  }, undefined)
  expect(count).toBeGreaterThanOrEqual(1)
  await page.goto(league)
  await page.getByTestId('league-unweighted-note').waitFor()
  expect(await page.getByTestId('league-unweighted-note').textContent()).toBe(
    `${count} 份问卷设有受访者权重。此排名合并全部问卷的答卷，按答卷计数、不加权：各问卷的权重来自各自的抽样框，不在同一尺度上，不能合并。要看加权排名，请在“受访者加权”中选择该问卷。`,
  )
  expect(await page.getByTestId('league-weighted-note').count()).toBe(0)
  await page.screenshot({ path: `${SHOTS}/league-unweighted-1440-zh-CN.png`, fullPage: true })
  await page.goto(`${league}&tab=targets`)
  await page.getByTestId('targets-unweighted-note').waitFor()
  expect(await page.getByTestId('targets-unweighted-note').textContent()).toContain(
    '此处的目标达成合并全部问卷的答卷，按答卷计数、不加权',
  )
  await page.screenshot({
    path: `${SHOTS}/league-targets-unweighted-1440-zh-CN.png`,
    fullPage: true,
  })
  // The survey chosen: the weighted note instead.
  await page.goto(`${league}&survey=${survey.id}`)
  await page.getByTestId('league-weighted-note').waitFor()
  expect(await page.getByTestId('league-unweighted-note').count()).toBe(0)

  const context = await harness.browser.newContext({
    viewport: { width: 390, height: 900 },
    locale: 'en-US',
  })
  await context.addCookies(await page.context().cookies())
  const p = await context.newPage()
  await p.addInitScript(() => localStorage.setItem('manyi.locale', 'en-US'))
  await p.goto(league)
  await p.getByTestId('league-unweighted-note').waitFor()
  expect(await p.getByTestId('league-unweighted-note').textContent()).toBe(
    `Surveys with respondent weights: ${count}. This ranking pools the answers of every survey and counts them unweighted: each survey’s weights come from its own sample frame and are not on one scale, so they cannot be pooled. For a weighted ranking, choose that survey under Respondent weights.`,
  )
  await p.screenshot({ path: `${SHOTS}/league-unweighted-390-en-US.png`, fullPage: true })
  await p.goto(`${league}&tab=targets`)
  await p.getByTestId('targets-unweighted-note').waitFor()
  expect(await p.getByTestId('targets-unweighted-note').textContent()).toContain(
    'Target attainment here pools the answers of every survey and counts them unweighted',
  )
  await p.screenshot({ path: `${SHOTS}/league-targets-unweighted-390-en-US.png`, fullPage: true })
  await p.setViewportSize({ width: 1440, height: 900 })
  await p.goto(league)
  await p.getByTestId('league-unweighted-note').waitFor()
  await p.screenshot({ path: `${SHOTS}/league-unweighted-1440-en-US.png`, fullPage: true })
  // The home page: its pooled figures and target attainment are unweighted too.
  await p.goto(`${url}/app/home`)
  await p.getByTestId('home-weighted-note').waitFor()
  expect(await p.getByTestId('home-weighted-note').textContent()).toContain(
    'the home page’s target attainment pool the answers of every survey and count them unweighted',
  )
  await p.screenshot({ path: `${SHOTS}/home-unweighted-1440-en-US.png`, fullPage: true })
  await context.close()

  await page.setViewportSize({ width: 390, height: 900 })
  await page.goto(league)
  await page.getByTestId('league-unweighted-note').waitFor()
  await page.screenshot({ path: `${SHOTS}/league-unweighted-390-zh-CN.png`, fullPage: true })
  await page.goto(`${url}/app/home`)
  await page.getByTestId('home-weighted-note').waitFor()
  expect(await page.getByTestId('home-weighted-note').textContent()).toContain(
    '总览和首页的目标达成合并各问卷的答卷，按答卷计数、不加权',
  )
  await page.screenshot({ path: `${SHOTS}/home-unweighted-390-zh-CN.png`, fullPage: true })
  await page.context().close()
}, 300_000)
