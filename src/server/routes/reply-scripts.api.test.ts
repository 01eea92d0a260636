import { beforeAll, expect, it } from 'vitest'
import { type CaseRecord, toRow } from '../../cases/case-record.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { newId } from '../../shared/ids.js'
import { createTestApp, otherOrganisationAdmin, type TestApp } from '../test-app.js'

// The script library (话术, issue 19) on both stores: scripts per cause and channel with
// variables, the ones fitting a case, filling one in for a case's reply (counted), and the
// recovery rate of the resolved cases where each was used with its Wilson interval.

const HOUR = 3_600_000

describeEachDialect('reply scripts API', (ctx) => {
  let t: TestApp
  const admin = () => ({ cookie: t.adminCookie })
  const cases: Record<string, string> = {}

  /** Three cases of cause 停电 on the hotline: A recovered, B followed up unsatisfied, C open. */
  async function addCases() {
    const now = t.clock.now
    let number = 0
    const records = (
      [
        ['A', 'resolved', 1],
        ['B', 'resolved', 0],
        ['C', 'new', null],
      ] as const
    ).map(([letter, status, satisfied]): CaseRecord => {
      number += 1
      const createdAt = now - 2 * HOUR
      cases[letter] = newId(createdAt + number)
      return {
        id: cases[letter]!,
        orgId: t.orgId,
        number,
        feedbackId: newId(createdAt + 10 + number),
        title: `投诉 ${letter}`,
        reason: 'complaint',
        priority: 'normal',
        status,
        department: '客户服务部',
        ownerId: null,
        customerRef: null,
        store: null,
        channel: 'hotline',
        topic: null,
        cause: '停电',
        responsibility: null,
        assessedLoss: null,
        firstResponseDue: now + 4 * HOUR,
        resolutionDue: Date.parse('2026-12-01T10:00:00Z'),
        firstRespondedAt: null,
        resolvedAt: status === 'resolved' ? now - HOUR : null,
        followedUpAt: satisfied === null ? null : now - HOUR,
        closedAt: null,
        warnedAt: null,
        escalatedAt: null,
        escalatedTo: null,
        followUpInvitationId: null,
        followUpResponseId: null,
        followUpSatisfied: satisfied,
        reopened: 0,
        createdAt,
        updatedAt: createdAt,
      }
    })
    await ctx.store.db
      .insertInto('feedback')
      .values(
        records.map((r) => ({
          id: r.feedbackId,
          org_id: t.orgId,
          channel: r.channel,
          kind: 'complaint',
          customer_ref: null,
          customer_name: null,
          customer_email: null,
          customer_phone: null,
          text: r.title,
          rating: null,
          nps: null,
          csat: null,
          store: null,
          department: null,
          survey_id: null,
          response_id: null,
          external_id: null,
          created_by: 'test',
          received_at: r.createdAt,
          created_at: r.createdAt,
        })),
      )
      .execute()
    await ctx.store.db.insertInto('cases').values(records.map(toRow)).execute()
  }

  const post = (url: string, payload: object, headers = admin()) =>
    t.app.inject({ method: 'POST', url, headers, payload })
  const list = async (query = '', headers = admin()) =>
    (await t.app.inject({ method: 'GET', url: `/api/v1/reply-scripts${query}`, headers })).json()

  beforeAll(async () => {
    t = await createTestApp(ctx.store)
    await addCases()
  })

  it('keeps scripts per cause and channel, fills one in for a case and counts its recovery', async () => {
    const apology = await post('/api/v1/reply-scripts', {
      kind: 'apology',
      cause: '停电',
      title: '停电致歉',
      bodyZh: '尊敬的{customerName}，关于案件 {caseNumber}，我们将在 {deadline} 前处理完毕。',
      bodyEn: 'Dear {customerName}, case {caseNumber} will be settled by {deadline}.',
    })
    expect(apology.statusCode).toBe(201)
    const wechat = await post('/api/v1/reply-scripts', {
      kind: 'reply',
      channel: 'wechat',
      title: '微信回复',
      bodyZh: '您好，已收到。',
    })
    expect(wechat.statusCode).toBe(201)
    const retired = await post('/api/v1/reply-scripts', {
      kind: 'reply',
      title: '旧话术',
      bodyZh: '旧的说法',
      active: false,
    })
    const unknownVariable = await post('/api/v1/reply-scripts', {
      kind: 'reply',
      title: '错',
      bodyZh: '订单 {orderNo}',
    })
    expect(unknownVariable.statusCode).toBe(400)
    expect(JSON.stringify(unknownVariable.json())).toContain('customerName')

    // The hotline case of cause 停电 is offered only the apology (wechat is another channel).
    const fitting = await list(`?caseId=${cases.A}`)
    expect(fitting.scripts.map((s: { title: string }) => s.title)).toEqual(['停电致歉'])

    const id = apology.json().id as string
    const use = (caseId: string, locale = 'zh-CN') =>
      post(`/api/v1/reply-scripts/${id}/use`, { caseId, locale })
    const filled = await use(cases.A!)
    expect(filled.statusCode).toBe(200)
    // No customer name on the case: the neutral word, never the raw {customerName}.
    expect(filled.json().text).toBe(
      '尊敬的客户，关于案件 C-000001，我们将在 2026年12月1日 18:00 前处理完毕。',
    )
    const english = await use(cases.A!, 'en-US')
    expect(english.json().text).toBe(
      'Dear customer, case C-000001 will be settled by Dec 1, 2026, 6:00 PM.',
    )
    await use(cases.B!)
    await use(cases.C!)

    const library = (await list()).scripts as Array<{
      title: string
      uses: number
      recovery: { n: number; recovered: number; rate: number | null; ci95: [number, number] | null }
    }>
    const stats = library.find((s) => s.title === '停电致歉')!
    expect(stats.uses).toBe(4)
    // Resolved cases A (recovered) and B (followed up unsatisfied); C is still open.
    expect(stats.recovery).toMatchObject({ n: 2, recovered: 1, rate: 0.5 })
    expect(stats.recovery.ci95![0]).toBeCloseTo(0.0945312, 6)
    expect(stats.recovery.ci95![1]).toBeCloseTo(0.9054688, 6)
    expect(library.find((s) => s.title === '微信回复')!.recovery).toEqual({
      n: 0,
      recovered: 0,
      rate: null,
      ci95: null,
    })

    const usedRetired = await post(`/api/v1/reply-scripts/${retired.json().id}/use`, {
      caseId: cases.A,
    })
    expect([usedRetired.statusCode, usedRetired.json().error.code]).toEqual([
      404,
      'REPLY_SCRIPT_NOT_FOUND',
    ])
    const noCase = await use('case_nope')
    expect([noCase.statusCode, noCase.json().error.code]).toEqual([404, 'CASE_NOT_FOUND'])

    // Another organisation sees none of it and cannot use it.
    const other = await otherOrganisationAdmin(t, ctx.store)
    expect((await list('', { cookie: other.cookie })).scripts).toEqual([])
    const foreign = await post(
      `/api/v1/reply-scripts/${id}/use`,
      { caseId: cases.A },
      { cookie: other.cookie },
    )
    expect(foreign.json().error.code).toBe('REPLY_SCRIPT_NOT_FOUND')
    const edited = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/reply-scripts/${id}`,
      headers: { cookie: other.cookie },
      payload: { kind: 'reply', title: 'x', bodyZh: 'x' },
    })
    expect(edited.json().error.code).toBe('REPLY_SCRIPT_NOT_FOUND')
  })
})
