import { beforeAll, expect, it } from 'vitest'
import { createUser } from '../auth/auth.service.js'
import type { Role, Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createFeedback } from '../feedback/feedback.service.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { bulkAssignCases, bulkCloseCases, listCaseOwners } from './case-bulk.service.js'
import { getCase } from './case-query.service.js'
import { recordRecovery, transitionCase } from './case-workflow.service.js'

// Working many cases at once through the bulk service on both stores: each case changes on its
// own, the answer says what became of every one in the order asked, a case of another
// organisation is "not found" without its number, and only supervisors may do it.

const T0 = Date.UTC(2026, 6, 20, 2, 0)
const PASSWORD = 'Bulk-test-passw0rd!'

describeEachDialect('case bulk service', (ctx) => {
  let orgId: string
  let otherOrgId: string
  let agentId: string
  let foreignCaseId: string

  const as = (role: Role, org = orgId, id = `u-${role}`): Scope => ({
    db: ctx.store.db,
    features: ctx.store.features,
    orgId: org,
    actor: { type: 'user', id, role },
    now: T0,
  })
  const complaint = async (text: string, org = orgId) =>
    (await createFeedback(as('admin', org), { kind: 'complaint', channel: 'hotline', text }))
      .caseId!

  beforeAll(async () => {
    orgId = (await createOrganisation(ctx.store.db, 'Bulk', T0)).id
    otherOrgId = (await createOrganisation(ctx.store.db, 'Other', T0)).id
    agentId = await createUser(
      as('admin'),
      { email: 'zhang@bulk.test', displayName: '张三', password: PASSWORD, role: 'agent' },
      T0,
    )
    await createUser(
      as('admin'),
      { email: 'li@bulk.test', displayName: '李四', password: PASSWORD, role: 'supervisor' },
      T0,
    )
    await createUser(
      as('admin'),
      { email: 'wang@bulk.test', displayName: '王五', password: PASSWORD, role: 'analyst' },
      T0,
    )
    await createUser(
      as('admin', otherOrgId),
      { email: 'zhao@other.test', displayName: '赵六', password: PASSWORD, role: 'agent' },
      T0,
    )
    foreignCaseId = await complaint('别家的投诉', otherOrgId)
  })

  it("lists the organisation's active agents and supervisors as owners, by name", async () => {
    const { owners } = await listCaseOwners(as('agent'))
    expect(owners.map((o) => [o.name, o.role])).toEqual([
      ['李四', 'supervisor'],
      ['张三', 'agent'],
    ])
    await expect(listCaseOwners(as('analyst'))).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })

  it('assigns each case on its own and says what became of every one, in order', async () => {
    const first = await complaint('等了很久')
    const second = await complaint('商品有瑕疵')
    const result = await bulkAssignCases(as('supervisor'), {
      caseIds: [first, foreignCaseId, second, 'no-such-case'],
      ownerId: agentId,
      department: '售后',
    })
    expect(result.succeeded).toBe(2)
    expect(result.failed).toBe(2)
    expect(result.results.map((r) => [r.id, r.ok, r.error?.code ?? null])).toEqual([
      [first, true, null],
      [foreignCaseId, false, 'CASE_NOT_FOUND'],
      [second, true, null],
      ['no-such-case', false, 'CASE_NOT_FOUND'],
    ])
    expect(result.results[0]!.number).toMatch(/^C-\d{6}$/)
    // Another organisation's case is not even named.
    expect(result.results[1]!.number).toBeNull()
    expect(await getCase(as('supervisor'), first)).toMatchObject({
      ownerId: agentId,
      ownerName: '张三',
      department: '售后',
    })
    expect((await getCase(as('supervisor', otherOrgId), foreignCaseId)).ownerId).toBeNull()
  })

  it('refuses an owner who cannot work cases, and roles below supervisor, changing nothing', async () => {
    const id = await complaint('无人处理')
    await expect(
      bulkAssignCases(as('supervisor'), { caseIds: [id], ownerId: 'u-nobody' }),
    ).rejects.toMatchObject({ code: 'USER_NOT_FOUND' })
    await expect(
      bulkAssignCases(as('agent'), { caseIds: [id], ownerId: agentId }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect((await getCase(as('supervisor'), id)).ownerId).toBeNull()
  })

  it('closes the followed-up cases; the others say why not', async () => {
    const done = await complaint('已回访')
    const open = await complaint('仍在处理')
    for (const status of ['acknowledged', 'investigating'])
      await transitionCase(as('supervisor'), done, { status }, () => {})
    await recordRecovery(as('supervisor'), done, { cause: 'wait_time' })
    await transitionCase(as('supervisor'), done, { status: 'resolved' }, () => {})
    await transitionCase(
      as('supervisor'),
      done,
      { status: 'followed_up', satisfied: true },
      () => {},
    )
    const result = await bulkCloseCases(as('supervisor'), {
      caseIds: [done, open],
      note: '批量结案',
    })
    expect(result).toMatchObject({ succeeded: 1, failed: 1 })
    expect(result.results[0]).toMatchObject({ id: done, ok: true, error: null })
    expect(result.results[1]).toMatchObject({ id: open, ok: false })
    expect(result.results[1]!.error?.code).toBe('CASE_TRANSITION_NOT_ALLOWED')
    expect((await getCase(as('supervisor'), done)).status).toBe('closed')
    expect((await getCase(as('supervisor'), open)).status).toBe('new')
  })
})
