import { beforeAll, expect, it } from 'vitest'
import { pageAudit } from '../audit/audit.service.js'
import type { Scope } from '../db/scope.js'
import { describeEachDialect } from '../db/test-dialects.js'
import { createOrganisation } from '../organisations/organisation.service.js'
import {
  closeSurvey,
  createSurvey,
  createSurveyFromTemplate,
  getSurvey,
  listSurveysWithCounts,
  publishSurvey,
  surveyLinkTexts,
  surveyQuestionsByIds,
  updateSurvey,
} from './survey.service.js'

// Surveys through their service on both stores: the life cycle draft → published → closed, a
// published survey's edit bumping its version, the cache of open surveys told of each change,
// the audit entries written with it, and the refusals (wrong state, unknown id, a viewer).

const T0 = Date.UTC(2026, 5, 3, 1, 0)

const input = (title: string) => ({
  title: { 'zh-CN': title, 'en-US': `${title} (en)` },
  questions: [
    { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐意愿' }, required: true },
    { key: 'comment', type: 'text', title: { 'zh-CN': '意见' } },
  ],
})

describeEachDialect('survey service', (ctx) => {
  let scope: Scope
  const forgotten: string[] = []
  const openSurveys = { forget: (slug: string) => void forgotten.push(slug) }

  beforeAll(async () => {
    const organisation = await createOrganisation(ctx.store.db, 'Survey test', T0)
    scope = {
      db: ctx.store.db,
      features: ctx.store.features,
      orgId: organisation.id,
      actor: { type: 'user', id: 'u-surveys', role: 'admin' },
      now: T0,
    }
  })

  it('creates a draft, publishes it, versions an edit, closes it, and tells the cache each time', async () => {
    const draft = await createSurvey(scope, input('门店满意度'))
    expect(draft).toMatchObject({
      status: 'draft',
      version: 1,
      title: { 'zh-CN': '门店满意度', 'en-US': '门店满意度 (en)' },
      publishedAt: null,
    })
    expect(draft.questions.map((q) => [q.key, q.type, q.required])).toEqual([
      ['nps', 'nps', true],
      ['comment', 'text', false],
    ])

    // A draft's edit keeps its version; a published survey's edit makes the next one.
    const edited = await updateSurvey(
      { ...scope, now: T0 + 500 },
      draft.id,
      input('门店满意度 v1'),
      openSurveys,
    )
    expect(edited.version).toBe(1)
    const published = await publishSurvey({ ...scope, now: T0 + 1000 }, draft.id, openSurveys)
    expect(published).toMatchObject({
      status: 'published',
      version: 1,
      publishedAt: new Date(T0 + 1000).toISOString(),
    })
    const v2 = await updateSurvey(
      { ...scope, now: T0 + 1500 },
      draft.id,
      input('门店满意度 v2'),
      openSurveys,
    )
    expect(v2).toMatchObject({ version: 2, title: { 'zh-CN': '门店满意度 v2' } })
    const closed = await closeSurvey({ ...scope, now: T0 + 2000 }, draft.id, openSurveys)
    expect(closed).toMatchObject({ status: 'closed', closedAt: new Date(T0 + 2000).toISOString() })
    expect(forgotten).toEqual([draft.slug, draft.slug, draft.slug, draft.slug])

    expect(await getSurvey(scope, draft.id)).toEqual(closed)
    const audit = await pageAudit(scope, { action: 'survey.*' })
    const own = audit.entries.filter((e) => e.entityId === draft.id)
    expect(own.map((e) => [e.action, e.detail.version ?? null])).toEqual([
      ['survey.close', 2],
      ['survey.update', 2],
      ['survey.publish', 1],
      ['survey.update', 1],
      ['survey.create', null],
    ])
  })

  it('lists surveys with their answer counts, and reads titles and questions by id', async () => {
    const fromTemplate = await createSurveyFromTemplate(scope, 'relational-nps')
    const surveys = await listSurveysWithCounts(scope)
    const listed = surveys.find((s) => s.id === fromTemplate.id)
    expect(listed).toMatchObject({ status: 'draft', responses: 0 })

    const texts = await surveyLinkTexts(scope.db, [fromTemplate.id, 'no-such-survey'])
    expect([...texts.keys()]).toEqual([fromTemplate.id])
    expect(texts.get(fromTemplate.id)).toEqual({
      slug: fromTemplate.slug,
      title: fromTemplate.title,
    })
    const questions = await surveyQuestionsByIds(scope.db, [fromTemplate.id])
    expect(questions.get(fromTemplate.id)).toEqual(fromTemplate.questions)
  })

  it('refuses what the state, the id or the role does not allow', async () => {
    const draft = await createSurvey(scope, input('拒绝'))
    await expect(closeSurvey(scope, draft.id)).rejects.toMatchObject({
      code: 'SURVEY_NOT_PUBLISHED',
      extra: { status: 'draft', allowedNext: ['published'] },
    })
    await publishSurvey(scope, draft.id)
    await expect(publishSurvey(scope, draft.id)).rejects.toMatchObject({
      code: 'SURVEY_NOT_DRAFT',
      extra: { status: 'published', allowedNext: ['closed'] },
    })
    await closeSurvey(scope, draft.id)
    await expect(updateSurvey(scope, draft.id, input('x'))).rejects.toMatchObject({
      code: 'SURVEY_NOT_EDITABLE',
    })
    await expect(getSurvey(scope, 'no-such-survey')).rejects.toMatchObject({
      code: 'SURVEY_NOT_FOUND',
    })
    await expect(createSurveyFromTemplate(scope, 'no-such-template')).rejects.toMatchObject({
      code: 'TEMPLATE_NOT_FOUND',
    })
    await expect(createSurvey(scope, { title: {}, questions: [] })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    })
    const viewer: Scope = { ...scope, actor: { type: 'user', id: 'u-viewer', role: 'viewer' } }
    await expect(createSurvey(viewer, input('viewer'))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    expect((await getSurvey(viewer, draft.id)).status).toBe('closed')
  })
})
