import { Migrator, sql } from 'kysely'
import { expect, it } from 'vitest'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../../auth/bootstrap.js'
import { type NewFeedback, storeFeedbackBatch } from '../../feedback/feedback-store.js'
import { createUnit } from '../../units/unit.service.js'
import { MIGRATIONS, migrateToLatest } from '../migrate.js'
import { describeEachDialect } from '../test-dialects.js'
import { retryBesideOtherTests } from '../test-store.js'

const NOW = Date.parse('2026-06-15T04:00:00Z')
const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000

const TABLES = ['feedback_unit_daily_counts', 'feedback_unit_monthly_counts'] as const

describeEachDialect(
  'migration 0036: the complaint roll-ups are filled from the stored feedback',
  (ctx) => {
    it('fills them exactly as the feedback path keeps them', async () => {
      const db = ctx.store.db
      await bootstrapFirstAdmin(db, 'm36@test.local', 'm36-password-123', NOW - 90 * DAY_MS)
      const scope = (await systemScopeOfFirstOrg(db, ctx.store.features, NOW - 90 * DAY_MS))!
      const hall = await createUnit(scope, { code: 'H1', nameZh: '营业厅一' })
      const other = await createUnit(scope, { code: 'H2', nameZh: '营业厅二' })
      const kinds = ['complaint', 'praise', 'complaint', 'suggestion', 'inquiry']
      // Over three months, every 7 hours (so across local midnights), two units and none.
      const rows: NewFeedback[] = Array.from({ length: 60 }, (_, i) => {
        const at = NOW - (i % 3) * 31 * DAY_MS - i * 7 * HOUR_MS
        return {
          org_id: scope.orgId,
          channel: 'hotline',
          kind: kinds[i % kinds.length]!,
          customer_ref: null,
          customer_name: null,
          customer_email: null,
          customer_phone: null,
          text: `来电 ${i}`,
          rating: null,
          nps: null,
          csat: null,
          store: null,
          unit_id: i % 4 === 0 ? null : i % 2 ? hall.id : other.id,
          department: null,
          survey_id: null,
          response_id: null,
          external_id: null,
          created_by: 'system:test',
          received_at: at,
        }
      })
      await storeFeedbackBatch(
        db,
        rows.map((values) => ({ values, attachments: [] })),
        { type: 'system', id: 'system:test' },
        NOW,
      )
      const read = async () =>
        Object.fromEntries(
          await Promise.all(
            TABLES.map(async (table) => {
              const result = await sql<
                Record<string, unknown>
              >`select org_id, unit_id, feedback, complaints, ${sql.raw(table === TABLES[0] ? 'local_day' : 'month')} as at from ${sql.table(table)}`.execute(
                db,
              )
              const normal = result.rows
                .map((r) =>
                  JSON.stringify(
                    Object.entries(r).map(([k, v]) => [
                      k,
                      typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v,
                    ]),
                  ),
                )
                .sort()
              return [table, normal] as const
            }),
          ),
        )
      const kept = await read()
      expect(kept.feedback_unit_daily_counts!.length).toBeGreaterThan(20)
      expect(kept.feedback_unit_monthly_counts!.length).toBeGreaterThanOrEqual(6)
      const totals = await sql<{ feedback: number | string; complaints: number | string }>`
        select sum(feedback) as feedback, sum(complaints) as complaints from feedback_unit_monthly_counts`.execute(
        db,
      )
      // 45 records with a unit (60 less every fourth), 18 of them complaints (i % 5 in {0, 2}).
      const withUnit = rows.filter((r) => r.unit_id)
      expect(withUnit).toHaveLength(45)
      expect(Number(totals.rows[0]!.feedback)).toBe(45)
      expect(Number(totals.rows[0]!.complaints)).toBe(
        withUnit.filter((r) => r.kind === 'complaint').length,
      )

      const migrator = new Migrator({
        db,
        ...(ctx.store.pgSchema ? { migrationTableSchema: ctx.store.pgSchema } : {}),
        provider: { getMigrations: async () => MIGRATIONS },
        migrationTableName: 'manyi_migrations',
        migrationLockTableName: 'manyi_migrations_lock',
      })
      const names = Object.keys(MIGRATIONS)
      const before = names[names.indexOf('0036-feedback-unit-rollups') - 1]!
      const down = await retryBesideOtherTests(ctx.store.pgSchema, () => migrator.migrateTo(before))
      expect(down.error).toBeUndefined()
      expect((await migrateToLatest(ctx.store)).applied).toContain('0036-feedback-unit-rollups')
      expect(await read()).toEqual(kept)
    })
  },
)
