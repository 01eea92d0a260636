import { beforeAll, expect, it } from 'vitest'
import type { Role, Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createFeedback } from '../feedback/feedback.service.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { buildReport } from '../reports/report-content.service.js'
import { createUnit } from '../units/unit.service.js'
import { emergingTopicsAt, getTextInsights } from './text-insights.service.js'
import { updateTextConfig } from './text.service.js'

// Text insights through their service on both stores: a window of the organisation's days
// (Asia/Shanghai) counted by sentiment and by the organisation's own topics, filtered by channel,
// and a topic that rose in the last week against the four before reported as emerging — for its
// organisation only.

const DAY = 86_400_000
// 2026-07-22 10:00 in Shanghai.
const T0 = Date.UTC(2026, 6, 22, 2, 0)
const WEEK = { from: '2026-07-16', to: '2026-07-22' }
const COMPLAINT = '停车位太少了，很不方便'
const PRAISE = '服务很好，非常满意'

describeEachDialect('text insights service', (ctx) => {
  let scope: Scope
  let otherScope: Scope

  const scopeOf = (orgId: string, role: Role = 'admin'): Scope => ({
    db: ctx.store.db,
    features: ctx.store.features,
    orgId,
    actor: { type: 'user', id: `u-${role}`, role },
    now: T0,
  })
  const feedback = (at: number, kind: string, channel: string, text: string) =>
    createFeedback(scope, { kind, channel, text, receivedAt: new Date(at).toISOString() })

  beforeAll(async () => {
    scope = scopeOf((await createOrganisation(ctx.store.db, 'Insights', T0)).id)
    otherScope = scopeOf((await createOrganisation(ctx.store.db, 'Other', T0)).id)
    await updateTextConfig(scope, {
      topics: [{ key: 'parking', label: { 'zh-CN': '停车' }, keywords: ['停车位', '停车'] }],
    })
    // The four weeks before: praise only. The last week: six parking complaints, two praises.
    for (let k = 0; k < 20; k++) await feedback(T0 - (10 + k) * DAY, 'praise', 'web', PRAISE)
    for (let k = 0; k < 6; k++) await feedback(T0 - k * DAY, 'complaint', 'hotline', COMPLAINT)
    for (let k = 0; k < 2; k++) await feedback(T0 - k * DAY, 'praise', 'web', PRAISE)
    // Another organisation's complaints, in the same days.
    for (let k = 0; k < 6; k++)
      await createFeedback(otherScope, {
        kind: 'complaint',
        text: COMPLAINT,
        receivedAt: new Date(T0 - k * DAY).toISOString(),
      })
  })

  it("counts the window by sentiment and by the organisation's topics", async () => {
    const insights = await getTextInsights(scope, WEEK)
    expect(insights).toMatchObject({
      total: 8,
      sentiment: { positive: 2, neutral: 0, negative: 6 },
      languages: { zh: 8 },
      keywordSample: 8,
    })
    expect(insights.topics).toEqual([
      {
        key: 'parking',
        label: { 'zh-CN': '停车' },
        count: 6,
        positive: 0,
        neutral: 0,
        negative: 6,
      },
    ])
    const web = await getTextInsights(scope, { ...WEEK, channel: 'web' })
    expect(web).toMatchObject({ total: 2, sentiment: { positive: 2, neutral: 0, negative: 0 } })
    expect(web.topics).toEqual([])
  })

  it('reports a topic that rose in the last week as emerging', async () => {
    const emerging = await emergingTopicsAt(scope, T0 + DAY)
    expect(emerging).toEqual([
      expect.objectContaining({
        topic: 'parking',
        label: { 'zh-CN': '停车' },
        recentShare: 0.75,
        baselineShare: 0,
      }),
    ])
    expect((await getTextInsights(scope, WEEK)).emerging.map((e) => e.topic)).toEqual(['parking'])
  })

  it("keeps emerging topics to the reader's units and to a unit report's subtree", async () => {
    // Tree HQ → East, West, both with praise in the four weeks before: East's parking complaints
    // rose in the last week, West had praise only.
    const unitScope = scopeOf((await createOrganisation(ctx.store.db, 'Units', T0)).id)
    await updateTextConfig(unitScope, {
      topics: [{ key: 'parking', label: { 'zh-CN': '停车' }, keywords: ['停车位', '停车'] }],
    })
    const hq = await createUnit(unitScope, { code: 'HQ', nameZh: '总部', nameEn: 'HQ' })
    const east = await createUnit(unitScope, {
      code: 'E',
      nameZh: '东店',
      nameEn: 'East',
      parentId: hq.id,
    })
    const west = await createUnit(unitScope, {
      code: 'W',
      nameZh: '西店',
      nameEn: 'West',
      parentId: hq.id,
    })
    const at = (daysAgo: number) => new Date(T0 - DAY / 2 - daysAgo * DAY).toISOString()
    for (let k = 0; k < 20; k++)
      await createFeedback(unitScope, {
        kind: 'praise',
        text: PRAISE,
        unit: k % 2 === 0 ? 'E' : 'W',
        receivedAt: at(10 + k),
      })
    for (let k = 0; k < 6; k++)
      await createFeedback(unitScope, {
        kind: 'complaint',
        text: COMPLAINT,
        unit: 'E',
        receivedAt: at(k),
      })
    for (let k = 0; k < 2; k++)
      await createFeedback(unitScope, {
        kind: 'praise',
        text: PRAISE,
        unit: 'W',
        receivedAt: at(k),
      })

    const topicsOf = async (units: string[] | undefined) =>
      (await emergingTopicsAt({ ...unitScope, units }, T0)).map((e) => e.topic)
    expect(await topicsOf(undefined)).toEqual(['parking'])
    expect(await topicsOf([east.id])).toEqual(['parking'])
    expect(await topicsOf([west.id])).toEqual([])
    const westReader = { ...unitScope, units: [west.id] }
    expect((await getTextInsights(westReader, WEEK)).emerging).toEqual([])

    // A unit's report (weekly, the week of T0) lists its own subtree's topics only.
    const weekly = (unitId: string) =>
      buildReport(unitScope, { unitId, kind: 'weekly', period: '2026-07-22' })
    expect((await weekly(west.id)).topics).toEqual([])
    expect((await weekly(east.id)).topics.map((t) => t.topic)).toEqual(['parking'])
    expect((await weekly(hq.id)).topics.map((t) => t.topic)).toEqual(['parking'])
  })

  it('shows another organisation only its own, and refuses a bad window and the auditor', async () => {
    const other = await getTextInsights(otherScope, WEEK)
    expect(other.total).toBe(6)
    // Its taxonomy is the default one: no 'parking' topic, and no history to rise against.
    expect(other.topics.map((t) => t.key)).not.toContain('parking')
    expect(other.emerging).toEqual([])
    await expect(getTextInsights(scope, { from: '16/07/2026', to: WEEK.to })).rejects.toMatchObject(
      { code: 'VALIDATION_FAILED' },
    )
    await expect(getTextInsights(scopeOf(scope.orgId, 'auditor'), WEEK)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
  })
})
