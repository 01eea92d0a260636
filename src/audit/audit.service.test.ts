import { beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { pageAudit, recordAudit } from './audit.service.js'

// The audit log through its service on both stores: entries come back newest first as the API
// shows them, pages follow each other without overlap, an action family and local dates (the
// organisation's zone, Asia/Shanghai here) filter, and a bad cursor is refused.

/** 2026-06-01 00:30 in Shanghai is 2026-05-31 16:30 UTC: a local date differs from the UTC date. */
const JUNE_1_LOCAL = Date.UTC(2026, 4, 31, 16, 30)
const HOUR = 3_600_000

describeEachDialect('audit service', (ctx) => {
  let scope: Scope

  beforeAll(async () => {
    const organisation = await createOrganisation(
      ctx.store.db,
      'Audit test',
      JUNE_1_LOCAL,
      'Asia/Shanghai',
    )
    scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: organisation.id,
      actor: { type: 'user', id: 'u-audit', role: 'admin' },
      now: JUNE_1_LOCAL,
    }
    // Five entries an hour apart, the first on June 1 (local), the last two on June 2 (local).
    const entries = [
      { action: 'survey.create', entityId: 's1' },
      { action: 'survey.publish', entityId: 's1' },
      { action: 'case.assign', entityId: 'c1' },
      { action: 'survey.close', entityId: 's1' },
      { action: 'feedback.create', entityId: 'f1' },
    ]
    for (const [i, entry] of entries.entries()) {
      const now = i < 3 ? JUNE_1_LOCAL + i * HOUR : JUNE_1_LOCAL + 24 * HOUR + i * HOUR
      await recordAudit(
        scope.db,
        { ...scope, now },
        {
          ...entry,
          entity: entry.action.split('.')[0]!,
          detail: { step: i },
        },
      )
    }
    // Another organisation's entry never shows.
    const other = await createOrganisation(ctx.store.db, 'Other', JUNE_1_LOCAL)
    await recordAudit(
      scope.db,
      { ...scope, orgId: other.id },
      { action: 'survey.create', entity: 'survey', entityId: 'elsewhere' },
    )
  })

  it('pages the log newest first, as the API shows it, without overlap', async () => {
    const first = await pageAudit(scope, { limit: '2' })
    expect(first.entries.map((e) => e.action)).toEqual(['feedback.create', 'survey.close'])
    expect(first.entries[0]).toMatchObject({
      actorType: 'user',
      actorId: 'u-audit',
      entity: 'feedback',
      entityId: 'f1',
      detail: { step: 4 },
      createdAt: new Date(JUNE_1_LOCAL + 28 * HOUR).toISOString(),
    })
    expect(first.nextCursor).not.toBeNull()

    const second = await pageAudit(scope, { limit: 2, cursor: first.nextCursor })
    expect(second.entries.map((e) => e.action)).toEqual(['case.assign', 'survey.publish'])
    const last = await pageAudit(scope, { limit: 2, cursor: second.nextCursor })
    expect(last.entries.map((e) => e.action)).toEqual(['survey.create'])
    expect(last.nextCursor).toBeNull()
  })

  it('filters by action family and by local dates of the organisation', async () => {
    const surveys = await pageAudit(scope, { action: 'survey.*' })
    expect(surveys.entries.map((e) => e.action)).toEqual([
      'survey.close',
      'survey.publish',
      'survey.create',
    ])
    const exact = await pageAudit(scope, { action: 'case.assign, feedback.create' })
    expect(exact.entries.map((e) => e.entityId)).toEqual(['f1', 'c1'])
    // June 1 in Shanghai: the first three, although the first one is May 31 in UTC.
    const june1 = await pageAudit(scope, { from: '2026-06-01', to: '2026-06-01' })
    expect(june1.entries.map((e) => e.detail.step)).toEqual([2, 1, 0])
    const june2 = await pageAudit(scope, { from: '2026-06-02' })
    expect(june2.entries.map((e) => e.detail.step)).toEqual([4, 3])
  })

  it('refuses a cursor it did not give, and an action filter that is not one', async () => {
    await expect(pageAudit(scope, { cursor: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'cursor' }],
    })
    await expect(pageAudit(scope, { action: 'survey.create, DROP' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'action.1' }],
    })
  })
  it('filters actions with hyphens in their names, singly and as a family', async () => {
    const org = await createOrganisation(ctx.store.db, 'Hyphens', JUNE_1_LOCAL)
    const own = { ...scope, orgId: org.id }
    for (const action of ['personal-data.reveal', 'personal-data.export', 'case.assign'])
      await recordAudit(own.db, own, { action, entity: 'case', entityId: 'c9' })
    const one = await pageAudit(own, { action: 'personal-data.reveal' })
    expect(one.entries.map((e) => e.action)).toEqual(['personal-data.reveal'])
    const family = await pageAudit(own, { action: 'personal-data.*' })
    expect(family.entries.map((e) => e.action).sort()).toEqual([
      'personal-data.export',
      'personal-data.reveal',
    ])
  })
})
