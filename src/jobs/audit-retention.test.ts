import { sql } from 'kysely'
import { expect, it } from 'vitest'
import { recordAudit } from '../audit/audit.service.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { auditRetentionJob } from './audit-retention.js'
import { JobRegistry } from './job-registry.js'

const T0 = Date.parse('2026-01-01T00:00:00Z')
const DAY = 86_400_000

describeEachDialect('the audit-retention job', (ctx) => {
  it('runs hourly under its name and purges each organisation by its own policy', async () => {
    const job = auditRetentionJob(ctx.store.db)
    const registry = new JobRegistry([job])
    expect(registry.names).toEqual(['audit-retention'])
    expect(job.everyMs).toBe(3_600_000)
    registry.started('audit-retention', T0)
    expect(registry.isDue('audit-retention', T0 + 3_599_999)).toBe(false)
    expect(registry.isDue('audit-retention', T0 + 3_600_000)).toBe(true)

    const actor = { type: 'user' as const, id: 'u-1', role: 'admin' as const }
    const a = await createOrganisation(ctx.store.db, 'Keeps 180 days', T0)
    const b = await createOrganisation(ctx.store.db, 'Keeps a year', T0)
    for (const org of [a, b]) {
      // Day 0 and day 100.
      for (const day of [0, 100])
        await recordAudit(
          ctx.store.db,
          { orgId: org.id, actor, now: T0 + day * DAY },
          {
            action: 'survey.update',
            entity: 'survey',
            entityId: `s-${day}`,
          },
        )
    }
    await sql`update audit_chains set retention_days = 365 where org_id = ${b.id}`.execute(
      ctx.store.db,
    )
    // 200 days on: a's day-0 entry is past 180 days, b keeps both.
    const result = await job.run(T0 + 200 * DAY, new AbortController().signal)
    expect(result).toMatchObject({ purged: 1 })
    const left = await sql<{ org_id: string; action: string; entity_id: string }>`
      select org_id, action, entity_id from audit_log
      where org_id in (${a.id}, ${b.id}) order by org_id, seq`.execute(ctx.store.db)
    const byOrg = (id: string) =>
      left.rows.filter((r) => r.org_id === id).map((r) => `${r.action} ${r.entity_id}`)
    expect(byOrg(a.id)).toEqual(['survey.update s-100', `audit.purge ${a.id}`])
    expect(byOrg(b.id)).toEqual(['survey.update s-0', 'survey.update s-100'])
  })
})
