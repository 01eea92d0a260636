import { beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { newId } from '../shared/ids.js'
import { insertCase, nextCaseNumber } from './case.repository.js'
import type { CaseRecord } from './case-record.js'
import { addCaseMessage, transitionCase } from './case-workflow.service.js'

// Working a case leaves work for the background jobs in two cases only: a resolved case's
// follow-up and a reply to be e-mailed. The service wakes the jobs itself, after its transaction.

const NOW = Date.UTC(2026, 5, 2, 3, 0)

describeEachDialect('case workflow service', (ctx) => {
  let scope: Scope

  /** A case on feedback with (or without) an e-mail address, in the given status. */
  async function openCase(email: string | null, status: CaseRecord['status']): Promise<string> {
    const feedbackId = newId(NOW)
    await scope.db
      .insertInto('feedback')
      .values({
        id: feedbackId,
        org_id: scope.orgId,
        channel: 'hotline',
        kind: 'complaint',
        customer_ref: null,
        customer_name: '陈女士',
        customer_email: email,
        customer_phone: null,
        text: '等了一个小时',
        rating: null,
        nps: null,
        csat: null,
        store: null,
        department: null,
        survey_id: null,
        response_id: null,
        external_id: null,
        created_by: 'test',
        received_at: NOW,
        created_at: NOW,
      })
      .execute()
    const id = newId(NOW)
    await insertCase(scope.db, {
      id,
      orgId: scope.orgId,
      number: await nextCaseNumber(scope.db, scope.orgId),
      feedbackId,
      title: '等了一个小时',
      reason: 'complaint',
      priority: 'normal',
      status,
      department: null,
      ownerId: null,
      customerRef: null,
      store: null,
      channel: 'hotline',
      topic: null,
      cause: 'wait_time',
      responsibility: null,
      assessedLoss: null,
      firstResponseDue: NOW + 3_600_000,
      resolutionDue: NOW + 86_400_000,
      firstRespondedAt: null,
      resolvedAt: null,
      followedUpAt: null,
      closedAt: null,
      warnedAt: null,
      escalatedAt: null,
      escalatedTo: null,
      followUpInvitationId: null,
      followUpResponseId: null,
      followUpSatisfied: null,
      reopened: 0,
      createdAt: NOW - 60_000,
      updatedAt: NOW - 60_000,
    })
    return id
  }

  /** A wake-up that counts its calls. */
  function counter() {
    const wake = Object.assign(() => void wake.calls++, { calls: 0 })
    return wake
  }

  beforeAll(async () => {
    const org = await createOrganisation(ctx.store.db, 'Workflow test', NOW)
    scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: org.id,
      actor: { type: 'user', id: 'agent-1', role: 'agent' },
      now: NOW,
    }
  })

  it('wakes the jobs for a reply to e-mail, not for a note or a reply with no address', async () => {
    const withAddress = await openCase('chen@example.com', 'acknowledged')
    const noAddress = await openCase(null, 'acknowledged')
    const wake = counter()
    await addCaseMessage(scope, withAddress, { visibility: 'internal', body: '先查排班' }, wake)
    expect(wake.calls).toBe(0)
    const noMail = await addCaseMessage(
      scope,
      noAddress,
      { visibility: 'customer', body: '抱歉' },
      wake,
    )
    expect(wake.calls).toBe(0)
    expect(noMail.events.at(-1)).toMatchObject({ type: 'reply', delivery: 'none' })
    const mailed = await addCaseMessage(
      scope,
      withAddress,
      { visibility: 'customer', body: '抱歉' },
      wake,
    )
    expect(wake.calls).toBe(1)
    expect(mailed.events.at(-1)).toMatchObject({ type: 'reply', delivery: 'pending' })
    expect(mailed.firstRespondedAt).toBe(new Date(NOW).toISOString())
  })

  it('wakes the jobs when a case is resolved, and only then', async () => {
    const id = await openCase('chen@example.com', 'acknowledged')
    const wake = counter()
    await transitionCase(scope, id, { status: 'investigating' }, wake)
    expect(wake.calls).toBe(0)
    const resolved = await transitionCase(scope, id, { status: 'resolved' }, wake)
    expect(wake.calls).toBe(1)
    expect(resolved.status).toBe('resolved')
    // No follow-up survey is configured: the timeline says so.
    expect(resolved.events.at(-1)).toMatchObject({
      type: 'follow_up_skipped',
      detail: { reason: 'no follow-up survey is configured' },
    })
  })
})
