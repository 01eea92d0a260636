import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { openStore } from '../db/open-store.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import { submitResponse } from '../responses/response.service.js'
import { ResponseWriter } from '../responses/response-writer.js'
import { surveyAnswerCount } from '../responses/response-counts.service.js'
import { TtlCache } from '../shared/ttl-cache.js'
import { OpenSurveyCache } from '../surveys/open-survey-cache.js'
import { createSurvey, publishSurvey } from '../surveys/survey.service.js'
import { runManyi } from './test-cli.js'

const dir = mkdtempSync(join(tmpdir(), 'manyi-unit-stores-cli-'))
const db = `sqlite:${join(dir, 'cli.db')}`
const manyi = (...args: string[]) => runManyi(args, { MANYI_DB_URL: db })

afterAll(() => rmSync(dir, { recursive: true, force: true }))

it('units unmatched lists store values matching no unit code, and --match gives the rest their unit', async () => {
  const now = Date.now()
  const { store } = await openStore({ dbUrl: db }, {})
  try {
    const orgId = (await createOrganisation(store.db, '门店集团', now)).id
    const scope = {
      db: store.db,
      features: store.features,
      orgId,
      actor: { type: 'system' as const, id: 'test', role: 'admin' as const },
      now,
    }
    const draft = await createSurvey(scope, {
      title: { 'zh-CN': '门店回访' },
      questions: [{ key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' }, required: true }],
      settings: { hiddenFields: ['store'] },
    })
    const survey = await publishSurvey(scope, draft.id)
    const clock = () => now
    const path = {
      store,
      openSurveys: new OpenSurveyCache(store.db, clock, (id) => surveyAnswerCount(store.db, id)),
      writer: new ResponseWriter(store),
      wakeJobs: () => {},
      linkSecrets: new TtlCache<string, string>({ ttlMs: 60_000, max: 10, clock }),
    }
    for (const [i, storeCode] of ['CS-01', 'CS-01', 'X9'].entries())
      await submitResponse(
        path,
        survey.slug,
        { answers: { nps: 9 }, segments: { store: storeCode } },
        undefined,
        now + i,
      )
  } finally {
    await store.close()
  }
  const before = await manyi('units', 'unmatched')
  expect(before.code).toBe(0)
  expect(before.stdout).toMatch(/^CS-01\t2 answers\t.*\nX9\t1 answers\t/)

  const file = join(dir, 'units.csv')
  const { writeFileSync } = await import('node:fs')
  writeFileSync(file, 'code,parent_code,name\nCS,,长沙\nCS-01,CS,芙蓉区供电所\n')
  expect((await manyi('units', 'import', '--input', file)).code).toBe(0)
  const matched = await manyi('units', 'unmatched', '--match', '--json')
  expect(JSON.parse(matched.stdout)).toMatchObject({
    matched: { attributed: 2, byCode: [{ code: 'CS-01', answers: 2 }] },
    unmatched: [{ value: 'X9', answers: 1 }],
  })
})
