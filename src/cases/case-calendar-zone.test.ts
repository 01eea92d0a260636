import { beforeAll, expect, it } from 'vitest'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createFeedback } from '../feedback/feedback.service.js'
import { nameOrganisation } from '../organisations/organisation-profile.service.js'
import { loadCaseConfig } from './case-config.js'
import { getCaseConfig, updateCaseConfig } from './case-config.service.js'

// 2026-06-15 04:00 UTC: 12:00 in Shanghai (working time), 05:00 in London (before 09:00).
const NOW = Date.parse('2026-06-15T04:00:00Z')

describeEachDialect('the business calendar keeps the organisation’s time zone', (ctx) => {
  let scope: Scope
  let n = 0
  const setZone = (timezone: string) => nameOrganisation(scope, { name: '伦敦分部', timezone })
  /** A complaint now: high priority, first response due 60 working minutes later. */
  const complaintDue = async () => {
    const stored = await createFeedback(scope, {
      channel: 'hotline',
      text: '客服电话打不通',
      externalId: `zone-${++n}`,
    })
    const row = await ctx.store.db
      .selectFrom('cases')
      .select('first_response_due')
      .where('id', '=', stored.caseId!)
      .executeTakeFirstOrThrow()
    return new Date(Number(row.first_response_due)).toISOString()
  }

  beforeAll(async () => {
    await bootstrapFirstAdmin(ctx.store.db, 'zone@test.local', 'zone-password-1', NOW)
    scope = (await systemScopeOfFirstOrg(ctx.store.db, ctx.store.features, NOW))!
  })

  it('due times follow the zone set on the organisation’s settings page, at once', async () => {
    await setZone('Asia/Shanghai')
    expect(await complaintDue()).toBe('2026-06-15T05:00:00.000Z')
    await setZone('Europe/London')
    // The calendar opens at 09:00 London (08:00 UTC): due an hour later.
    expect(await complaintDue()).toBe('2026-06-15T09:00:00.000Z')
    expect((await loadCaseConfig(scope)).calendar).toMatchObject({
      timezone: 'Europe/London',
      ownTimezone: false,
    })
    await setZone('Asia/Shanghai')
  })

  it('a calendar overrides the zone only explicitly (ownTimezone), and a stray zone is ignored', async () => {
    await setZone('Asia/Shanghai')
    const config = await getCaseConfig(scope)
    const stray = await updateCaseConfig(scope, {
      ...config,
      calendar: { ...config.calendar, timezone: 'Europe/London' },
    })
    expect(stray.calendar).toMatchObject({ timezone: 'Asia/Shanghai', ownTimezone: false })
    expect(await complaintDue()).toBe('2026-06-15T05:00:00.000Z')

    const own = await updateCaseConfig(scope, {
      ...config,
      calendar: { ...config.calendar, timezone: 'Europe/London', ownTimezone: true },
    })
    expect(own.calendar).toMatchObject({ timezone: 'Europe/London', ownTimezone: true })
    expect(await complaintDue()).toBe('2026-06-15T09:00:00.000Z')
    await updateCaseConfig(scope, config)
    expect((await getCaseConfig(scope)).calendar.timezone).toBe('Asia/Shanghai')
  })
})
