import { beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../db/test-dialects.js'
import { NEW_TYPE_QUESTIONS } from '../../surveys/new-type-questions.js'
import { PAGE_TEXT } from '../pages/page-text.js'
import { createTestApp, type TestApp } from '../test-app.js'

/**
 * The newer question types end to end on the real server: the respondent page as plain HTML
 * (answerable without JavaScript), form posts stored or refused in the respondent's language,
 * the dashboard's analysis of the stored answers and the export's columns.
 */

const zh = PAGE_TEXT['zh-CN']

/** The hidden fields of a rendered form, to post the form as a browser would. */
const hiddenFields = (page: string) =>
  Object.fromEntries(
    [...page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
      m[1]!,
      m[2]!,
    ]),
  )

const ANSWERS: Array<Record<string, string | string[]>> = [
  {
    'priorities.speed': '1',
    'priorities.notice': '2',
    'priorities.attitude': '3',
    region: 'gd/sz/ns',
    room: 'king',
    wait: '10',
    visit_day: '2026-06-01',
    'aspects.app': 'yes',
    'aspects.hall': 'no',
  },
  {
    'priorities.speed': '2',
    'priorities.notice': '1',
    'priorities.attitude': '3',
    region: 'gd/sz/ft',
    room: 'king',
    wait: '20',
    visit_day: '2026-06-01',
    'aspects.app': 'yes',
  },
  {
    'priorities.speed': '1',
    'priorities.notice': '3',
    'priorities.attitude': '2',
    region: 'bj/bjc/cy',
    room: 'twin',
    wait: '30',
    visit_day: '2026-06-03',
    place: '39.9,116.4',
    sign: 'Li Lei',
  },
]

describeEachDialect('the newer question types on the respondent page and the dashboard', (ctx) => {
  let t: TestApp
  let surveyId = ''
  let slug = ''

  const post = async (fields: Record<string, string | string[]>, lang = 'zh-CN') => {
    const page = await t.app.inject({ method: 'GET', url: `/s/${slug}?lang=${lang}` })
    const body = new URLSearchParams(hiddenFields(page.body))
    for (const [name, value] of Object.entries(fields))
      for (const v of ([] as string[]).concat(value)) body.append(name, v)
    return t.app.inject({
      method: 'POST',
      url: `/s/${slug}?lang=${lang}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    })
  }

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/surveys',
      headers: { cookie: t.adminCookie },
      payload: {
        title: { 'zh-CN': '新题型', 'en-US': 'New types' },
        questions: NEW_TYPE_QUESTIONS,
      },
    })
    expect(created.statusCode).toBe(201)
    surveyId = created.json().id
    slug = created.json().slug
    await t.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/${surveyId}/publish`,
      headers: { cookie: t.adminCookie },
    })
  })

  it('renders every type as plain form inputs', async () => {
    const page = (await t.app.inject({ method: 'GET', url: `/s/${slug}?lang=zh-CN` })).body
    // Ranking by numbers, one per option.
    expect(page).toContain(
      '<input type="number" inputmode="numeric" name="priorities.speed" min="1" max="3"',
    )
    // Cascade as one select grouped by the leaves' parents.
    expect(page).toContain(
      '<optgroup label="广东省 / 深圳市"><option value="gd/sz/ns">南山区</option>',
    )
    expect(page).toContain(
      '<optgroup label="北京市 / 北京市"><option value="bj/bjc/cy">朝阳区</option>',
    )
    // Slider as a number input; date as a date input; location and signature as text with a hint.
    expect(page).toContain('name="wait" min="0" max="60" step="5"')
    expect(page).toContain('<input class="field" type="date" name="visit_day"')
    expect(page).toContain(zh.locationHint)
    expect(page).toContain(zh.signatureHint)
    expect(page).toContain('<input type="radio" name="aspects.app" value="yes">')
    expect(page).toContain('<input type="radio" name="room" value="king">')
    // The page script only enhances: the form posts without it.
    expect(page).toContain('<script src="/s/assets/survey.js" defer></script>')
  })

  it('stores answers posted as a plain form and shows the dashboard figures', async () => {
    for (const answers of ANSWERS) {
      const res = await post(answers)
      expect(res.statusCode, res.body.slice(0, 500)).toBe(200)
      expect(res.body).toContain(zh.thanksTitle)
    }
    const analysis = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${surveyId}/analysis?from=2026-06-01&to=2026-06-30`,
      headers: { cookie: t.adminCookie },
    })
    expect(analysis.statusCode).toBe(200)
    const a = analysis.json()
    expect(a.n).toBe(3)
    // Ranks of speed 1, 2, 1: mean 4/3, first in 2 of 3 answers.
    expect(a.rankings[0].options[0]).toMatchObject({
      option: 'speed',
      ranked: 3,
      meanRank: 4 / 3,
      firstShare: (100 * 2) / 3,
    })
    expect(a.rankings[0].options[1]).toMatchObject({ option: 'notice', meanRank: 2 })
    expect(a.cascades[0].levels[0].counts).toEqual([
      { path: 'gd', labels: [{ 'zh-CN': '广东省', 'en-US': 'Guangdong' }], count: 2 },
      { path: 'bj', labels: [{ 'zh-CN': '北京市', 'en-US': 'Beijing' }], count: 1 },
    ])
    expect(a.cascades[0].levels[2].counts.map((c: { path: string }) => c.path)).toEqual([
      'bj/bjc/cy',
      'gd/sz/ft',
      'gd/sz/ns',
    ])
    // 10, 20, 30 minutes: mean 20, sd 10; no interval below 5 answers (question-analysis-types.test.ts has one).
    expect(a.sliders[0]).toMatchObject({ key: 'wait', n: 3, mean: 20, sd: 10, ci95: null })
    expect(a.dates[0].counts).toEqual([
      { bucket: '2026-06-01', count: 2 },
      { bucket: '2026-06-03', count: 1 },
    ])
    expect(a.choiceMatrices[0].rows).toMatchObject([
      {
        row: 'app',
        n: 2,
        counts: [
          { option: 'yes', count: 2 },
          { option: 'no', count: 0 },
        ],
      },
      {
        row: 'hall',
        n: 1,
        counts: [
          { option: 'yes', count: 0 },
          { option: 'no', count: 1 },
        ],
      },
    ])
    expect(a.choices.find((c: { key: string }) => c.key === 'room').counts).toMatchObject([
      { option: 'king', count: 2 },
      { option: 'twin', count: 1 },
    ])
  })

  it('refuses a tied ranking and a non-day in the respondent’s language, keeping the answers', async () => {
    const res = await post({
      'priorities.speed': '1',
      'priorities.notice': '1',
      'priorities.attitude': '2',
      region: 'gd/sz/ns',
      visit_day: '2026-02-30',
    })
    expect(res.statusCode).toBe(400)
    expect(res.body).toContain(zh.rankingInvalid)
    expect(res.body).toContain(zh.dateInvalid)
    expect(res.body).toContain('<option value="gd/sz/ns" selected>')
    const en = await post({ 'priorities.speed': '1', region: 'gd/sz' }, 'en-US')
    expect(en.statusCode).toBe(400)
    expect(en.body).toContain(PAGE_TEXT['en-US'].missing)
    expect(en.body).not.toMatch(/rank \d|must be|unknown choice/)
  })

  it('exports each answer in one readable cell', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/surveys/${surveyId}/responses/export?format=csv&lang=en-US`,
      headers: { cookie: t.adminCookie },
    })
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Rank these services by importance [priorities]')
    expect(res.body).toContain('speed=1; notice=2; attitude=3')
    expect(res.body).toContain('gd/sz/ns')
    expect(res.body).toContain('app=yes; hall=no')
  })
})
