import { expect, it } from 'vitest'
import { bootstrapFirstAdmin, systemScopeOfFirstOrg } from '../auth/bootstrap.js'
import { analyzeComplaints } from '../cases/complaint-analytics.js'
import { slaBoard } from '../cases/sla-board.js'
import { runSurveyIntake } from '../feedback/survey-intake.js'
import { summarizeSurvey } from '../responses/summary.service.js'
import { getTextInsights } from '../text/text-insights.service.js'
import { createTestStore } from '../db/test-store.js'
import { internalSatisfaction } from '../employees/internal-satisfaction.service.js'
import { listSurveys } from '../surveys/survey.service.js'
import { loadDemoData } from './demo.js'

const NOW = Date.parse('2026-11-23T04:00:00Z')

async function demoStore() {
  const store = await createTestStore('sqlite')
  await bootstrapFirstAdmin(store.db, 'demo@test.local', 'demo-password-1', NOW)
  const scope = (await systemScopeOfFirstOrg(store.db, store.features, NOW))!
  const result = await loadDemoData(scope, {})
  return { store, scope, result }
}

it('loads 20,000 customer responses in three surveys over twelve months, the same every time', async () => {
  const a = await demoStore()
  const b = await demoStore()
  try {
    // Customer answers and the staff's anonymous internal survey are counted apart.
    expect(a.result.responses).toBe(20_000)
    expect(a.result.internalResponses).toBe(91)
    expect(a.result.surveys.map((s) => s.responses)).toEqual([14_000, 4_000, 2_000])
    const year = { from: '2025-11-23', to: '2026-11-23', interval: 'month' }
    const summaryA = await summarizeSurvey(a.scope, a.result.surveys[0]!.id, year)
    const summaryB = await summarizeSurvey(b.scope, b.result.surveys[0]!.id, year)
    expect(summaryA.totals).toEqual(summaryB.totals)
    expect(summaryA.totals.responses).toBe(14_000)
    expect(summaryA.trend).toHaveLength(13)

    // Service improves over the year, with a visible dip during the incident (days 200–230).
    const npsOf = (period: string) => summaryA.trend.find((p) => p.period === period)!.nps!.nps!
    expect(npsOf('2026-10-01')).toBeGreaterThan(npsOf('2025-12-01') + 20)
    expect(npsOf('2026-06-01')).toBeLessThan(npsOf('2026-05-01') - 10)

    // Early warning: the incident's days stand out on the detractor p chart, and the channels are compared.
    const daily = await summarizeSurvey(a.scope, a.result.surveys[0]!.id, {
      from: '2026-05-01',
      to: '2026-07-31',
      interval: 'day',
    })
    const flagged = daily.detractorControl!.chart.signals.map(
      (i) => daily.detractorControl!.dates[i]!,
    )
    expect(flagged.length).toBeGreaterThan(3)
    expect(
      flagged.filter((date) => date >= '2026-06-10' && date <= '2026-07-12').length /
        flagged.length,
    ).toBeGreaterThan(0.6)
    const lastQuarter = await summarizeSurvey(a.scope, a.result.surveys[0]!.id, {
      from: '2026-08-25',
      to: '2026-11-22',
    })
    expect(lastQuarter.previousPeriod.changes.nps!.difference).toBeGreaterThan(5)
    expect(lastQuarter.previousPeriod.changes.nps!.isSignificant).toBe(true)
    expect(summaryA.channels.map((c) => c.segment).sort()).toEqual([
      'email',
      'link',
      'qr',
      'widget',
    ])
    expect(summaryA.channels.reduce((n, c) => n + c.nps.n, 0)).toBe(summaryA.totals.nps!.n)

    const segments = await a.store.db
      .selectFrom('responses')
      .select(['segments', 'channel', 'comment'])
      .limit(200)
      .execute()
    const regions = new Set(segments.map((r) => JSON.parse(r.segments).region))
    expect([...regions].sort()).toEqual(['华东', '华北', '华南', '西南'])
    expect(new Set(segments.map((r) => r.channel)).size).toBe(4)
    expect(segments.some((r) => r.comment !== null && /[\u4e00-\u9fff]/.test(r.comment))).toBe(true)

    // Complaint cases for the service-recovery views: waiting time leads the causes.
    expect(a.result.cases).toBe(b.result.cases)
    expect(a.result.cases).toBe(3_000)
    const complaints = await analyzeComplaints(a.scope, { from: '2026-08-25', to: '2026-11-23' })
    // Complaint analytics count complaint cases only; the demo's inquiries and suggestions
    // (demo-work-items.ts, opened at load time) are work items of their own kind, not among
    // the README's 3,000 complaint cases.
    const lastQuarterCases = await a.store.db
      .selectFrom('cases')
      .select('kind')
      .where('created_at', '>=', Date.parse('2026-08-24T16:00:00Z'))
      .execute()
    expect(complaints.cases).toBe(lastQuarterCases.filter((c) => c.kind === 'complaint').length)
    expect(lastQuarterCases.filter((c) => c.kind !== 'complaint').length).toBe(6)
    expect(complaints.cases).toBeGreaterThan(500)
    expect(complaints.pareto[0]!.key).toBe('wait_time')
    expect(complaints.repeatCustomers.length).toBeGreaterThan(0)
    expect(complaints.recovery.rate).toBeGreaterThan(0.5)
    expect(complaints.recovery.rate).toBeLessThan(0.9)
    // Owned by a team of four agents under a supervisor, each with a share of the cases.
    expect(complaints.slaByOwner.map((o) => o.name).sort()).toEqual([
      '张客服',
      '李客服',
      '王客服',
      '陈客服',
    ])
    expect(complaints.slaByOwner.every((o) => o.cases >= 15)).toBe(true)
    // Their scorecards add up to the whole: every case, every follow-up, every yuan of compensation.
    expect(complaints.people.map((p) => p.name).sort()).toEqual([
      '张客服',
      '李客服',
      '王客服',
      '陈客服',
    ])
    expect(complaints.people.reduce((n, p) => n + p.cases, 0)).toBe(complaints.cases)
    expect(complaints.people.reduce((n, p) => n + p.followedUp, 0)).toBe(
      complaints.recovery.followedUp,
    )
    expect(complaints.people.reduce((n, p) => n + p.compensation, 0)).toBe(
      complaints.compensation.total,
    )
    expect(
      complaints.people.every((p) => p.firstResponseMedian !== null && p.recoveryRate !== null),
    ).toBe(true)
    // Each case's timeline matches its status: a closed case was acknowledged, investigated, resolved, followed up.
    const closed = await a.store.db
      .selectFrom('cases')
      .select(['id', 'first_responded_at', 'resolved_at'])
      .where('status', '=', 'closed')
      .executeTakeFirstOrThrow()
    const timeline = await a.store.db
      .selectFrom('case_events')
      .select(['type', 'detail', 'created_at'])
      .where('case_id', '=', closed.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    const steps = timeline.filter((e) => e.type === 'status').map((e) => JSON.parse(e.detail).to)
    expect(steps).toEqual(['acknowledged', 'investigating', 'resolved', 'followed_up', 'closed'])
    expect(Number(timeline.find((e) => e.type === 'status')!.created_at)).toBe(
      Number(closed.first_responded_at),
    )
    // Response times are working time: most first responses within the hour.
    expect(complaints.firstResponse.median).toBeGreaterThan(5)
    expect(complaints.firstResponse.median).toBeLessThan(60)
    // Mostly within the SLA, with misses to look into.
    const compliance = complaints.slaByDepartment[0]!.compliance!
    expect(compliance).toBeGreaterThan(0.55)
    expect(compliance).toBeLessThan(0.9)

    // The last 90 days' comments are analysed feedback for the text insights.
    expect(a.result.comments).toBeGreaterThan(1000)
    const text = await getTextInsights(a.scope, { from: '2026-08-25', to: '2026-11-23' })
    // Its texts: the comments, the complaint cases' and the 6 inquiries' and suggestions' own.
    expect(text.total).toBe(a.result.comments + complaints.cases + 6)
    expect(text.sentiment.negative).toBeGreaterThan(0)
    expect(text.sentiment.positive).toBeGreaterThan(0)
    expect(text.topics.length).toBeGreaterThan(3)
  } finally {
    await a.store.close()
    await b.store.close()
  }
}, 120_000)

it('looks like a real operation on a fresh database the server is running: a year of worked cases, tens open over the team, and a second load adds nothing', async () => {
  const store = await createTestStore('sqlite')
  try {
    await bootstrapFirstAdmin(store.db, 'demo@test.local', 'demo-password-1', NOW)
    const scope = (await systemScopeOfFirstOrg(store.db, store.features, NOW))!
    // The server's background intake has run before anyone clicks 加载演示数据 …
    const taken = new Set<string>()
    await runSurveyIntake(store.db, NOW - 60_000, taken)
    const result = await loadDemoData(scope, { responses: 20_000 })
    // … and runs on after: the year of demo answers is history, it opens no case.
    for (let i = 1; i <= 30; i++)
      if (!(await runSurveyIntake(store.db, NOW + i * 2_000, taken)).more) break
    const cases = await store.db
      .selectFrom('cases')
      .select(['status', 'owner_id', 'title', 'created_at', 'kind'])
      .where('org_id', '=', scope.orgId)
      .where('kind', '=', 'complaint')
      .execute()
    expect(cases).toHaveLength(result.cases)
    expect(result.cases).toBe(3_000)
    // Besides the 3,000 complaint cases (README), the demo's work items: three inquiries and
    // three suggestions (demo-work-items.ts); the praise naming employees opens none here.
    const workItems = await store.db
      .selectFrom('cases')
      .select(['kind', 'status'])
      .where('org_id', '=', scope.orgId)
      .where('kind', '!=', 'complaint')
      .orderBy('kind')
      .orderBy('status')
      .execute()
    expect(workItems.map((c) => c.kind)).toEqual([
      'inquiry',
      'inquiry',
      'inquiry',
      'suggestion',
      'suggestion',
      'suggestion',
    ])

    const open = cases.filter((c) => ['new', 'acknowledged', 'investigating'].includes(c.status))
    expect(open.length).toBeGreaterThanOrEqual(20)
    expect(open.length).toBeLessThanOrEqual(60)
    // Most are closed after a call back; every case is titled in the customer's words.
    expect(cases.filter((c) => c.status === 'closed').length / cases.length).toBeGreaterThan(0.9)
    expect(cases.filter((c) => c.title === '—' || c.title.trim() === '')).toEqual([])
    // Spread over the twelve months, not created at load time.
    const months = new Set(
      cases.map((c) => new Date(Number(c.created_at)).toISOString().slice(0, 7)),
    )
    expect(months.size).toBeGreaterThanOrEqual(12)
    expect(cases.filter((c) => Number(c.created_at) > NOW - 3_600_000).length).toBeLessThan(10)

    // The SLA board shows the team, not one row of unassigned cases.
    const board = await slaBoard(scope)
    const owners = board.rows.filter((r) => r.ownerId !== null && r.open > 0)
    expect(owners.length).toBeGreaterThanOrEqual(3)
    expect(
      owners.every((r) => ['张客服', '李客服', '王客服', '陈客服'].includes(r.ownerName ?? '')),
    ).toBe(true)
    const unassigned = board.rows.find((r) => r.ownerId === null)?.open ?? 0
    expect(unassigned).toBeLessThan(open.length / 2)
    // Closed cases carry their history: compensation for some, a call back with its answer.
    const compensations = await store.db.selectFrom('compensations').select('id').execute()
    expect(compensations.length).toBeGreaterThan(cases.length * 0.2)
    const followUps = await store.db
      .selectFrom('case_events')
      .select(['detail', 'body'])
      .where('type', '=', 'status')
      .where('detail', 'like', '%"to":"followed_up"%')
      .execute()
    expect(followUps.length).toBe(cases.filter((c) => c.status === 'closed').length)
    expect(
      followUps.every((e) => typeof JSON.parse(e.detail).satisfied === 'boolean' && e.body),
    ).toBe(true)

    // Loading again (a second click) doubles nothing.
    const again = await loadDemoData(scope, {})
    expect(again.alreadyLoaded).toBe(true)
    expect(again.responses).toBe(0)
    expect(again.cases).toBe(0)
    expect(again.surveys.map((s) => s.id).sort()).toEqual(result.surveys.map((s) => s.id).sort())
    const count = async (table: 'cases' | 'responses' | 'surveys') =>
      Number(
        (
          await store.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    // The 3,000 complaint cases and the 6 work items, none of them twice.
    expect(await count('cases')).toBe(3_000 + 6)
    // … and the hall-visit survey's answers of the past week (demo-hall-waits.ts), once.
    expect(result.hallVisitResponses).toBeGreaterThan(900)
    expect(await count('responses')).toBe(20_000 + 91 + result.hallVisitResponses)
    expect(await count('surveys')).toBe(5)

    // The internal survey's report has figures, with the halls under 5 staff suppressed.
    const internalSurvey = (await listSurveys(scope)).find((s) => s.settings.anonymity)!
    const internal = await internalSatisfaction(scope, { surveyId: internalSurvey.id })
    const root = internal.groups.find((g) => g.unitId === null)!
    expect(root).toMatchObject({ shown: true, n: 91 })
    expect(root.enps?.enps).not.toBeNull()
    const halls = internal.groups.filter((g) => g.unitId !== null && g.n !== 0)
    expect(halls.filter((g) => g.shown).length).toBeGreaterThanOrEqual(6)
    expect(halls.some((g) => !g.shown)).toBe(true)
  } finally {
    await store.close()
  }
})
