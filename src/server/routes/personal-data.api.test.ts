import { beforeAll, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import { describeEachDialect } from '../../db/test-dialects.js'
import { cookieHeader, createTestApp, type TestApp } from '../test-app.js'

describeEachDialect(
  'personal data on cases: masked, revealed by the owner with a reason',
  (ctx) => {
    let t: TestApp
    const who: Record<string, { id: string; cookie: string }> = {}
    let caseId = ''
    let feedbackId = ''

    const call = (method: 'GET' | 'POST', url: string, as: string, payload?: unknown) =>
      t.app.inject({
        method,
        url,
        headers: { cookie: who[as]!.cookie },
        ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
      })

    beforeAll(async () => {
      t = await createTestApp(ctx.store)
      for (const [name, role] of [
        ['wang', 'agent'],
        ['zhao', 'agent'],
        ['li', 'supervisor'],
        ['view', 'viewer'],
        ['audit', 'auditor'],
      ] as const) {
        const id = await createUser(
          { db: ctx.store.db, orgId: t.orgId },
          { email: `${name}@pii.test`, displayName: name, password: 'work-password-123', role },
          t.clock.now,
        )
        const login = await t.app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { email: `${name}@pii.test`, password: 'work-password-123' },
        })
        who[name] = { id, cookie: cookieHeader(login) }
      }
      who.admin = { id: '', cookie: t.adminCookie }
      const created = await call('POST', '/api/v1/feedback', 'admin', {
        channel: 'hotline',
        kind: 'complaint',
        text: '停电两天无人抢修',
        customer: { name: '张三', email: 'zhang.san@example.com', phone: '13812345678' },
      })
      expect(created.statusCode).toBe(201)
      caseId = created.json().caseId
      feedbackId = created.json().feedback.id
      const assigned = await call('POST', `/api/v1/cases/${caseId}/assign`, 'admin', {
        ownerId: who.wang!.id,
      })
      expect(assigned.statusCode).toBe(200)
    })

    it('shows the customer masked to roles without personal-data:read, unmasked to those with it', async () => {
      for (const name of ['wang', 'view']) {
        const detail = (await call('GET', `/api/v1/cases/${caseId}`, name)).json()
        expect(detail.feedback).toMatchObject({
          customerName: '张*',
          customerEmail: 'z***@example.com',
          customerPhone: '138****5678',
          personalDataMasked: true,
        })
        const feedback = (await call('GET', `/api/v1/feedback/${feedbackId}`, name)).json()
        expect(feedback.customer).toMatchObject({
          name: '张*',
          email: 'z***@example.com',
          phone: '138****5678',
        })
      }
      const supervisor = (await call('GET', `/api/v1/cases/${caseId}`, 'li')).json()
      expect(supervisor.feedback).toMatchObject({
        customerName: '张三',
        customerEmail: 'zhang.san@example.com',
        customerPhone: '13812345678',
        personalDataMasked: false,
      })
    })

    it('finds the case by the full phone number, though it is stored sealed', async () => {
      const found = (await call('GET', '/api/v1/cases?q=138%201234%205678', 'wang')).json()
      expect(found.cases.map((c: { id: string }) => c.id)).toEqual([caseId])
    })

    it('reveals one field to the case owner with a reason, on record without the value', async () => {
      const revealed = await call('POST', `/api/v1/cases/${caseId}/reveal`, 'wang', {
        field: 'phone',
        reason: '回电核实停电地址',
      })
      expect(revealed.statusCode).toBe(200)
      expect(revealed.json()).toEqual({ field: 'phone', value: '13812345678' })
      const log = (await call('GET', '/api/v1/audit?q=personal-data.reveal', 'audit')).json()
      const entry = log.entries.find((e: { action: string }) => e.action === 'personal-data.reveal')
      expect(entry).toMatchObject({
        actorId: who.wang!.id,
        entity: 'case',
        entityId: caseId,
        detail: { field: 'phone', reason: '回电核实停电地址', feedbackId },
      })
      expect(JSON.stringify(log)).not.toContain('13812345678')
    })

    it('refuses anyone but the owner, a missing reason, and a case no longer open', async () => {
      const other = await call('POST', `/api/v1/cases/${caseId}/reveal`, 'zhao', {
        field: 'name',
        reason: '想看看',
      })
      expect(other.statusCode).toBe(403)
      expect(other.json().error.code).toBe('CASE_REVEAL_NOT_ALLOWED')
      const viewer = await call('POST', `/api/v1/cases/${caseId}/reveal`, 'view', {
        field: 'name',
        reason: '想看看',
      })
      expect(viewer.statusCode).toBe(403)
      expect(viewer.json().error.code).toBe('FORBIDDEN')
      const noReason = await call('POST', `/api/v1/cases/${caseId}/reveal`, 'wang', {
        field: 'email',
        reason: ' ',
      })
      expect(noReason.statusCode).toBe(400)
      const recovery = await call('POST', `/api/v1/cases/${caseId}/recovery`, 'admin', {
        cause: 'wait_time',
      })
      expect(recovery.statusCode).toBe(200)
      for (const status of ['acknowledged', 'investigating', 'resolved']) {
        const moved = await call('POST', `/api/v1/cases/${caseId}/transitions`, 'admin', {
          status,
          note: '处理中',
        })
        expect(moved.statusCode, `${status}: ${moved.body}`).toBe(200)
      }
      const closed = await call('POST', `/api/v1/cases/${caseId}/reveal`, 'wang', {
        field: 'name',
        reason: '回访',
      })
      expect(closed.statusCode).toBe(403)
      expect(closed.json().error.code).toBe('CASE_REVEAL_NOT_ALLOWED')
    })
  },
)
