import { sql } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { newId } from '../shared/ids.js'
import { localDayOf } from '../shared/timezone.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import { createUnit } from '../units/unit.service.js'
import { itemScoresOf } from './item-scores.js'
import { insertResponseRows } from './response-insert.js'
import type { ResponseRow } from './response.table.js'
import { rebuildAnswerRollups } from './rollup-rebuild.service.js'

// Rebuilding the answer aggregates from the stored answers gives exactly what the insert path
// kept (daily counts per channel; unit daily and monthly counts, CSM levels and SERVQUAL sums),
// after the stored aggregates were damaged; another organisation's aggregates stay as they were;
// a reader limited to some units may not rebuild.

const TZ = 'Asia/Shanghai'
const DAY_MS = 86_400_000
const START = Date.UTC(2026, 4, 1, 2, 0)
const TABLES = [
  'response_daily_counts',
  'response_unit_daily_counts',
  'response_unit_monthly_counts',
  'response_unit_daily_csm',
  'response_unit_daily_servqual',
] as const

function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describeEachDialect('rebuilding the answer roll-ups', (ctx) => {
  const orgIds: string[] = []
  const scopeOf = (orgId: string, units?: string[]): Scope => ({
    db: ctx.store.db,
    features: ctx.store.features,
    orgId,
    actor: { type: 'user', id: 'u-admin', role: 'admin' },
    now: START + 90 * DAY_MS,
    ...(units ? { units } : {}),
  })

  /** Every aggregate row of the organisation, numbers as numbers, in a stable order. */
  async function aggregates(orgId: string): Promise<Record<string, unknown[]>> {
    const out: Record<string, unknown[]> = {}
    for (const table of TABLES) {
      const rows = await sql<
        Record<string, unknown>
      >`select * from ${sql.table(table)} where org_id = ${orgId}`.execute(ctx.store.db)
      out[table] = rows.rows
        .map((row) =>
          Object.fromEntries(
            Object.entries(row).map(([k, v]) => [
              k,
              typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v,
            ]),
          ),
        )
        .map((row) => JSON.stringify(row, Object.keys(row).sort()))
        .sort()
    }
    return out
  }

  beforeAll(async () => {
    const next = random(4916)
    for (const name of ['Rebuilt', 'Untouched']) {
      const orgId = (await createOrganisation(ctx.store.db, name, START - DAY_MS, TZ)).id
      orgIds.push(orgId)
      const admin = scopeOf(orgId)
      const survey = await publishSurvey(
        admin,
        (
          await createSurvey(admin, {
            title: { 'zh-CN': '营业厅满意度' },
            questions: [
              { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' } },
              { key: 'csat', type: 'csat', title: { 'zh-CN': '满意' } },
              { key: 'csm_hall', type: 'csm7', title: { 'zh-CN': '环境' } },
              ...(['sq1', 'sq2'] as const).map((key, i) => ({
                key,
                type: 'servqual' as const,
                title: { 'zh-CN': key },
                servqual: { dimension: 'tangibles', reversed: i === 1 },
              })),
            ],
          })
        ).id,
      )
      const units: string[] = []
      for (const code of ['A', 'B'])
        units.push((await createUnit(admin, { code, nameZh: code })).id)
      const rows: ResponseRow[] = Array.from({ length: 150 }, () => {
        const at = START + Math.floor(next() * 60 * DAY_MS)
        const answers: Record<string, unknown> = {}
        if (next() < 0.7) answers.csm_hall = -60 + 20 * Math.floor(next() * 7)
        if (next() < 0.6)
          for (const key of ['sq1', 'sq2'])
            answers[key] = {
              expectation: 1 + Math.floor(next() * 7),
              perception: 1 + Math.floor(next() * 7),
            }
        const id = newId(at)
        return {
          id,
          org_id: orgId,
          survey_id: survey.id,
          survey_version: 1,
          client_response_id: id,
          answers: JSON.stringify(answers),
          item_scores: itemScoresOf(survey.questions, answers),
          nps: next() < 0.9 ? Math.floor(next() * 11) : null,
          csat: next() < 0.7 ? 1 + Math.floor(next() * 5) : null,
          ces: null,
          comment: null,
          locale: 'zh-CN',
          channel: next() < 0.5 ? 'link' : 'qr',
          segments: '{}',
          submitted_at: at,
          local_day: localDayOf(at, TZ),
          duration_ms: null,
          quality_flags: next() < 0.05 ? 'pilot' : '',
          invitation_id: null,
          unit_id: next() < 0.1 ? null : units[Math.floor(next() * units.length)]!,
        }
      })
      await insertResponseRows(ctx.store.db, rows)
    }
  })

  it('gives back exactly the aggregates the insert path kept, for its organisation only', async () => {
    const [rebuilt, untouched] = orgIds as [string, string]
    const kept = await aggregates(rebuilt)
    const others = await aggregates(untouched)
    expect(kept.response_unit_daily_csm!.length).toBeGreaterThan(10)
    expect(kept.response_unit_daily_servqual!.length).toBeGreaterThan(10)
    // Damage: a unit's monthly row gone, every daily count of a day doubled, a CSM row off by one.
    await sql`delete from response_unit_monthly_counts where org_id = ${rebuilt} and unit_id = (select min(unit_id) from response_unit_monthly_counts where org_id = ${rebuilt})`.execute(
      ctx.store.db,
    )
    await sql`update response_daily_counts set responses = responses * 2 where org_id = ${rebuilt}`.execute(
      ctx.store.db,
    )
    await sql`update response_unit_daily_csm set csm_0 = csm_0 + 1 where org_id = ${rebuilt}`.execute(
      ctx.store.db,
    )
    expect(await aggregates(rebuilt)).not.toEqual(kept)

    const report = await rebuildAnswerRollups(scopeOf(rebuilt))
    expect(report.answers).toBe(150)
    expect(report.dailyRows).toBe(kept.response_daily_counts!.length)
    expect(await aggregates(rebuilt)).toEqual(kept)
    expect(await aggregates(untouched)).toEqual(others)
  })

  it('is refused to a reader limited to some units', async () => {
    const [rebuilt] = orgIds as [string]
    await expect(rebuildAnswerRollups(scopeOf(rebuilt, ['some-unit']))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    const viewer = {
      ...scopeOf(rebuilt),
      actor: { type: 'user' as const, id: 'u-v', role: 'viewer' as const },
    }
    await expect(rebuildAnswerRollups(viewer)).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })
})
