import { beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createFeedback } from '../feedback/feedback.service.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { loadCaseConfig } from './case-intake.service.js'
import {
  caseIdsByFeedback,
  findCaseSummaryFields,
  orgIdByPublicFormKey,
} from './case-lookup.service.js'
import { getCase } from './case-query.service.js'

// What other domains look up about cases through the lookup service, on both stores: the case
// each feedback record opened (a complaint a complaint case, praise a praise work item), what the complaint form tells the customer (for the case's own
// organisation only), and the organisation behind a public complaint form's key.

const T0 = Date.UTC(2026, 6, 26, 2, 0)

describeEachDialect('case lookup service', (ctx) => {
  let scope: Scope
  let otherScope: Scope

  const scopeOf = (orgId: string): Scope => ({
    db: ctx.store.db,
    features: ctx.store.features,
    orgId,
    actor: { type: 'user', id: 'u-admin', role: 'admin' },
    now: T0,
  })

  beforeAll(async () => {
    scope = scopeOf((await createOrganisation(ctx.store.db, 'Lookup', T0)).id)
    otherScope = scopeOf((await createOrganisation(ctx.store.db, 'Other', T0)).id)
  })

  it('maps feedback to the case it opened (praise a praise work item), and what the customer is told of it', async () => {
    const complaint = await createFeedback(scope, { kind: 'complaint', text: '快递丢件' })
    const praise = await createFeedback(scope, { kind: 'praise', text: '很好' })
    expect(praise.caseId).toEqual(expect.any(String))
    expect(praise.caseId).not.toBe(complaint.caseId)
    const cases = await caseIdsByFeedback(ctx.store.db, [
      complaint.feedback.id,
      praise.feedback.id,
      'no-such-feedback',
    ])
    expect(cases).toEqual(
      new Map([
        [complaint.feedback.id, complaint.caseId],
        [praise.feedback.id, praise.caseId],
      ]),
    )
    expect(await getCase(scope, complaint.caseId!)).toMatchObject({
      kind: 'complaint',
      reason: 'complaint',
      priority: 'high',
    })
    expect(await getCase(scope, praise.caseId!)).toMatchObject({
      kind: 'praise',
      reason: 'praise',
      priority: 'normal',
    })

    const detail = await getCase(scope, complaint.caseId!)
    expect(await findCaseSummaryFields(scope, complaint.caseId!)).toEqual({
      number: detail.number,
      firstResponseDue: Date.parse(detail.firstResponseDue!),
    })
    expect(await findCaseSummaryFields(otherScope, complaint.caseId!)).toBeUndefined()
    expect(await caseIdsByFeedback(ctx.store.db, [])).toEqual(new Map())
  })

  it("finds the organisation behind its public form's key, and no other", async () => {
    const key = (await loadCaseConfig(scope)).publicFormKey
    const otherKey = (await loadCaseConfig(otherScope)).publicFormKey
    expect(key).toMatch(/^[A-Za-z0-9_-]{8,64}$/)
    expect(otherKey).not.toBe(key)
    expect(await orgIdByPublicFormKey(ctx.store.db, key!)).toBe(scope.orgId)
    expect(await orgIdByPublicFormKey(ctx.store.db, otherKey!)).toBe(otherScope.orgId)
    expect(await orgIdByPublicFormKey(ctx.store.db, 'unknown-form-key')).toBeUndefined()
  })
})
