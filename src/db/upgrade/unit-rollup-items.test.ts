import { Migrator, sql } from 'kysely'
import { expect, it } from 'vitest'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../../auth/bootstrap.js'
import { insertResponseRows } from '../../responses/response-insert.js'
import { buildResponseRow } from '../../responses/response-row.js'
import { createSurvey, publishSurvey } from '../../surveys/survey.service.js'
import { createUnit } from '../../units/unit.service.js'
import { MIGRATIONS, migrateToLatest } from '../migrate.js'
import { describeEachDialect } from '../test-dialects.js'
import { retryBesideOtherTests } from '../test-store.js'

const NOW = Date.parse('2026-06-15T04:00:00Z')
const DAY_MS = 86_400_000

const TABLES = [
  'response_unit_monthly_counts',
  'response_unit_daily_csm',
  'response_unit_daily_servqual',
] as const

describeEachDialect(
  'migration 0026: the monthly, CSM and SERVQUAL unit roll-ups are filled from what is stored',
  (ctx) => {
    it('fills them exactly as the answer path keeps them', async () => {
      const db = ctx.store.db
      await bootstrapFirstAdmin(db, 'm26@test.local', 'm26-password-123', NOW - 90 * DAY_MS)
      const scope = (await systemScopeOfFirstOrg(db, ctx.store.features, NOW - 90 * DAY_MS))!
      const hall = await createUnit(scope, { code: 'H1', nameZh: '营业厅一' })
      const other = await createUnit(scope, { code: 'H2', nameZh: '营业厅二' })
      const survey = await publishSurvey(
        scope,
        (
          await createSurvey(scope, {
            title: { 'zh-CN': '营业厅满意度' },
            questions: [
              { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' } },
              { key: 'hall', type: 'csm7', title: { 'zh-CN': '环境' } },
              {
                key: 'sq1',
                type: 'servqual',
                title: { 'zh-CN': '设施' },
                servqual: { dimension: 'tangibles', reversed: false },
              },
              {
                key: 'sq2',
                type: 'servqual',
                title: { 'zh-CN': '可靠' },
                servqual: { dimension: 'reliability', reversed: true },
              },
            ],
          })
        ).id,
      )
      const rows = Array.from({ length: 40 }, (_, i) =>
        buildResponseRow({
          survey,
          orgId: scope.orgId,
          timezone: 'Asia/Shanghai',
          answers: {
            nps: i % 11,
            hall: -60 + 20 * (i % 7),
            ...(i % 3 === 0
              ? {}
              : {
                  sq1: { expectation: 1 + (i % 7), perception: 1 + ((i * 3) % 7) },
                  sq2: { expectation: 1 + ((i * 5) % 7), perception: 1 + ((i + 2) % 7) },
                }),
          },
          clientResponseId: `m26-${i}`,
          locale: 'zh-CN',
          channel: 'link',
          segments: {},
          // Over three months, in two units, some without a unit, a few pilot answers.
          submittedAt: NOW - (i % 3) * 31 * DAY_MS - i * 3_600_000,
          unitId: i % 5 === 0 ? null : i % 2 ? hall.id : other.id,
          pilot: i % 13 === 0,
        }),
      )
      await insertResponseRows(db, rows)
      const read = async () =>
        Object.fromEntries(
          await Promise.all(
            TABLES.map(async (table) => {
              const result = await sql<
                Record<string, unknown>
              >`select * from ${sql.table(table)}`.execute(db)
              const normal = result.rows
                .map((r) =>
                  JSON.stringify(
                    Object.fromEntries(
                      Object.entries(r)
                        .sort(([a], [b]) => a.localeCompare(b))
                        .map(([k, v]) => [
                          k,
                          typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v,
                        ]),
                    ),
                  ),
                )
                .sort()
              return [table, normal] as const
            }),
          ),
        )
      const kept = await read()
      expect(kept.response_unit_monthly_counts!.length).toBeGreaterThanOrEqual(4)
      expect(kept.response_unit_daily_csm!.length).toBeGreaterThan(10)
      expect(kept.response_unit_daily_servqual!.length).toBeGreaterThan(10)

      const migrator = new Migrator({
        db,
        ...(ctx.store.pgSchema ? { migrationTableSchema: ctx.store.pgSchema } : {}),
        provider: { getMigrations: async () => MIGRATIONS },
        migrationTableName: 'manyi_migrations',
        migrationLockTableName: 'manyi_migrations_lock',
      })
      const names = Object.keys(MIGRATIONS)
      const before = names[names.indexOf('0026-unit-rollup-items') - 1]!
      const down = await retryBesideOtherTests(ctx.store.pgSchema, () => migrator.migrateTo(before))
      expect(down.error).toBeUndefined()
      expect((await migrateToLatest(ctx.store)).applied).toContain('0026-unit-rollup-items')
      expect(await read()).toEqual(kept)
    })
  },
)
