import { expect, it } from 'vitest'
import { createCustomerSegment } from '../customers/customer-segment.service.js'
import { updateCustomerSegment } from '../customers/customer-segment-edit.service.js'
import { createCustomer } from '../customers/customer.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import { createUnit } from '../units/unit.service.js'
import { listContactLists } from './contact-list.service.js'
import { insertContactList } from './contact.repository.js'
import { createProgramme, listProgrammes, runProgrammes } from './programme.service.js'

// Segment programmes' audience lists: a run with nobody to ask makes no list, and the empty,
// unsent lists such runs used to leave (visible in the contact-list picker, since no distribution
// marks them as a programme's) are removed at the next segment run — while every list a run sent
// to stays with its contacts, so each earlier run's invitations and funnel read as before.
//
// July: the segment (customers of unit E1) has 2 members → the run asks 2 through list L.
// Before August two empty lists named like a segment programme's are there (left by empty runs of
// the old code), and a user's own empty list. August: the segment is moved to the empty unit E2 →
// nobody to ask: the run records audience_empty and makes no list; the two empty programme lists
// are gone, L (July's history: 2 contacts, 2 invitations) and the user's list stay.
// September: back to E1 → the run reuses L (found through July's run) and asks 2 again. A second
// programme whose segment is empty at its first runs (August, September) makes no list at all.

const JULY = Date.UTC(2026, 6, 2, 2)
const AUGUST = Date.UTC(2026, 7, 3, 2)
const SEPTEMBER = Date.UTC(2026, 8, 3, 2)
const OUTBOUND = { allowedHosts: [], emailConfigured: true }
const PREFIX = '周期调研分群 / Segment audience · '

describeEachDialect('segment programme empty lists', (ctx) => {
  it('makes no list for an empty run and removes only empty, unsent programme lists', async () => {
    const db = ctx.store.db
    const org = await createOrganisation(db, '分群空名单', JULY - 86_400_000)
    const at = (now: number): Scope => ({
      db,
      features: ctx.store.features,
      orgId: org.id,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now,
    })
    const scope = at(JULY - 3_600_000)
    const east = await createUnit(scope, { code: 'E1', nameZh: '东区' })
    const empty = await createUnit(scope, { code: 'E2', nameZh: '新区' })
    for (const email of ['a@example.com', 'b@example.com'])
      await createCustomer(scope, { keys: [{ kind: 'email', value: email }], unitId: east.id })
    const segment = await createCustomerSegment(scope, {
      name: '东区客户',
      unitId: east.id,
      tiers: [],
    })
    const survey = await createSurvey(scope, {
      title: { 'zh-CN': '月度关系调研' },
      questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' } }],
    })
    await publishSurvey(scope, survey.id)
    const programme = await createProgramme(
      scope,
      {
        name: '东区月度调研',
        surveyId: survey.id,
        channel: 'email',
        email: { subject: '月度调研', body: '{link}' },
        schedule: 'monthly',
        startDate: '2026-07-01',
        audience: { kind: 'segment', segmentId: segment.id },
      },
      OUTBOUND,
    )
    // A second programme, from August, whose segment is empty by its first run: with no earlier
    // run to find a list through, the old code made a new empty list at every such run.
    const later = await createCustomerSegment(scope, {
      name: '新区客户',
      unitId: east.id,
      tiers: [],
    })
    const second = await createProgramme(
      scope,
      {
        name: '新区月度调研',
        surveyId: survey.id,
        channel: 'email',
        email: { subject: '月度调研', body: '{link}' },
        schedule: 'monthly',
        startDate: '2026-08-01',
        audience: { kind: 'segment', segmentId: later.id },
      },
      OUTBOUND,
    )
    await updateCustomerSegment(scope, later.id, { name: '新区客户', unitId: empty.id, tiers: [] })
    const listsNamed = async () =>
      (
        await db
          .selectFrom('contact_lists')
          .select(['id', 'name'])
          .where('org_id', '=', org.id)
          .execute()
      )
        .map((l) => l.name)
        .sort()

    expect(await runProgrammes(db, ctx.store.features, JULY)).toEqual({ fired: 1 })
    const july = (await listProgrammes(at(JULY))).find((p) => p.id === programme.id)!.runs[0]!
    const { list_id: julyList } = await db
      .selectFrom('distributions')
      .select('list_id')
      .where('id', '=', july.distributionId!)
      .executeTakeFirstOrThrow()

    for (const [name, days] of [
      [`${PREFIX}东区月度调研`, 10],
      [`${PREFIX}旧的季度调研`, 11],
      ['我的空名单', 12],
    ] as const)
      await insertContactList(db, {
        id: `old-${days}-${org.id}`,
        orgId: org.id,
        name,
        createdAt: JULY + days * 86_400_000,
      })
    expect(await listsNamed()).toEqual([
      `${PREFIX}东区月度调研`,
      `${PREFIX}东区月度调研`,
      `${PREFIX}旧的季度调研`,
      '我的空名单',
    ])

    await updateCustomerSegment(at(AUGUST - 3_600_000), segment.id, {
      name: '东区客户',
      unitId: empty.id,
      tiers: [],
    })
    expect(await runProgrammes(db, ctx.store.features, AUGUST)).toEqual({ fired: 2 })
    const secondRuns = (await listProgrammes(at(AUGUST))).find((p) => p.id === second.id)!.runs
    expect(secondRuns.map((r) => [r.period, r.error, r.distributionId])).toEqual([
      ['2026-08', 'audience_empty', null],
    ])
    const august = (await listProgrammes(at(AUGUST))).find((p) => p.id === programme.id)!.runs
    expect(august.map((r) => [r.period, r.error, r.funnel?.invited ?? null])).toEqual([
      ['2026-08', 'audience_empty', null],
      ['2026-07', null, 2],
    ])
    // July's list stays with its 2 contacts and 2 invitations; the empty ones are gone.
    expect(await listsNamed()).toEqual([`${PREFIX}东区月度调研`, '我的空名单'])
    const julyContacts = await db
      .selectFrom('contacts')
      .select('id')
      .where('list_id', '=', julyList)
      .execute()
    expect(julyContacts).toHaveLength(2)
    const invitations = await db
      .selectFrom('invitations')
      .select('contact_id')
      .where('distribution_id', '=', july.distributionId!)
      .execute()
    expect(invitations.map((i) => i.contact_id).sort()).toEqual(
      julyContacts.map((c) => c.id).sort(),
    )
    expect((await listContactLists(at(AUGUST))).map((l) => l.name)).toEqual(['我的空名单'])

    await updateCustomerSegment(at(SEPTEMBER - 3_600_000), segment.id, {
      name: '东区客户',
      unitId: east.id,
      tiers: [],
    })
    expect(await runProgrammes(db, ctx.store.features, SEPTEMBER)).toEqual({ fired: 2 })
    const september = (await listProgrammes(at(SEPTEMBER))).find((p) => p.id === programme.id)!
      .runs[0]!
    expect([september.period, september.error, september.funnel?.invited]).toEqual([
      '2026-09',
      null,
      2,
    ])
    const { list_id: septemberList } = await db
      .selectFrom('distributions')
      .select('list_id')
      .where('id', '=', september.distributionId!)
      .executeTakeFirstOrThrow()
    expect(septemberList).toBe(julyList)
    expect(await listsNamed()).toEqual([`${PREFIX}东区月度调研`, '我的空名单'])
  })
})
