import { beforeAll, expect, it } from 'vitest'
import { pageAudit } from '../audit/audit.service.js'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import { setUserPreferences, userPreferences } from '../auth/user-preference.service.js'
import type { Role, Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { insertResponseRows } from '../responses/response-insert.js'
import { buildResponseRow } from '../responses/response-row.js'
import type { Survey } from '../surveys/survey.schema.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import { listAnalysisColumns } from './analysis.service.js'
import {
  deleteSavedAnalysis,
  listSavedAnalyses,
  renameSavedAnalysis,
  runSavedAnalysis,
  saveAnalysis,
} from './saved-analysis.service.js'

// Saved analyses on both stores: kept with their source, method, options, filters and period;
// run again on the survey's answers as they are now (a preset period moving on with the
// calendar); renamed, deleted, audited; seen only within the organisation and, for members
// limited to units, only when saved within their units. And a person's preferences.

const NOW = Date.UTC(2026, 10, 20, 4, 0) // 2026-11-20 12:00 in Shanghai
const DAY = 86_400_000

describeEachDialect('saved analyses', (ctx) => {
  let admin: Scope
  let survey: Survey
  let storeColumn: string
  let npsColumn: string
  const as = (role: Role, extra: Partial<Scope> = {}): Scope => ({
    ...admin,
    actor: { type: 'user', id: `u-${role}`, role },
    ...extra,
  })
  const answer = (at: number, nps: number, store: string) =>
    buildResponseRow({
      survey,
      orgId: admin.orgId,
      timezone: 'Asia/Shanghai',
      answers: { nps },
      locale: 'zh-CN',
      channel: 'link',
      segments: { store },
      submittedAt: at,
    })

  beforeAll(async () => {
    await bootstrapFirstAdmin(ctx.store.db, 'saved@test.local', 'saved-password-1', NOW - 90 * DAY)
    admin = (await systemScopeOfFirstOrg(ctx.store.db, ctx.store.features, NOW))!
    survey = await publishSurvey(
      admin,
      (
        await createSurvey(admin, {
          title: { 'zh-CN': '营业厅满意度' },
          questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' }, required: true }],
        })
      ).id,
    )
    await insertResponseRows(ctx.store.db, [
      answer(NOW - 2 * DAY, 10, '南京路'),
      answer(NOW - 3 * DAY, 9, '南京路'),
      answer(NOW - 4 * DAY, 3, '南京路'),
      answer(NOW - 5 * DAY, 0, '西湖'),
      // Outside the last 30 days.
      answer(NOW - 45 * DAY, 0, '南京路'),
    ])
    const columns = await listAnalysisColumns(admin, { survey: { id: survey.id, lang: 'zh-CN' } })
    storeColumn = columns.columns.find((c) => c.header.includes('store'))!.header
    npsColumn = columns.columns.find((c) => c.header.includes('[nps]'))!.header
  })

  it('keeps an analysis and runs it again on current data, within its period and filter', async () => {
    const analyst = as('analyst')
    const saved = await saveAnalysis(analyst, {
      name: '南京路 NPS（近 30 天）',
      method: 'nps',
      source: { survey: { id: survey.id, lang: 'zh-CN' } },
      options: { column: npsColumn },
      filters: [{ column: storeColumn, values: ['南京路'] }],
      period: { preset: '30d' },
    })
    expect(saved).toMatchObject({
      name: '南京路 NPS（近 30 天）',
      method: 'nps',
      period: { preset: '30d' },
      createdBy: 'u-analyst',
      lastRunAt: null,
    })
    expect((await listSavedAnalyses(analyst)).map((a) => a.id)).toEqual([saved.id])

    const first = await runSavedAnalysis(analyst, saved.id, {})
    expect(first.period).toEqual({ from: '2026-10-22', to: '2026-11-20' })
    expect(first.rows).toBe(3)
    expect(first.result).toMatchObject({ n: 3, promoters: 2, detractors: 1 })
    expect(first.analysis.lastRunAt).toBe(new Date(NOW).toISOString())

    // New answers come in: the same saved analysis reads them; a week later the period has moved.
    await insertResponseRows(ctx.store.db, [answer(NOW - DAY, 10, '南京路')])
    expect((await runSavedAnalysis(analyst, saved.id, {})).result).toMatchObject({ n: 4 })
    const weekLater = await runSavedAnalysis({ ...analyst, now: NOW + 7 * DAY }, saved.id, {})
    expect(weekLater.period).toEqual({ from: '2026-10-29', to: '2026-11-27' })

    const audit = await pageAudit(admin, { entity: 'saved_analysis' })
    expect(audit.entries.map((e) => e.action).sort()).toEqual([
      'analysis.run',
      'analysis.run',
      'analysis.run',
      'analysis.save',
    ])
  })

  it('renames and deletes; another organisation never sees it', async () => {
    const analyst = as('analyst')
    const saved = await saveAnalysis(analyst, {
      name: 'draft',
      method: 'nps',
      source: { survey: { id: survey.id, lang: 'en-US' } },
      options: { column: npsColumn },
    })
    expect((await renameSavedAnalysis(analyst, saved.id, { name: '  Weekly NPS ' })).name).toBe(
      'Weekly NPS',
    )
    const other: Scope = {
      ...analyst,
      orgId: (await createOrganisation(ctx.store.db, 'Other', NOW)).id,
    }
    await expect(runSavedAnalysis(other, saved.id, {})).rejects.toMatchObject({
      code: 'SAVED_ANALYSIS_NOT_FOUND',
    })
    expect(await listSavedAnalyses(other)).toEqual([])
    await deleteSavedAnalysis(analyst, saved.id)
    await expect(renameSavedAnalysis(analyst, saved.id, { name: 'x' })).rejects.toMatchObject({
      code: 'SAVED_ANALYSIS_NOT_FOUND',
    })
    await expect(
      saveAnalysis(analyst, {
        name: 'x',
        method: 'astrology',
        source: { file: { name: 'a.csv' } },
      }),
    ).rejects.toMatchObject({ code: 'ANALYSIS_METHOD_NOT_FOUND' })
    await expect(listSavedAnalyses(as('viewer'))).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('shows a member limited to units only what was saved within their units', async () => {
    const inNorth = await saveAnalysis(as('analyst', { units: ['north'] }), {
      name: 'north',
      method: 'nps',
      source: { file: { name: 'north.csv' } },
      options: { column: 'nps' },
    })
    const everywhere = await saveAnalysis(as('analyst'), {
      name: 'everywhere',
      method: 'nps',
      source: { file: { name: 'all.csv' } },
      options: { column: 'nps' },
    })
    const names = async (units?: string[]) =>
      (await listSavedAnalyses(as('analyst', units ? { units } : {})))
        .map((a) => a.name)
        .filter((n) => n === 'north' || n === 'everywhere')
        .sort()
    expect(await names()).toEqual(['everywhere', 'north'])
    expect(await names(['north', 'north-1'])).toEqual(['north'])
    expect(await names(['south'])).toEqual([])
    await expect(
      runSavedAnalysis(as('analyst', { units: ['south'] }), inNorth.id, {}),
    ).rejects.toMatchObject({ code: 'SAVED_ANALYSIS_NOT_FOUND' })
    // A file-based analysis runs on the file it is given, and asks for one.
    await expect(runSavedAnalysis(as('analyst'), everywhere.id, {})).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'file' }],
    })
    const run = await runSavedAnalysis(as('analyst'), everywhere.id, {
      file: { name: 'all.csv', contentBase64: Buffer.from('nps\n10\n9\n0\n').toString('base64') },
    })
    expect(run.result).toMatchObject({ n: 3, nps: 33.33333333333333 })
  })

  it('keeps each person’s date range per organisation, and refuses one that is not a period', async () => {
    const analyst = as('analyst')
    expect(await userPreferences(analyst)).toEqual({})
    expect(await setUserPreferences(analyst, { dateRange: { preset: 'quarter' } })).toEqual({
      dateRange: { preset: 'quarter' },
    })
    await setUserPreferences(analyst, { dateRange: { from: '2026-01-01', to: '2026-03-31' } })
    expect(await userPreferences(analyst)).toEqual({
      dateRange: { from: '2026-01-01', to: '2026-03-31' },
    })
    expect(await userPreferences(as('agent'))).toEqual({})
    await expect(
      setUserPreferences(analyst, { dateRange: { from: '2026-04-01', to: '2026-03-31' } }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
    await expect(
      setUserPreferences(analyst, { dateRange: { preset: 'forever' } }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
  })
})
