import { beforeAll, expect, it } from 'vitest'
import { pageAudit } from '../audit/audit.service.js'
import type { Role, Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createFeedback } from '../feedback/feedback.service.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import {
  decideCompensation,
  grantCompensation,
  listPendingApprovals,
} from './compensation.service.js'

// Compensation through its service on both stores, with the default authority (an agent up to
// 200.00, a supervisor up to 2,000.00, an administrator without limit): granted within one's
// limit, refused above it naming the limit and the approver, or requested and then approved or
// rejected by someone else whose own limit covers it — audited, and never across organisations.

const T0 = Date.UTC(2026, 6, 8, 2, 0)

describeEachDialect('compensation service', (ctx) => {
  let orgId: string
  let otherOrgId: string

  const as = (role: Role, id: string, org = orgId): Scope => ({
    db: ctx.store.db,
    features: ctx.store.features,
    orgId: org,
    actor: { type: 'user', id, role },
    now: T0,
  })
  const agent = () => as('agent', 'u-agent')
  const supervisor = () => as('supervisor', 'u-sup')

  beforeAll(async () => {
    orgId = (await createOrganisation(ctx.store.db, 'Compensation', T0)).id
    otherOrgId = (await createOrganisation(ctx.store.db, 'Other', T0)).id
  })

  /** A case of its own for each test, so they hold in any order. */
  async function newCase(): Promise<string> {
    const stored = await createFeedback(as('admin', 'u-admin'), {
      kind: 'complaint',
      channel: 'hotline',
      text: '商品破损',
    })
    return stored.caseId!
  }

  it("grants within the agent's limit, and an apology whatever the role", async () => {
    const caseId = await newCase()
    const detail = await grantCompensation(agent(), caseId, {
      kind: 'voucher',
      amount: 5_000,
      note: '五十元代金券',
    })
    expect(detail.compensations).toEqual([
      expect.objectContaining({ kind: 'voucher', amount: 5_000, status: 'granted' }),
    ])
    expect(detail.events.at(-1)).toMatchObject({
      type: 'compensation',
      body: '五十元代金券',
      detail: { kind: 'voucher', amount: 5_000, status: 'granted' },
    })
    const apology = await grantCompensation(agent(), caseId, { kind: 'apology' })
    expect(apology.compensations.map((c) => c.status)).toEqual(['granted', 'granted'])
    await expect(
      grantCompensation(agent(), caseId, { kind: 'apology', amount: 100 }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' })
  })

  it('refuses above the limit, naming it and the approver, unless approval is asked for', async () => {
    const caseId = await newCase()
    await expect(
      grantCompensation(agent(), caseId, { kind: 'refund', amount: 30_000 }),
    ).rejects.toMatchObject({
      code: 'COMPENSATION_ABOVE_AUTHORITY',
      extra: { limit: 20_000, amount: 30_000, role: 'agent', approverRole: 'supervisor' },
    })
    const requested = await grantCompensation(agent(), caseId, {
      kind: 'refund',
      amount: 30_000,
      requestApproval: true,
    })
    const pending = requested.compensations.find((c) => c.status === 'pending_approval')
    expect(pending).toMatchObject({ kind: 'refund', amount: 30_000 })

    const queue = await listPendingApprovals(supervisor())
    expect(queue.filter((p) => p.caseId === caseId)).toEqual([
      expect.objectContaining({ id: pending!.id, amount: 30_000, caseNumber: requested.number }),
    ])
    // Not by the requester, not by a role that cannot supervise, not from another organisation.
    await expect(
      decideCompensation(as('supervisor', 'u-agent'), pending!.id, true),
    ).rejects.toMatchObject({ code: 'APPROVAL_BY_REQUESTER' })
    await expect(decideCompensation(agent(), pending!.id, true)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    await expect(
      decideCompensation(as('supervisor', 'u-sup', otherOrgId), pending!.id, true),
    ).rejects.toMatchObject({ code: 'COMPENSATION_NOT_FOUND' })
    expect(await listPendingApprovals(as('supervisor', 'u-sup', otherOrgId))).toEqual([])

    const approved = await decideCompensation(supervisor(), pending!.id, true)
    expect(approved.compensations.find((c) => c.id === pending!.id)?.status).toBe('approved')
    expect((await listPendingApprovals(supervisor())).map((p) => p.id)).not.toContain(pending!.id)
    await expect(decideCompensation(supervisor(), pending!.id, false)).rejects.toMatchObject({
      code: 'COMPENSATION_DECIDED',
    })

    const audit = await pageAudit(as('admin', 'u-admin'), { action: 'compensation.*' })
    const ofCase = audit.entries.filter((e) => e.entityId === caseId)
    expect(ofCase.map((e) => e.action).sort()).toEqual([
      'compensation.approved',
      'compensation.request',
    ])
  })

  it("an approval beyond the approver's own limit is refused; a rejection is not", async () => {
    const caseId = await newCase()
    const requested = await grantCompensation(supervisor(), caseId, {
      kind: 'refund',
      amount: 300_000,
      requestApproval: true,
    })
    const pending = requested.compensations.find((c) => c.status === 'pending_approval')!
    await expect(
      decideCompensation(as('supervisor', 'u-sup-2'), pending.id, true),
    ).rejects.toMatchObject({ code: 'COMPENSATION_ABOVE_AUTHORITY' })
    const rejected = await decideCompensation(as('supervisor', 'u-sup-2'), pending.id, false)
    expect(rejected.compensations.find((c) => c.id === pending.id)?.status).toBe('rejected')
    // An administrator has no limit: a new request goes through.
    const granted = await grantCompensation(as('admin', 'u-admin'), caseId, {
      kind: 'refund',
      amount: 300_000,
    })
    expect(granted.compensations.at(-1)).toMatchObject({ amount: 300_000, status: 'granted' })
  })
})
