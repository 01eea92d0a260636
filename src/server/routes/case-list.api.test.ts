import { afterEach, beforeEach, expect, it } from 'vitest'
import { createUser } from '../../auth/auth.service.js'
import { toRow, type CaseRecord } from '../../cases/case-record.js'
import type { CaseSummary } from '../../cases/case.schema.js'
import type { Store } from '../../db/connect.js'
import { createTestStore, describeEachDialect } from '../../db/test-dialects.js'
import { newId } from '../../shared/ids.js'
import { cookieHeader, createTestApp, otherOrganisationAdmin, type TestApp } from '../test-app.js'

// The case list a manager works with: every case one page at a time (not the first 100), the
// filters of the list, assigning and closing many cases at once with a result per case, whom a
// case may be given to, and SLA compliance counted only on cases whose outcome is known.

const HOUR = 3_600_000
const DAY = 24 * HOUR

describeEachDialect('the case list: pages, filters, bulk changes, SLA compliance', (ctx) => {
  let t: TestApp
  let store: Store
  let now = 0
  const users: Record<string, { id: string; cookie: string }> = {}
  const admin = () => ({ cookie: t.adminCookie })
  /** Cases of the filter set, by letter. */
  const named: Record<string, string> = {}
  let pageIds: string[] = []
  let number = 0

  /** Writes feedback and cases directly (the quickest way to a few hundred cases of known shape). */
  async function addCases(overs: Array<Partial<CaseRecord>>): Promise<string[]> {
    const records = overs.map((over) => {
      number++
      const createdAt = over.createdAt ?? now - HOUR
      const record: CaseRecord = {
        id: newId(createdAt),
        orgId: t.orgId,
        number,
        feedbackId: newId(createdAt),
        title: `投诉 ${number}`,
        reason: 'complaint',
        priority: 'normal',
        status: 'new',
        department: '客户服务部',
        ownerId: null,
        customerRef: null,
        store: null,
        channel: 'hotline',
        topic: null,
        cause: null,
        responsibility: null,
        assessedLoss: null,
        firstResponseDue: now + 4 * HOUR,
        resolutionDue: now + 3 * DAY,
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
        createdAt,
        updatedAt: createdAt,
        ...over,
      }
      return record
    })
    await store.db
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
          store: r.store,
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
    await store.db.insertInto('cases').values(records.map(toRow)).execute()
    return records.map((r) => r.id)
  }

  const get = async (query: string, headers = admin()) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/cases?${query}`, headers })
    expect(res.statusCode, res.body).toBe(200)
    return res.json() as { cases: CaseSummary[]; nextCursor: string | null; total: number }
  }
  /** The ids a query finds, over all its pages, in order. */
  const all = async (query: string, limit = 500) => {
    const ids: string[] = []
    let cursor: string | null = null
    let total = -1
    do {
      const page: Awaited<ReturnType<typeof get>> = await get(
        `${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      )
      ids.push(...page.cases.map((c) => c.id))
      total = page.total
      cursor = page.nextCursor
    } while (cursor)
    return { ids, total }
  }
  const sameSet = (a: string[], b: string[]) => expect([...a].sort()).toEqual([...b].sort())

  // Each test starts from its own store holding the same cases and people, so the cases a test
  // adds or changes never reach another test's counts.
  beforeEach(async () => {
    store = await createTestStore(ctx.dialect)
    number = 0
    t = await createTestApp(store)
    now = t.clock.now
    for (const [name, role] of [
      ['li', 'supervisor'],
      ['wang', 'agent'],
      ['zhao', 'agent'],
      ['sun', 'agent'],
      ['qian', 'viewer'],
    ] as const) {
      const id = await createUser(
        { db: store.db, orgId: t.orgId },
        { email: `${name}@corp.test`, displayName: name, password: 'work-password-123', role },
        now,
      )
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: `${name}@corp.test`, password: 'work-password-123' },
      })
      users[name] = { id, cookie: cookieHeader(login) }
    }
    const disabled = await t.app.inject({
      method: 'POST',
      url: `/api/v1/users/${users.sun!.id}/disable`,
      headers: admin(),
    })
    expect(disabled.statusCode).toBe(200)
    // 130 new, unassigned cases of the last days, none due yet: three at a time opened in the
    // same millisecond and ten sharing each deadline, so pages must break ties by id.
    pageIds = await addCases(
      Array.from({ length: 130 }, (_, i) => ({
        department: '批量部',
        createdAt: now - DAY - Math.floor(i / 3) * 15 * 60_000,
        firstResponseDue: now + ((i * 7) % 13) * 60_000 + 60_000,
      })),
    )
    const wang = users.wang!.id
    const zhao = users.zhao!.id
    const [a, b, c, d, e] = await addCases([
      // A: answered, warned that its resolution is near, not late: at risk, outcome not known.
      {
        ownerId: wang,
        priority: 'high',
        channel: 'web',
        cause: 'billing',
        store: 'A12',
        status: 'acknowledged',
        firstRespondedAt: now - 30 * 60_000,
        resolutionDue: now + 2 * HOUR,
        warnedAt: now - 10 * 60_000,
      },
      // B: nobody answered within the first-response deadline: breached, missed.
      {
        ownerId: zhao,
        priority: 'urgent',
        channel: 'survey',
        status: 'investigating',
        firstResponseDue: now - HOUR,
      },
      // C: resolved in time: met.
      {
        priority: 'low',
        status: 'closed',
        firstRespondedAt: now - 50 * 60_000,
        resolvedAt: now - 40 * 60_000,
        closedAt: now - 30 * 60_000,
      },
      // D: resolved after its deadline: missed.
      {
        ownerId: wang,
        status: 'followed_up',
        firstRespondedAt: now - 50 * 60_000,
        resolutionDue: now - 20 * 60_000,
        resolvedAt: now - 10 * 60_000,
        followedUpAt: now - 5 * 60_000,
      },
      // E: three weeks ago, resolved in time: met.
      {
        ownerId: zhao,
        status: 'closed',
        createdAt: now - 20 * DAY,
        firstResponseDue: now - 20 * DAY + 4 * HOUR,
        resolutionDue: now - 17 * DAY,
        firstRespondedAt: now - 20 * DAY + HOUR,
        resolvedAt: now - 19 * DAY,
        closedAt: now - 18 * DAY,
      },
    ])
    Object.assign(named, { a, b, c, d, e })
  })
  afterEach(async () => {
    await t.app.close()
    await store.close()
  })

  it('pages through every case by cursor, newest first, past the first 100', async () => {
    const first = await get('view=all&limit=50')
    expect(first.cases).toHaveLength(50)
    expect(first.total).toBe(135)
    expect(first.nextCursor).not.toBeNull()
    const { ids, total } = await all('view=all', 50)
    expect(total).toBe(135)
    expect(ids).toHaveLength(135)
    expect(new Set(ids).size).toBe(135)
    sameSet(ids, [...pageIds, ...Object.values(named)])
    // Newest first across page boundaries, ties (same opening time) by id, newest id first.
    const bulkOrder = ids.filter((id) => pageIds.includes(id))
    const opened = (i: number) => Math.floor(i / 3)
    expect(bulkOrder).toEqual(
      pageIds
        .map((id, i) => ({ id, i }))
        .sort((a, b) => opened(a.i) - opened(b.i) || (a.id < b.id ? 1 : -1))
        .map((x) => x.id),
    )
    // The default page size no longer hides cases beyond it.
    const defaults = await get('view=all')
    expect(defaults.cases).toHaveLength(100)
    expect(defaults.nextCursor).not.toBeNull()
  })

  it('pages through the open queue in deadline order', async () => {
    const { ids, total } = await all('view=queue', 40)
    // The bulk cases, A and B are open; C, D and E are not.
    expect(total).toBe(132)
    expect(ids).toHaveLength(132)
    const pages: CaseSummary[] = []
    let cursor: string | null = null
    do {
      const page: Awaited<ReturnType<typeof get>> = await get(
        `view=queue&limit=40${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      )
      pages.push(...page.cases)
      cursor = page.nextCursor
    } while (cursor)
    const deadlines = pages.map((c) => Date.parse(c.nextDeadline!))
    expect(deadlines).toEqual([...deadlines].sort((x, y) => x - y))
    // Ten cases share each deadline, some across a page boundary: none repeats, none is lost.
    expect(new Set(pages.map((c) => c.id)).size).toBe(132)
    const sameDeadline = pages.filter((c) => c.nextDeadline === pages[40]!.nextDeadline)
    expect(sameDeadline).toHaveLength(10)
    expect(sameDeadline.map((c) => c.id)).toEqual(sameDeadline.map((c) => c.id).sort())
    // The overdue case comes first.
    expect(pages[0]!.id).toBe(named.b)
  })

  it('refuses a cursor of another view', async () => {
    const first = await get('view=all&limit=5')
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/cases?view=queue&cursor=${first.nextCursor}`,
      headers: admin(),
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('VALIDATION_FAILED')
    expect(res.json().error.details[0].path).toBe('cursor')
  })

  it('filters by status, priority, owner, channel, cause, store, date and SLA state', async () => {
    const { a, b, c, d, e } = named as Record<'a' | 'b' | 'c' | 'd' | 'e', string>
    const wang = users.wang!.id
    sameSet((await all('status=acknowledged')).ids, [a])
    sameSet((await all('priority=high,urgent')).ids, [a, b])
    sameSet((await all('priority=low')).ids, [c])
    sameSet((await all(`ownerId=${wang}`)).ids, [a, d])
    sameSet((await all('ownerId=none')).ids, [...pageIds, c])
    sameSet((await all('channel=web')).ids, [a])
    sameSet((await all('channel=survey')).ids, [b])
    sameSet((await all('cause=billing')).ids, [a])
    sameSet((await all('store=A12')).ids, [a])
    sameSet((await all('from=2026-05-26&to=2026-05-26')).ids, [e])
    sameSet((await all('sla=breached')).ids, [b, d])
    sameSet((await all('breached=true')).ids, [b, d])
    sameSet((await all('sla=at_risk')).ids, [a])
    const onTrack = (await all('sla=on_track')).ids
    sameSet(onTrack, [...pageIds, c, e])
    sameSet((await all(`ownerId=${wang}&sla=breached`)).ids, [d])
    sameSet((await all('view=queue&priority=urgent')).ids, [b])
    // Filters hold together with a view: the agent's own open cases.
    const mine = await get('view=mine', { cookie: users.wang!.cookie })
    expect(mine.cases.map((x) => x.id)).toEqual([a])
    expect(mine.total).toBe(1)
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/v1/cases?priority=high,soon&sla=late',
      headers: admin(),
    })
    expect(bad.statusCode).toBe(400)
    expect(
      bad
        .json()
        .error.details.map((x: { path: string }) => x.path)
        .sort(),
    ).toEqual(['priority.1', 'sla'])
  })

  it('counts SLA compliance only on cases resolved or past a deadline, at every level', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/case-analytics?from=2026-05-20&to=2026-06-15',
      headers: admin(),
    })
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    // 135 cases; known outcomes: B and D missed, C and E met. The 130 bulk cases and A are not
    // due yet: counted as met they made this 133 of 135 (98.5%).
    expect(body.sla).toEqual({ cases: 135, due: 4, met: 2, missed: 2, compliance: 0.5 })
    const department = (name: string) =>
      body.slaByDepartment.find((r: { key: string }) => r.key === name)
    expect(department('客户服务部')).toMatchObject({ cases: 5, due: 4, onTime: 2, compliance: 0.5 })
    expect(department('批量部')).toMatchObject({ cases: 130, due: 0, onTime: 0, compliance: null })
    const owner = (id: string) => body.slaByOwner.find((r: { key: string }) => r.key === id)
    expect(owner(users.wang!.id)).toMatchObject({ name: 'wang', cases: 2, due: 1, compliance: 0 })
    expect(owner(users.zhao!.id)).toMatchObject({ cases: 2, due: 2, onTime: 1, compliance: 0.5 })
    const person = (id: string) => body.people.find((p: { ownerId: string }) => p.ownerId === id)
    expect(person(users.wang!.id)).toMatchObject({ cases: 2, due: 1, onTime: 0, compliance: 0 })
    expect(person(users.zhao!.id)).toMatchObject({ cases: 2, due: 2, onTime: 1, compliance: 0.5 })

    const board = await t.app.inject({
      method: 'GET',
      url: '/api/v1/sla-board',
      headers: { cookie: users.li!.cookie },
    })
    expect(board.statusCode, board.body).toBe(200)
    const b = board.json()
    expect(b.complianceDays).toBe(30)
    expect(b.total).toEqual({ cases: 135, due: 4, met: 2, missed: 2, compliance: 0.5 })
    const row = (ownerId: string | null, department: string) =>
      b.rows.find(
        (r: { ownerId: string | null; department: string }) =>
          r.ownerId === ownerId && r.department === department,
      )
    expect(row(users.wang!.id, '客户服务部')).toMatchObject({
      ownerName: 'wang',
      open: 1,
      atRisk: 1,
      breached: 0,
      due: 1,
      met: 0,
      compliance: 0,
    })
    expect(row(null, '批量部')).toMatchObject({ open: 130, due: 0, compliance: null })
    expect(row(null, '客户服务部')).toMatchObject({ open: 0, due: 1, met: 1, compliance: 1 })
  })

  it('lists whom a case may be given to, by name: active agents and supervisors', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/case-owners',
      headers: { cookie: users.wang!.cookie },
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json().owners.map((o: { name: string; role: string }) => [o.name, o.role])).toEqual([
      ['li', 'supervisor'],
      ['wang', 'agent'],
      ['zhao', 'agent'],
    ])
    const viewer = await t.app.inject({
      method: 'GET',
      url: '/api/v1/case-owners',
      headers: { cookie: users.qian!.cookie },
    })
    expect(viewer.statusCode).toBe(403)
  })

  it('assigns many cases at once, each completely or not at all, with a result per case', async () => {
    const [x, y, closed] = await addCases([
      { department: '运维部' },
      { department: '运维部', ownerId: users.wang!.id },
      { department: '运维部', status: 'closed', resolvedAt: now - HOUR, closedAt: now - HOUR },
    ])
    const other = await otherOrganisationAdmin(t, store)
    const otherCase = await t.app.inject({
      method: 'GET',
      url: '/api/v1/cases?view=all',
      headers: other,
    })
    expect(otherCase.json().total).toBe(0)
    const body = {
      caseIds: [x, y, closed, 'no-such-case', x],
      ownerId: users.zhao!.id,
    }
    // Agents may not; supervisors may.
    const agent = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases/bulk/assign',
      headers: { cookie: users.wang!.cookie },
      payload: body,
    })
    expect(agent.statusCode).toBe(403)
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases/bulk/assign',
      headers: { cookie: users.li!.cookie },
      payload: body,
    })
    expect(res.statusCode, res.body).toBe(200)
    const result = res.json()
    expect(result.succeeded).toBe(3)
    expect(result.failed).toBe(1)
    expect(result.results.map((r: { id: string; ok: boolean }) => [r.id, r.ok])).toEqual([
      [x, true],
      [y, true],
      [closed, true],
      ['no-such-case', false],
    ])
    expect(result.results[0].number).toMatch(/^C-\d{6}$/)
    expect(result.results[3]).toMatchObject({ number: null, error: { code: 'CASE_NOT_FOUND' } })
    const assigned = await all('department=%E8%BF%90%E7%BB%B4%E9%83%A8')
    expect(assigned.total).toBe(3)
    const detail = await t.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${y}`,
      headers: admin(),
    })
    expect(detail.json()).toMatchObject({ ownerId: users.zhao!.id, ownerName: 'zhao' })
    expect(
      detail
        .json()
        .events.filter((e: { type: string }) => e.type === 'assigned')
        .map((e: { detail: object }) => e.detail),
    ).toEqual([{ from: users.wang!.id, to: users.zhao!.id, department: '运维部' }])
    // A disabled owner changes nothing at all.
    const disabled = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases/bulk/assign',
      headers: { cookie: users.li!.cookie },
      payload: { caseIds: [x], ownerId: users.sun!.id },
    })
    expect(disabled.statusCode).toBe(409)
    expect(disabled.json().error.code).toBe('USER_INACTIVE')
    expect((await get(`ownerId=${users.zhao!.id}&department=运维部`)).total).toBe(3)
  })

  it('still gives an unassigned case to whoever acknowledges it (受理)', async () => {
    const [queued] = await addCases([{ department: '受理部' }])
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${queued}/transitions`,
      headers: { cookie: users.wang!.cookie },
      payload: { status: 'acknowledged' },
    })
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ ownerId: users.wang!.id, ownerName: 'wang' })
    const mine = await get('view=mine&department=受理部', { cookie: users.wang!.cookie })
    expect(mine.cases.map((c) => c.id)).toEqual([queued])
  })

  it('closes the followed-up cases of a selection and says why the others stay open', async () => {
    const [done, fresh] = await addCases([
      {
        department: '收尾部',
        status: 'followed_up',
        firstRespondedAt: now - 2 * HOUR,
        resolvedAt: now - HOUR,
        followedUpAt: now - 30 * 60_000,
      },
      { department: '收尾部' },
    ])
    const viewer = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases/bulk/close',
      headers: { cookie: users.qian!.cookie },
      payload: { caseIds: [done] },
    })
    expect(viewer.statusCode).toBe(403)
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases/bulk/close',
      headers: admin(),
      payload: { caseIds: [done, fresh], note: '月末结案' },
    })
    expect(res.statusCode, res.body).toBe(200)
    const result = res.json()
    expect(result).toMatchObject({ succeeded: 1, failed: 1 })
    expect(result.results[0]).toMatchObject({ id: done, ok: true, error: null })
    expect(result.results[1]).toMatchObject({
      id: fresh,
      ok: false,
      error: { code: 'CASE_TRANSITION_NOT_ALLOWED', details: [{ allowed: 'acknowledged' }] },
    })
    const closed = (
      await t.app.inject({ method: 'GET', url: `/api/v1/cases/${done}`, headers: admin() })
    ).json()
    expect(closed.status).toBe('closed')
    expect(closed.events.at(-1)).toMatchObject({
      type: 'status',
      body: '月末结案',
      detail: { from: 'followed_up', to: 'closed' },
    })
    const untouched = (
      await t.app.inject({ method: 'GET', url: `/api/v1/cases/${fresh}`, headers: admin() })
    ).json()
    expect(untouched.status).toBe('new')
    const tooMany = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases/bulk/close',
      headers: admin(),
      payload: { caseIds: Array.from({ length: 201 }, (_, i) => `c${i}`) },
    })
    expect(tooMany.statusCode).toBe(400)
  })
})
