import { mkdirSync } from 'node:fs'
import { expect, it } from 'vitest'
import { adminApi } from './admin-api.js'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'

// The internal-satisfaction page (issue 19) on an anonymous employee survey answered here:
// 华北 has 北一店 (12 answers), 北二店 (3) and 北三店 (7). 北二店 is below 5 and 北三店 is hidden
// with it, so that 华北 minus 北一店 minus 北三店 cannot reveal 北二店; 北一店's index is 2.75
// (levels 1..5,1..5,1,2 on every dimension) and its 12 comments are listed, 北二店's none.
// Screenshots in both languages at 1440 and 390 px (SHOTS_DIR).

const harness = useE2eHarness()
const shots = process.env.SHOTS_DIR ?? 'test-results/internal-satisfaction'
const DIMENSIONS = ['work_rights', 'conditions', 'management', 'environment', 'personal']
const UNITS = ['code,parent_code,name', 'N,,华北区', 'N1,N,北一店', 'N2,N,北二店', 'N3,N,北三店']

it('shows dimensions and eNPS per unit and hides a small group with its complement', async () => {
  mkdirSync(shots, { recursive: true })
  const { url } = harness.server
  const { apiSession, api } = adminApi(harness)
  const cookie = await apiSession()
  const csv = Buffer.from(`${UNITS.join('\r\n')}\r\n`, 'utf8').toString('base64')
  await api(cookie, 'POST', '/units/import', { file: { name: 'u.csv', contentBase64: csv } })
  const template = await api(cookie, 'POST', '/surveys/from-template', {
    template: 'employee-satisfaction',
  })
  expect(template.settings.anonymity).toEqual({ minGroup: 5 })
  const { id: _, ...body } = template
  const survey = await api(cookie, 'PUT', `/surveys/${template.id}`, {
    title: body.title,
    defaultLocale: body.defaultLocale,
    questions: body.questions,
    settings: { ...body.settings, hiddenFields: ['department', 'unit'] },
  })
  const page = await loggedInPage(harness.browser, url)
  // A save in the survey editor sends the anonymity it has no field for, along with its edits.
  await page.goto(`${url}/app/surveys/${survey.id}/edit`)
  await expect.poll(() => page.getByTestId('title-zh').inputValue()).toBe(body.title['zh-CN'])
  const saved = page.waitForResponse(
    (r) => r.request().method() === 'PUT' && r.url().endsWith(`/api/v1/surveys/${survey.id}`),
  )
  await page.getByTestId('save-survey').click()
  expect((await saved).status()).toBe(200)
  const sent = (await saved).request().postDataJSON() as { settings: Record<string, unknown> }
  expect(sent.settings.anonymity).toEqual({ minGroup: 5 })
  expect(sent.settings.hiddenFields).toEqual(['department', 'unit'])
  const { slug } = await api(cookie, 'POST', `/surveys/${survey.id}/publish`)
  let seq = 0
  for (const [unit, count] of [
    ['N1', 12],
    ['N2', 3],
    ['N3', 7],
  ] as const) {
    for (let i = 0; i < count; i += 1) {
      const level = 1 + (i % 5)
      seq += 1
      const response = await fetch(`${url}/api/v1/public/surveys/${slug}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          answers: {
            ...Object.fromEntries(DIMENSIONS.map((d) => [d, level])),
            nps: 2 * level,
            comment: `${unit} 意见 ${i + 1}`,
          },
          segments: { unit },
          clientResponseId: `internal-e2e-${String(seq).padStart(4, '0')}`,
        }),
      })
      expect(response.status).toBe(201)
    }
  }

  await page.goto(`${url}/app/internal-satisfaction`)
  const row = (code: string) =>
    page.getByTestId(`internal-row-${code}`).locator('xpath=ancestor::tr')
  await row('N1').waitFor({ timeout: 90_000 })
  const cells = async (code: string) =>
    row(code).evaluate((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''))
  await expect
    .poll(async () => (await cells('N1')).slice(0, 3))
    .toEqual(['北一店', '12', '2.75 (1.81–3.69)'])
  expect((await cells('N'))[1]).toBe('22')
  expect((await cells('N2'))[1]).toBe('为保护匿名不显示')
  expect((await cells('N3'))[1]).toBe('为保护匿名不显示')
  // No figure of the hidden stores anywhere in their rows.
  expect((await cells('N2')).join('')).not.toMatch(/\d/)
  expect((await cells('N3')).join('')).not.toMatch(/\d/)
  await row('N1').click()
  await expect.poll(() => page.getByTestId('internal-comments').locator('li').count()).toBe(12)
  await row('N2').click()
  await expect.poll(() => page.getByTestId('internal-comments').count()).toBe(0)
  expect(await page.locator('body').textContent()).not.toContain('N2 意见')

  for (const locale of ['zh-CN', 'en-US'] as const) {
    for (const width of [1440, 390]) {
      const context = await harness.browser.newContext({ viewport: { width, height: 900 }, locale })
      await context.addCookies(await page.context().cookies())
      const p = await context.newPage()
      await p.addInitScript((l) => localStorage.setItem('manyi.locale', l), locale)
      await p.goto(`${url}/app/internal-satisfaction`)
      const first = p.getByTestId('internal-row-N1')
      await first.waitFor({ timeout: 90_000 })
      await first.click()
      await p.getByTestId('internal-comments').waitFor()
      const text = (await p.locator('body').textContent()) ?? ''
      expect(text).toContain(
        locale === 'zh-CN' ? '为保护匿名不显示' : 'Hidden to keep answers anonymous',
      )
      expect(text).not.toContain(locale === 'zh-CN' ? 'Hidden to keep' : '为保护匿名')
      await p.screenshot({ path: `${shots}/internal-${locale}-${width}.png`, fullPage: true })
      await context.close()
    }
  }
}, 300_000)
