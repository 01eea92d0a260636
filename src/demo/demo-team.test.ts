import { expect, it } from 'vitest'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import { listUsers } from '../auth/user.service.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { checkDemoTeam, loadDemoTeam } from './demo-team.js'

const NOW = Date.parse('2026-11-23T04:00:00Z')

describeEachDialect('the demo team', (ctx) => {
  it('has a security administrator and an auditor beside the service department', async () => {
    await bootstrapFirstAdmin(ctx.store.db, 'demo@test.local', 'demo-password-1', NOW)
    const scope = (await systemScopeOfFirstOrg(ctx.store.db, ctx.store.features, NOW))!
    await checkDemoTeam(scope)
    const team = await loadDemoTeam(scope, '华东1号店')
    const users = await listUsers(scope)
    const byId = new Map(users.map((u) => [u.id, u]))
    expect(byId.get(team.securityAdminId)).toMatchObject({
      email: 'sun.demo@manyi.local',
      role: 'security_admin',
      department: null,
      supervisorId: null,
    })
    expect(byId.get(team.auditorId)).toMatchObject({
      email: 'zhou.demo@manyi.local',
      role: 'auditor',
      department: null,
    })
    expect(team.agentIds.map((id) => byId.get(id)!.role)).toEqual([
      'agent',
      'agent',
      'agent',
      'agent',
    ])
    expect(byId.get(team.supervisorId)).toMatchObject({
      role: 'supervisor',
      department: '华东1号店',
    })
    // Loading again reuses every persona.
    expect(await loadDemoTeam(scope, '华东1号店')).toEqual(team)
    expect(await listUsers(scope)).toHaveLength(users.length)
  })
})
