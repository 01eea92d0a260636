import { expect, it } from 'vitest'
import { createCustomerSegment } from '../customers/customer-segment.service.js'
import { createCustomer } from '../customers/customer.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import { createUnit } from '../units/unit.service.js'
import { importContactList, listContactLists } from './contact-list.service.js'
import { createProgramme, listProgrammes, runProgrammes } from './programme.service.js'

// A monthly programme asking a customer segment writes its audience to one list of its own,
// reused by every run, instead of a new list each month (which piled up in the contact-list
// picker): July asks the unit's 2 customers, a third joins, August asks all 3 through the same
// list, which then holds 3 contacts (the 2 kept, 1 added). The picker (listContactLists) offers a
// user's list, and the list a list-audience programme asks, but not the segment programme's list.

const JULY = Date.UTC(2026, 6, 2, 2)
const AUGUST = Date.UTC(2026, 7, 3, 2)
const OUTBOUND = { allowedHosts: [], emailConfigured: true }

describeEachDialect('segment programme list', (ctx) => {
  it('reuses one list per segment programme and keeps it out of the picker', async () => {
    const db = ctx.store.db
    const org = await createOrganisation(db, '分群周期调研', JULY - 86_400_000)
    const at = (now: number): Scope => ({
      db,
      features: ctx.store.features,
      orgId: org.id,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now,
    })
    const scope = at(JULY - 3_600_000)
    const unit = await createUnit(scope, { code: 'E1', nameZh: '东区' })
    const customer = (s: Scope, email: string) =>
      createCustomer(s, { keys: [{ kind: 'email', value: email }], unitId: unit.id })
    await customer(scope, 'a@example.com')
    await customer(scope, 'b@example.com')
    const segment = await createCustomerSegment(scope, {
      name: '东区客户',
      unitId: unit.id,
      tiers: [],
    })
    const survey = await createSurvey(scope, {
      title: { 'zh-CN': '月度关系调研' },
      questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' } }],
    })
    await publishSurvey(scope, survey.id)
    const email = { subject: '月度调研', body: '{link}' }
    const programme = await createProgramme(
      scope,
      {
        name: '东区月度调研',
        surveyId: survey.id,
        channel: 'email',
        email,
        schedule: 'monthly',
        startDate: '2026-07-01',
        audience: { kind: 'segment', segmentId: segment.id },
      },
      OUTBOUND,
    )
    const own = await importContactList(scope, '大客户名单', {
      file: 'k.csv',
      headers: ['email'],
      rows: [['vip@example.com']],
    })
    await createProgramme(
      scope,
      {
        name: '大客户月度调研',
        surveyId: survey.id,
        channel: 'email',
        email,
        schedule: 'monthly',
        startDate: '2026-07-01',
        audience: { kind: 'list', listId: own.list.id },
      },
      OUTBOUND,
    )

    expect(await runProgrammes(db, ctx.store.features, JULY)).toEqual({ fired: 2 })
    await customer(at(JULY + 86_400_000), 'c@example.com')
    expect(await runProgrammes(db, ctx.store.features, AUGUST)).toEqual({ fired: 2 })

    const runs = (await listProgrammes(at(AUGUST))).find((p) => p.id === programme.id)!.runs
    expect(runs.map((r) => [r.period, r.error, r.funnel?.invited])).toEqual([
      ['2026-08', null, 3],
      ['2026-07', null, 2],
    ])
    const lists = await db
      .selectFrom('distributions')
      .select('list_id')
      .where(
        'id',
        'in',
        runs.map((r) => r.distributionId!),
      )
      .execute()
    const listIds = [...new Set(lists.map((l) => l.list_id))]
    expect(listIds).toHaveLength(1)
    const list = await db
      .selectFrom('contact_lists')
      .select('name')
      .where('id', '=', listIds[0]!)
      .executeTakeFirstOrThrow()
    expect(list.name).toBe('周期调研分群 / Segment audience · 东区月度调研')
    const contacts = await db
      .selectFrom('contacts')
      .select('id')
      .where('list_id', '=', listIds[0]!)
      .execute()
    expect(contacts).toHaveLength(3)
    const segmentLists = await db
      .selectFrom('contact_lists')
      .select('id')
      .where('org_id', '=', org.id)
      .where('name', 'like', '周期调研分群%')
      .execute()
    expect(segmentLists).toHaveLength(1)

    const picker = await listContactLists(at(AUGUST))
    expect(picker.map((l) => [l.name, l.contacts])).toEqual([['大客户名单', 1]])
  })
})
