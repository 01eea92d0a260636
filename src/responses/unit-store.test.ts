import { beforeAll, expect, it } from 'vitest'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { newId } from '../shared/ids.js'
import { localDayOf } from '../shared/timezone.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import { createUnit } from '../units/unit.service.js'
import { insertResponseRows } from './response-insert.js'
import type { ResponseRow } from './response.table.js'
import { unitRollupDays } from './unit-rollup.service.js'
import { matchStoreValuesToUnits, unmatchedStoreValues } from './unit-store.service.js'

// Answers stored before their units existed carry only the `store` hidden field: the report
// lists the values that match no unit code; matching gives the rest their unit and adds them to
// the unit roll-up. On both stores.

const TZ = 'Asia/Shanghai'
const AT = Date.UTC(2026, 4, 10, 2, 0)

describeEachDialect('store values against units', (ctx) => {
  let scope: Scope
  let surveyId: string

  const answer = (store: string | null, nps: number, i: number): ResponseRow => {
    const id = newId(AT + i)
    return {
      id,
      org_id: scope.orgId,
      survey_id: surveyId,
      survey_version: 1,
      client_response_id: id,
      answers: '{}',
      nps,
      csat: null,
      ces: null,
      comment: null,
      locale: 'zh-CN',
      channel: 'link',
      segments: JSON.stringify(store === null ? {} : { store }),
      submitted_at: AT + i,
      local_day: localDayOf(AT + i, TZ),
      duration_ms: null,
      quality_flags: '',
      invitation_id: null,
      unit_id: null,
    }
  }

  beforeAll(async () => {
    const orgId = (await createOrganisation(ctx.store.db, 'Stores', AT, TZ)).id
    scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId,
      actor: { type: 'user', id: 'u-admin', role: 'admin' },
      now: AT + 3_600_000,
    }
    const draft = await createSurvey(scope, {
      title: { 'zh-CN': '门店' },
      questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' } }],
    })
    surveyId = (await publishSurvey(scope, draft.id)).id
    await insertResponseRows(ctx.store.db, [
      answer('S01', 10, 1),
      answer('S01', 3, 2),
      answer('S02', 9, 3),
      answer('老店', 8, 4),
      answer('老店', 7, 5),
      answer('老店', 6, 6),
      answer(null, 5, 7),
    ])
  })

  it('lists store values matching no unit code, then gives the matching answers their unit', async () => {
    expect((await unmatchedStoreValues(scope)).map((v) => [v.value, v.answers])).toEqual([
      ['老店', 3],
      ['S01', 2],
      ['S02', 1],
    ])
    const s01 = await createUnit(scope, { code: 'S01', nameZh: '一号店' })
    expect((await unmatchedStoreValues(scope)).map((v) => v.value)).toEqual(['老店', 'S02'])

    const matched = await matchStoreValuesToUnits(scope)
    expect(matched).toEqual({ attributed: 2, byCode: [{ code: 'S01', answers: 2 }] })
    const day = localDayOf(AT, TZ)
    const rolled = await unitRollupDays(scope, s01.id, { fromDay: day, toDay: day + 1 })
    expect(rolled.map((d) => [d.responses, d.nps.counts[10], d.nps.counts[3]])).toEqual([[2, 1, 1]])
    // Matching again changes nothing; the report still names what matches no unit.
    expect(await matchStoreValuesToUnits(scope)).toEqual({ attributed: 0, byCode: [] })
    expect((await unmatchedStoreValues(scope)).map((v) => v.value)).toEqual(['老店', 'S02'])
    // Answers without a unit are outside every unit: a member limited to units sees none.
    expect(await unmatchedStoreValues({ ...scope, units: [s01.id] })).toEqual([])
  })
})
