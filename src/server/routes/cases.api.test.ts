import { afterEach, beforeEach, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import type { Store } from '../../db/connect.js'
import { createTestStore, describeEachDialect } from '../../db/test-dialects.js'
import { startTestSmtpServer, type TestSmtpServer } from '../../distribution/test-smtp.js'
import { cookieHeader, createTestApp, otherOrganisationAdmin, type TestApp } from '../test-app.js'
import { formatPageTime } from '../pages/layout.js'

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000',
  'hex',
).toString('base64')
const form = (fields: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
})

describeEachDialect(
  'closing the loop: feedback, cases, SLA, recovery, follow-up, complaint analytics',
  (ctx) => {
    let t: TestApp
    let store: Store
    let smtp: TestSmtpServer
    let bearer = ''
    const admin = () => ({ authorization: `Bearer ${bearer}` })
    const users: Record<string, { id: string; headers: { cookie: string } }> = {}
    let slug = ''
    let caseId = ''

    const login = async (email: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: 'work-password-123' },
      })
      return { cookie: cookieHeader(res) }
    }

    /** 陈女士's detractor answer at store A12 (and a promoter's), taken in: the case it opens. */
    const openDetractorCase = async () => {
      const answered = await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${slug}/responses`,
        payload: {
          answers: {
            nps: 2,
            comment: '排队一个小时没人管',
            contact: { name: '陈女士', email: 'chen@example.com', consent: true },
          },
          segments: { store: 'A12' },
        },
      })
      expect(answered.statusCode).toBe(201)
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${slug}/responses`,
        payload: { answers: { nps: 10 } },
      })
      await t.jobs.runOnce()
      await t.jobs.runOnce()
      const list = (
        await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: admin() })
      ).json().cases
      expect(list).toHaveLength(1)
      return list[0].id as string
    }
    /** A complaint taken by the hotline: one more case (numbers follow in order). */
    const complaint = async (text: string, extra: object = {}) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/feedback',
        headers: admin(),
        payload: { channel: 'hotline', kind: 'complaint', text, ...extra },
      })
      expect(res.statusCode).toBe(201)
      expect(res.json().caseId).toBeTruthy()
    }

    // Each test starts from a store, organisation, mail server and clock of its own, with the same
    // people, surveys and case settings, and opens the cases it needs, so the tests pass in any order.
    beforeEach(async () => {
      store = await createTestStore(ctx.dialect)
      smtp = await startTestSmtpServer()
      t = await createTestApp(store, { smtpUrl: smtp.url, publicUrl: 'https://s.example.cn' })
      bearer = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/tokens',
          headers: { cookie: t.adminCookie },
          payload: { name: 'cases', role: 'admin' },
        })
      ).json().token
      for (const [name, role] of [
        ['li', 'supervisor'],
        ['wang', 'agent'],
        ['zhao', 'agent'],
      ] as const) {
        const id = await createUser(
          { db: store.db, orgId: t.orgId },
          { email: `${name}@corp.test`, displayName: name, password: 'work-password-123', role },
          t.clock.now,
        )
        users[name] = { id, headers: await login(`${name}@corp.test`) }
      }
      for (const name of ['wang', 'zhao']) {
        const res = await t.app.inject({
          method: 'PATCH',
          url: `/api/v1/users/${users[name]!.id}`,
          headers: admin(),
          payload: { department: '华东服务部', supervisorId: users.li!.id },
        })
        expect(res.statusCode).toBe(200)
      }
      const followUp = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/surveys/from-template',
          headers: admin(),
          payload: { template: 'complaint-follow-up' },
        })
      ).json()
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/surveys/${followUp.id}/publish`,
        headers: admin(),
      })
      const config = (
        await t.app.inject({ method: 'GET', url: '/api/v1/case-config', headers: admin() })
      ).json()
      const saved = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/case-config',
        headers: admin(),
        payload: {
          ...config,
          routing: [{ store: 'A12', department: '华东服务部', owner: 'round_robin' }],
          followUp: { surveyId: followUp.id, channel: 'email', locale: 'zh-CN' },
        },
      })
      expect(saved.statusCode).toBe(200)
      const survey = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/surveys',
          headers: admin(),
          payload: {
            title: { 'zh-CN': '营业厅满意度' },
            questions: [
              { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' }, required: true },
              { key: 'comment', type: 'text', title: { 'zh-CN': '意见' } },
              { key: 'contact', type: 'contact', title: { 'zh-CN': '联系方式' } },
            ],
            settings: { hiddenFields: ['store'] },
          },
        })
      ).json()
      slug = survey.slug
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/surveys/${survey.id}/publish`,
        headers: admin(),
      })
    })
    afterEach(async () => {
      await t.app.close()
      await smtp?.close()
      await store.close()
    })

    it('turns a detractor answer into a routed case with SLA deadlines on the business calendar', async () => {
      // Monday 2026-06-15 12:00 Shanghai.
      const answer = {
        answers: {
          nps: 2,
          comment: '排队一个小时没人管',
          contact: { name: '陈女士', email: 'chen@example.com', consent: true },
        },
        segments: { store: 'A12' },
      }
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: `/api/v1/public/surveys/${slug}/responses`,
            payload: answer,
          })
        ).statusCode,
      ).toBe(201)
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/public/surveys/${slug}/responses`,
        payload: { answers: { nps: 10 } },
      })
      await t.jobs.runOnce()
      await t.jobs.runOnce()
      const list = (
        await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: admin() })
      ).json().cases
      expect(list).toHaveLength(1)
      expect(list[0]).toMatchObject({
        number: 'C-000001',
        reason: 'detractor',
        priority: 'high',
        status: 'new',
        department: '华东服务部',
        ownerId: users.wang!.id,
        store: 'A12',
        channel: 'survey',
        title: '排队一个小时没人管',
      })
      // High priority: first response within 60 working minutes, resolution within 540 (one working day).
      expect(list[0].firstResponseDue).toBe('2026-06-15T05:00:00.000Z')
      expect(list[0].resolutionDue).toBe('2026-06-16T04:00:00.000Z')
      caseId = list[0].id
      const mine = (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/cases?view=mine',
          headers: users.wang!.headers,
        })
      ).json().cases
      expect(mine.map((c: { id: string }) => c.id)).toEqual([caseId])
    })

    it('refuses invalid transitions with the allowed next states (409)', async () => {
      caseId = await openDetractorCase()
      const close = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/transitions`,
        headers: users.wang!.headers,
        payload: { status: 'closed' },
      })
      expect(close.statusCode).toBe(409)
      expect(close.json().error).toMatchObject({
        code: 'CASE_TRANSITION_NOT_ALLOWED',
        status: 'new',
        allowedNext: ['acknowledged'],
      })
      const viewer = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/transitions`,
        headers: users.li!.headers,
        payload: { status: 'nonsense' },
      })
      expect(viewer.statusCode).toBe(400)
    })

    it('works the case: acknowledge, reply, investigate, record the cause and compensate within authority; resolves, mails the follow-up survey, and the customer’s answer closes the loop', async () => {
      caseId = await openDetractorCase()
      const h = users.wang!.headers
      t.clock.now += 20 * 60_000
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: `/api/v1/cases/${caseId}/transitions`,
            headers: h,
            payload: { status: 'acknowledged' },
          })
        ).json().firstRespondedAt,
      ).toBe(new Date(t.clock.now).toISOString())
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/messages`,
        headers: h,
        payload: { visibility: 'customer', body: '陈女士您好，非常抱歉让您久等。' },
      })
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/messages`,
        headers: h,
        payload: { visibility: 'internal', body: '当天窗口只开了两个' },
      })
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/transitions`,
        headers: h,
        payload: { status: 'investigating' },
      })
      const noCause = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/transitions`,
        headers: h,
        payload: { status: 'resolved' },
      })
      expect(noCause.json().error.code).toBe('CAUSE_REQUIRED')
      const badCause = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/recovery`,
        headers: h,
        payload: { cause: 'weather' },
      })
      expect(badCause.json().error.details[0]).toMatchObject({
        path: 'cause',
        reason: 'not in the cause taxonomy',
      })
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/recovery`,
        headers: h,
        payload: { cause: 'wait_time', responsibility: 'ours', assessedLoss: 5000 },
      })

      const apology = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/compensations`,
        headers: h,
        payload: { kind: 'apology' },
      })
      expect(apology.statusCode).toBe(201)
      const voucher = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/compensations`,
        headers: h,
        payload: { kind: 'voucher', amount: 5000, note: '50 元代金券' },
      })
      expect(
        voucher
          .json()
          .compensations.map((c: { kind: string; status: string }) => [c.kind, c.status]),
      ).toEqual([
        ['apology', 'granted'],
        ['voucher', 'granted'],
      ])
      const tooMuch = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/compensations`,
        headers: h,
        payload: { kind: 'refund', amount: 30000 },
      })
      expect(tooMuch.statusCode).toBe(403)
      expect(tooMuch.json().error).toMatchObject({
        code: 'COMPENSATION_ABOVE_AUTHORITY',
        limit: 20000,
        amount: 30000,
        role: 'agent',
        approverRole: 'supervisor',
      })
      const asked = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/compensations`,
        headers: h,
        payload: { kind: 'refund', amount: 30000, requestApproval: true },
      })
      const pending = asked
        .json()
        .compensations.find((c: { status: string }) => c.status === 'pending_approval')
      expect(pending).toMatchObject({ kind: 'refund', amount: 30000 })
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: `/api/v1/compensations/${pending.id}/approve`,
            headers: h,
          })
        ).statusCode,
      ).toBe(403)
      const approved = await t.app.inject({
        method: 'POST',
        url: `/api/v1/compensations/${pending.id}/approve`,
        headers: users.li!.headers,
      })
      expect(
        approved.json().compensations.find((c: { id: string }) => c.id === pending.id).status,
      ).toBe('approved')
      const again = await t.app.inject({
        method: 'POST',
        url: `/api/v1/compensations/${pending.id}/approve`,
        headers: users.li!.headers,
      })
      expect(again.json().error.code).toBe('COMPENSATION_DECIDED')

      // The reply to the customer goes out by e-mail; the note does not.
      await t.jobs.runOnce()
      const reply = smtp.messages.find(
        (m) => m.subject === '关于您的反馈（C-000001）/ About your feedback (C-000001)',
      )!
      expect(JSON.stringify(reply.to)).toContain('chen@example.com')
      expect(reply.text).toContain('陈女士您好，非常抱歉让您久等。')
      expect(reply.text).not.toContain('当天窗口只开了两个')
      // With the lookup page's link and the case's status key.
      const statusKey = (
        await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/status-key`, headers: h })
      ).json()
      expect(reply.text).toContain(
        `查询处理进度 / Check progress: https://s.example.cn/case-status/${t.orgId}?case=C-000001`,
      )
      expect(reply.text).toContain(`查询码 / Status key: ${statusKey.key}`)
      const detail = (
        await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers: h })
      ).json()
      expect(
        detail.events
          .filter((e: { delivery: string | null }) => e.delivery !== null)
          .map((e: { type: string; delivery: string }) => [e.type, e.delivery]),
      ).toEqual([['reply', 'sent']])
      expect(
        detail.events.map((e: { type: string; visibility: string }) => `${e.type}:${e.visibility}`),
      ).toEqual([
        'created:internal',
        'status:internal',
        'reply:customer',
        'note:internal',
        'status:internal',
        'recovery:internal',
        'compensation:internal',
        'compensation:internal',
        'compensation:internal',
        'approval:internal',
      ])

      // Resolved, the follow-up survey goes out and the customer's answer closes the loop.
      const resolved = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/transitions`,
        headers: h,
        payload: { status: 'resolved', note: '已调整排班' },
      })
      expect(resolved.json().status).toBe('resolved')
      await t.jobs.runOnce()
      const mail = smtp.messages.find(
        (m) =>
          JSON.stringify(m.to).includes('chen@example.com') &&
          m.subject === '邀请您参与「投诉处理回访」',
      )!
      expect(mail).toBeDefined()
      const link = new URL(/https:\/\/\S+\/s\/\S+/.exec(mail.text!)![0])
      const page = await t.app.inject({ method: 'GET', url: `${link.pathname}${link.search}` })
      expect(page.statusCode).toBe(200)
      const followUpSurvey = (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/public/surveys${link.pathname.slice(2)}`,
          headers: admin(),
        })
      ).json()
      const answers: Record<string, string> = {
        i: link.searchParams.get('i')!,
        nav: 'submit',
        page: '0',
      }
      for (const q of followUpSurvey.questions as Array<{
        key: string
        type: string
        required: boolean
      }>) {
        if (q.type === 'csat') answers[q.key] = '5'
        else if (q.type === 'nps') answers[q.key] = '9'
        else if (q.required && q.type === 'single') answers[q.key] = 'yes'
      }
      const done = await t.app.inject({ method: 'POST', url: link.pathname, ...form(answers) })
      expect(done.body).toContain('感谢您的反馈')
      // The survey intake links the answer to its case (as it does an answer sent as JSON).
      await t.jobs.runOnce()
      const followedUp = (
        await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers: h })
      ).json()
      expect(followedUp).toMatchObject({
        status: 'followed_up',
        followUpSatisfied: true,
        allowedNext: ['closed', 'investigating'],
      })
      // The case page shows what the customer answered in the follow-up survey.
      const context = (
        await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/context`, headers: h })
      ).json()
      expect(context.followUpAnswer.surveyTitle['zh-CN']).toBe('投诉处理回访')
      expect(
        context.followUpAnswer.items.find((i: { type: string }) => i.type === 'csat').text,
      ).toEqual({ 'zh-CN': '5 / 5 · 非常满意', 'en-US': '5 / 5 · Very satisfied' })
      // The follow-up answer does not open a case of its own.
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: admin() })).json()
          .cases,
      ).toHaveLength(1)
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: `/api/v1/cases/${caseId}/transitions`,
            headers: h,
            payload: { status: 'closed' },
          })
        ).json().status,
      ).toBe('closed')

      const analytics = (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/case-analytics?from=2026-06-01&to=2026-06-30',
          headers: admin(),
        })
      ).json()
      expect(analytics).toMatchObject({
        cases: 1,
        open: 0,
        breached: 0,
        uncategorised: 0,
        recovery: { followedUp: 1, satisfied: 1, rate: 1 },
      })
      expect(analytics.pareto).toEqual([
        {
          key: 'wait_time',
          label: '等待时间',
          labels: { 'zh-CN': '等待时间', 'en-US': 'Waiting time' },
          count: 1,
          share: 1,
          cumulativeShare: 1,
          vital: true,
        },
      ])
      expect(analytics.compensation).toEqual({
        total: 35000,
        byKind: [
          { kind: 'apology', count: 1, amount: 0 },
          { kind: 'voucher', count: 1, amount: 5000 },
          { kind: 'refund', count: 1, amount: 30000 },
        ],
        pendingApproval: 0,
      })
      expect(analytics.firstResponse).toMatchObject({ n: 1, median: 20 })
      expect(analytics.slaByOwner).toEqual([
        { key: users.wang!.id, name: 'wang', cases: 1, due: 1, onTime: 1, compliance: 1 },
      ])
    })

    it('warns before and escalates after a missed deadline, once', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/feedback',
        headers: admin(),
        payload: {
          channel: 'hotline',
          kind: 'complaint',
          text: '停电两天无人抢修',
          customer: { ref: 'C-88', phone: '13900000000' },
          externalId: 'HL-1',
        },
      })
      expect(created.statusCode).toBe(201)
      const repeat = await t.app.inject({
        method: 'POST',
        url: '/api/v1/feedback',
        headers: admin(),
        payload: {
          channel: 'hotline',
          kind: 'complaint',
          text: '停电两天无人抢修',
          externalId: 'HL-1',
        },
      })
      expect(repeat.statusCode).toBe(200)
      expect(repeat.json().caseId).toBe(created.json().caseId)
      const id = created.json().caseId
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${id}/assign`,
        headers: admin(),
        payload: { ownerId: users.zhao!.id },
      })
      t.clock.now += 50 * 60_000
      await t.jobs.runOnce()
      let events = (
        await t.app.inject({ method: 'GET', url: `/api/v1/cases/${id}`, headers: admin() })
      )
        .json()
        .events.map((e: { type: string }) => e.type)
      expect(events).toEqual(['created', 'assigned', 'warned'])
      t.clock.now += 20 * 60_000
      await t.jobs.runOnce()
      await t.jobs.runOnce()
      const detail = (
        await t.app.inject({ method: 'GET', url: `/api/v1/cases/${id}`, headers: admin() })
      ).json()
      events = detail.events.map((e: { type: string }) => e.type)
      expect(events).toEqual(['created', 'assigned', 'warned', 'escalated'])
      expect(detail.events[3].detail).toMatchObject({
        deadline: 'first_response',
        to: users.li!.id,
      })
      expect(detail.breached).toBe(true)
      const board = (
        await t.app.inject({ method: 'GET', url: '/api/v1/sla-board', headers: users.li!.headers })
      ).json().rows
      // Open cases, and beside them the compliance of the last 30 days' cases (wang's is resolved).
      expect(board.filter((r: { open: number }) => r.open > 0)).toEqual([
        {
          department: '华东服务部',
          ownerId: users.zhao!.id,
          ownerName: 'zhao',
          open: 1,
          atRisk: 0,
          breached: 1,
          escalated: 1,
          due: 1,
          met: 0,
          compliance: 0,
        },
      ])
      expect(
        (
          await t.app.inject({
            method: 'GET',
            url: '/api/v1/sla-board',
            headers: users.wang!.headers,
          })
        ).statusCode,
      ).toBe(403)
    })

    it('takes complaints on the public form, refusing what looks automated', async () => {
      // Cases C-000001 and C-000002 exist already.
      await openDetractorCase()
      await complaint('停电两天无人抢修', { customer: { ref: 'C-88', phone: '13900000000' } })
      const key = (
        await t.app.inject({ method: 'GET', url: '/api/v1/case-config', headers: admin() })
      ).json().publicFormKey
      const page = await t.app.inject({ method: 'GET', url: `/complain/${key}` })
      expect(page.statusCode).toBe(200)
      const shownAt = /name="shownAt" value="([^"]+)"/.exec(page.body)![1]!
      const fields = {
        text: '营业员态度恶劣，<script>alert(1)</script>',
        name: '周先生',
        phone: '13700000000',
        consent: 'true',
        shownAt,
      }
      const tooFast = await t.app.inject({
        method: 'POST',
        url: `/complain/${key}`,
        ...form(fields),
      })
      expect(tooFast.statusCode).toBe(400)
      expect(tooFast.body).toContain('提交未能受理')
      expect(tooFast.body).not.toContain('<script>alert(1)</script>')
      t.clock.now += 10_000
      const bot = await t.app.inject({
        method: 'POST',
        url: `/complain/${key}`,
        ...form({ ...fields, website: 'http://spam' }),
      })
      expect(bot.statusCode).toBe(400)
      const forged = await t.app.inject({
        method: 'POST',
        url: `/complain/${key}`,
        ...form({ ...fields, shownAt: `${t.clock.now - 60_000}.forged` }),
      })
      expect(forged.statusCode).toBe(400)
      const ok = await t.app.inject({ method: 'POST', url: `/complain/${key}`, ...form(fields) })
      expect(ok.statusCode).toBe(200)
      expect(ok.body).toContain('受理编号 C-000003')
      // The same form sent again (a double click, a retry) is the same complaint.
      const again = await t.app.inject({ method: 'POST', url: `/complain/${key}`, ...form(fields) })
      expect(again.body).toContain('受理编号 C-000003')
      const copies = await store.db
        .selectFrom('feedback')
        .select('id')
        .where('text', '=', fields.text)
        .execute()
      expect(copies).toHaveLength(1)
      // The promised time is on the business calendar's clock, and says so.
      const opened = await store.db
        .selectFrom('cases')
        .select('first_response_due')
        .where('feedback_id', '=', copies[0]!.id)
        .executeTakeFirstOrThrow()
      const due = formatPageTime(Number(opened.first_response_due), 'zh-CN', 'Asia/Shanghai')
      expect(ok.body).toContain(`${due}（北京时间）前与您联系`)
      // Another copy of the form is another complaint.
      const second = /name="shownAt" value="([^"]+)"/.exec(
        (await t.app.inject({ method: 'GET', url: `/complain/${key}` })).body,
      )![1]!
      t.clock.now += 10_000
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: `/complain/${key}`,
            ...form({ ...fields, shownAt: second }),
          })
        ).body,
      ).toContain('受理编号 C-000004')
      expect(
        (await t.app.inject({ method: 'GET', url: '/complain/not-a-real-key' })).statusCode,
      ).toBe(404)
    })

    it('imports hotline records with a report, and checks attachments by their content', async () => {
      // Cases C-000001 to C-000004 exist already; C-000002 is C-88's.
      await openDetractorCase()
      await complaint('停电两天无人抢修', { customer: { ref: 'C-88', phone: '13900000000' } })
      await complaint('营业员态度恶劣')
      await complaint('网上营业厅登录不了')
      const csv =
        '编号,来电时间,客户编号,内容,评分\nH-2,2026-06-15 10:00,C-88,电费账单有误,1\nH-3,昨天,C-9,网点排队,\nH-4,2026-06-15 11:00,C-88,又是账单问题,2\n'
      const file = { name: 'hotline.csv', contentBase64: Buffer.from(csv).toString('base64') }
      const strict = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/feedback/import',
          headers: admin(),
          payload: { channel: 'hotline', file },
        })
      ).json()
      expect(strict).toMatchObject({
        rows: 3,
        imported: 0,
        issues: [{ path: 'hotline.csv:3:来电时间', reason: '"昨天" is not a date-time' }],
      })
      const lenient = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/feedback/import',
          headers: admin(),
          payload: { channel: 'hotline', file, skipInvalid: true },
        })
      ).json()
      expect(lenient).toMatchObject({ rows: 3, imported: 2, duplicates: 0, cases: 2 })
      const analytics = (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/case-analytics?from=2026-06-01&to=2026-06-30',
          headers: admin(),
        })
      ).json()
      expect(analytics.repeatCustomers).toContainEqual({
        customer: 'C-88',
        cases: 3,
        numbers: ['C-000002', 'C-000005', 'C-000006'],
      })

      const withFile = await t.app.inject({
        method: 'POST',
        url: '/api/v1/feedback',
        headers: users.wang!.headers,
        payload: {
          channel: 'note',
          kind: 'complaint',
          text: '顾客拍了收据',
          attachments: [{ filename: '收据.png', contentBase64: PNG }],
        },
      })
      expect(withFile.statusCode).toBe(201)
      const attachment = withFile.json().feedback.attachments[0]
      expect(attachment).toMatchObject({ filename: '收据.png', contentType: 'image/png' })
      const download = await t.app.inject({
        method: 'GET',
        url: `/api/v1/attachments/${attachment.id}`,
        headers: admin(),
      })
      expect(download.headers['content-disposition']).toContain('attachment')
      expect(download.rawPayload.toString('base64')).toBe(PNG)
      const exe = await t.app.inject({
        method: 'POST',
        url: '/api/v1/feedback',
        headers: admin(),
        payload: {
          text: 'x',
          attachments: [
            { filename: 'a.png', contentBase64: Buffer.from('MZ\x90\x00').toString('base64') },
          ],
        },
      })
      expect(exe.json().error).toMatchObject({
        code: 'ATTACHMENT_INVALID',
        details: [{ path: 'attachments.0', reason: 'is not a PNG, JPEG or PDF file' }],
      })
    })

    it('opens cases from configured answer conditions, and refuses conditions that would catch every answer', async () => {
      const config = (
        await t.app.inject({ method: 'GET', url: '/api/v1/case-config', headers: admin() })
      ).json()
      const put = (conditions: object[]) =>
        t.app.inject({
          method: 'PUT',
          url: '/api/v1/case-config',
          headers: admin(),
          payload: { ...config, rules: { ...config.rules, conditions } },
        })
      const everything = await put([{ name: 'any_answer', question: 'clean' }])
      expect(everything.statusCode).toBe(400)
      expect(everything.json().error.details).toEqual([
        { path: 'rules.conditions.0.max', reason: 'needs min, max or anyOf' },
      ])
      const backwards = await put([{ name: 'backwards', question: 'clean', min: 4, max: 2 }])
      expect(backwards.json().error.details).toEqual([
        { path: 'rules.conditions.0.min', reason: 'min must not be above max' },
      ])
      expect(
        (await put([{ name: 'dirty_branch', question: 'clean', max: 2, priority: 'high' }]))
          .statusCode,
      ).toBe(200)

      const survey = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/surveys',
          headers: admin(),
          payload: {
            title: { 'zh-CN': '网点环境' },
            questions: [
              { key: 'clean', type: 'likert5', title: { 'zh-CN': '网点干净整洁' }, required: true },
            ],
          },
        })
      ).json()
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/surveys/${survey.id}/publish`,
        headers: admin(),
      })
      const before = (
        await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: admin() })
      ).json().cases.length
      for (const clean of [1, 4])
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/public/surveys/${survey.slug}/responses`,
          payload: { answers: { clean } },
        })
      await t.jobs.runOnce()
      const cases = (
        await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: admin() })
      ).json().cases
      expect(cases).toHaveLength(before + 1)
      expect(
        cases.find((c: { reason: string }) => c.reason === 'condition:dirty_branch'),
      ).toMatchObject({ priority: 'high', status: 'new' })
    })

    it('keeps cases within their organisation', async () => {
      caseId = await openDetractorCase()
      const eve = await otherOrganisationAdmin(t, store)
      expect(
        (await t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers: eve }))
          .statusCode,
      ).toBe(404)
      expect(
        (await t.app.inject({ method: 'GET', url: '/api/v1/cases', headers: eve })).json().cases,
      ).toEqual([])
      expect(
        (
          await t.app.inject({
            method: 'POST',
            url: `/api/v1/cases/${caseId}/transitions`,
            headers: eve,
            payload: { status: 'investigating' },
          })
        ).statusCode,
      ).toBe(404)
    })
  },
)
