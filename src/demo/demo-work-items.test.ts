import { expect, it } from 'vitest'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import { listUsers } from '../auth/user.service.js'
import { listCases } from '../cases/case.service.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { loadDemoWorkItems } from './demo-work-items.js'

const NOW = Date.parse('2026-11-23T04:00:00Z')

describeEachDialect('the demo work items', (ctx) => {
  it('loads inquiries and suggestions, one adopted into a plan and one declined', async () => {
    await bootstrapFirstAdmin(ctx.store.db, 'demo@test.local', 'demo-password-1', NOW)
    const system = (await systemScopeOfFirstOrg(ctx.store.db, ctx.store.features, NOW))!
    const [admin] = await listUsers(system)
    const scope = { ...system, actor: { ...system.actor, type: 'user' as const, id: admin!.id } }
    expect(await loadDemoWorkItems(scope)).toBe(6)
    const inquiries = await listCases(scope, { kind: 'inquiry' })
    expect(inquiries.total).toBe(3)
    const suggestions = (await listCases(scope, { kind: 'suggestion' })).cases
    expect(suggestions.map((c) => c.status).sort()).toEqual(['new', 'resolved', 'resolved'])
  })
})
