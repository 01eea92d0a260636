import { beforeAll, expect, it } from 'vitest'
import { pageAudit } from '../audit/audit.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { getCase } from '../cases/case-query.service.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { createFeedback, getAttachment, getFeedback } from './feedback.service.js'

// Feedback through its service on both stores: a record as the API shows it, its attachment's
// bytes (downloads audited), the same external id stored once (a suggestion opening a suggestion case), and the refusals (bad input,
// unknown id, a role without the permission).

const T0 = Date.UTC(2026, 5, 4, 6, 0)
const PDF = Buffer.from('%PDF-1.4\n% receipt\n')

describeEachDialect('feedback service', (ctx) => {
  let scope: Scope

  beforeAll(async () => {
    const organisation = await createOrganisation(ctx.store.db, 'Feedback test', T0)
    scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: organisation.id,
      actor: { type: 'user', id: 'u-agent', role: 'admin' },
      now: T0,
    }
  })

  it('stores a record once per external id and shows it with its attachment', async () => {
    const input = {
      channel: 'hotline',
      kind: 'suggestion',
      text: '希望门店延长营业时间',
      customer: { name: '周先生', email: 'Zhou@Example.com', phone: '13800138000' },
      rating: 4,
      store: '徐汇店',
      externalId: 'hotline-42',
      receivedAt: '2026-06-04T05:30:00.000Z',
      attachments: [{ filename: 'receipt.pdf', contentBase64: PDF.toString('base64') }],
    }
    const stored = await createFeedback(scope, input)
    expect(stored.created).toBe(true)
    expect(stored.feedback).toMatchObject({
      channel: 'hotline',
      kind: 'suggestion',
      text: '希望门店延长营业时间',
      customer: { ref: null, name: '周先生', email: 'zhou@example.com', phone: '13800138000' },
      rating: 4,
      csat: 4,
      nps: null,
      store: '徐汇店',
      department: null,
      surveyId: null,
      receivedAt: '2026-06-04T05:30:00.000Z',
    })
    expect(stored.feedback.attachments).toEqual([
      {
        id: expect.any(String),
        filename: 'receipt.pdf',
        contentType: 'application/pdf',
        size: PDF.length,
      },
    ])
    expect(await getFeedback(scope, stored.feedback.id)).toEqual(stored.feedback)
    // A suggestion is a work item: it opens a case of its own kind.
    expect(stored.caseId).toEqual(expect.any(String))
    expect(await getCase(scope, stored.caseId!)).toMatchObject({
      kind: 'suggestion',
      reason: 'suggestion',
      status: 'new',
      feedbackId: stored.feedback.id,
    })

    // The same source id again: nothing new, the record as stored.
    const again = await createFeedback({ ...scope, now: T0 + 1000 }, { ...input, text: 'changed' })
    expect(again).toMatchObject({
      created: false,
      feedback: { id: stored.feedback.id },
      caseId: stored.caseId,
    })
    expect(again.feedback.text).toBe('希望门店延长营业时间')

    const attachment = await getAttachment(scope, stored.feedback.attachments[0]!.id)
    expect(attachment).toEqual({
      filename: 'receipt.pdf',
      contentType: 'application/pdf',
      data: PDF,
    })
    const audit = await pageAudit(scope, { action: 'feedback.create,attachment.download' })
    expect(audit.entries.map((e) => [e.action, e.entityId])).toEqual([
      ['attachment.download', stored.feedback.attachments[0]!.id],
      ['feedback.create', stored.feedback.id],
    ])
    expect(audit.entries[1]!.detail).toEqual({
      channel: 'hotline',
      kind: 'suggestion',
      caseId: stored.caseId,
    })
  })

  it('refuses bad input, unknown ids and a role without the permission', async () => {
    await expect(
      createFeedback(scope, { text: '  ', customer: { email: 'not-an-address' } }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: expect.arrayContaining([
        expect.objectContaining({ path: 'text' }),
        expect.objectContaining({ path: 'customer.email' }),
      ]),
    })
    await expect(getFeedback(scope, 'no-such-feedback')).rejects.toMatchObject({
      code: 'FEEDBACK_NOT_FOUND',
    })
    await expect(getAttachment(scope, 'no-such-attachment')).rejects.toMatchObject({
      code: 'ATTACHMENT_NOT_FOUND',
    })
    const viewer: Scope = { ...scope, actor: { type: 'user', id: 'u-viewer', role: 'viewer' } }
    await expect(createFeedback(viewer, { text: '看看' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
  })
})
