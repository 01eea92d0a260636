import { describe, expect, it } from 'vitest'
import { ALL_TYPES_QUESTIONS } from './test-questions.js'
import { answerFromForm, checkAnswers } from './survey-answers.js'
import { SurveyInputSchema } from './survey.schema.js'

describe('checkAnswers for every question type', () => {
  it('accepts well-formed answers and normalises form strings', () => {
    // 'text': as a form post or a file cell sends them; the JSON API refuses "9" (security/audit-and-input.test.ts).
    const formStrings = {
      nps: '9',
      agree: 4,
      quality: '-20',
      score: 10,
      imp_quality: 5,
      visit: 'repair',
      channels: ['app', 'friend', 'app'],
      delivery: { functional: 'like', dysfunctional: 'dislike' },
      q5: { expectation: '7', perception: 5 },
      service: { attitude: '5', speed: 3, clarity: '' },
      contact: { name: ' 王先生 ', phone: '138 0000 0000', email: '', consent: 'true' },
    }
    const { answers, issues } = checkAnswers(ALL_TYPES_QUESTIONS, formStrings, 'text')
    expect(issues).toEqual([])
    expect(answers).toEqual({
      nps: 9,
      agree: 4,
      quality: -20,
      score: 10,
      imp_quality: 5,
      visit: 'repair',
      channels: ['app', 'friend'],
      delivery: { functional: 'like', dysfunctional: 'dislike' },
      q5: { expectation: 7, perception: 5 },
      service: { attitude: 5, speed: 3 },
      contact: { name: '王先生', phone: '138 0000 0000', consent: true },
    })
  })

  it('names what is wrong in each kind of answer', () => {
    const { issues } = checkAnswers(ALL_TYPES_QUESTIONS, {
      nps: 9,
      quality: 30,
      visit: 'fly',
      channels: ['app', 'tv'],
      delivery: { functional: 'like' },
      q5: { expectation: 8, perception: 5 },
      contact: { phone: '13800000000' },
    })
    expect(issues).toEqual([
      {
        path: 'answers.quality',
        reason: 'must be one of -60, -40, -20, 0, 20, 40, 60, got 30',
        allowed: '-60, -40, -20, 0, 20, 40, 60',
      },
      { path: 'answers.visit', reason: 'unknown option "fly"', allowed: 'buy, repair' },
      { path: 'answers.channels', reason: 'unknown option "tv"', allowed: 'app, friend, ad' },
      { path: 'answers.delivery.dysfunctional', reason: 'dysfunctional was not answered' },
      {
        path: 'answers.q5.expectation',
        reason: 'must be a whole number from 1 to 7, got 8',
        allowed: '1–7',
      },
      {
        path: 'answers.contact.consent',
        reason: 'contact details are stored only with the respondent’s consent',
      },
    ])
  })

  it('reads two-part, multiple and contact answers from a plain form post', () => {
    const form = {
      'delivery.functional': 'must_be',
      'delivery.dysfunctional': 'dislike',
      channels: ['app', 'ad'],
      'contact.email': 'a@b.cn',
      'contact.consent': 'true',
      visit: 'buy',
    }
    const byKey = (key: string) => ALL_TYPES_QUESTIONS.find((q) => q.key === key)!
    expect(answerFromForm(byKey('delivery'), form)).toEqual({
      functional: 'must_be',
      dysfunctional: 'dislike',
    })
    expect(answerFromForm(byKey('channels'), form)).toEqual(['app', 'ad'])
    expect(answerFromForm(byKey('visit'), form)).toBe('buy')
    expect(answerFromForm(byKey('contact'), form)).toEqual({
      name: null,
      phone: null,
      email: 'a@b.cn',
      consent: 'true',
    })
  })
})

describe('question definitions', () => {
  it('need their options, Kano wording and SERVQUAL dimension', () => {
    const result = SurveyInputSchema.safeParse({
      title: { 'zh-CN': 'x' },
      questions: [
        { key: 'a', type: 'single', title: { 'zh-CN': 'a' } },
        { key: 'b', type: 'kano', title: { 'zh-CN': 'b' } },
        { key: 'c', type: 'servqual', title: { 'zh-CN': 'c' } },
      ],
    })
    expect(result.success).toBe(false)
    expect(result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'questions.0.options: a single question needs options',
      'questions.1.kano: a kano question needs kano',
      'questions.2.servqual: a servqual question needs servqual',
    ])
  })
})

describe('option order', () => {
  it('randomized options keep their keys, so answers and counts do not depend on the order shown', async () => {
    const { surveyFormPage } = await import('../server/pages/survey-page.js')
    const options = Array.from({ length: 8 }, (_, i) => ({
      key: `o${i}`,
      label: { 'zh-CN': `选项${i}` },
    }))
    const survey = {
      id: 'x',
      slug: 's',
      title: { 'zh-CN': 't' },
      status: 'published' as const,
      defaultLocale: 'zh-CN' as const,
      version: 1,
      createdAt: '',
      updatedAt: '',
      publishedAt: null,
      closedAt: null,
      settings: { hiddenFields: [], signedFields: [], pilot: false },
      questions: [
        {
          key: 'pick',
          type: 'single' as const,
          title: { 'zh-CN': 'p' },
          required: false,
          options,
          randomize: true,
        },
      ],
    }
    const orders = new Set(
      Array.from({ length: 20 }, () =>
        [
          ...surveyFormPage(survey, 'zh-CN', {
            values: {},
            issues: [],
            clientResponseId: 'x',
          }).matchAll(/value="(o\d)"/g),
        ]
          .map((m) => m[1])
          .join(','),
      ),
    )
    expect(orders.size).toBeGreaterThan(1)
    for (const order of orders) expect(order.split(',').sort()).toEqual(options.map((o) => o.key))
  })
})

describe('matrix answers', () => {
  const matrix = ALL_TYPES_QUESTIONS.find((q) => q.type === 'matrix')!
  it('names the row that is out of range, unknown or, when required, missing', () => {
    expect(checkAnswers([matrix], { service: { attitude: 6 } }).issues).toEqual([
      {
        path: 'answers.service.attitude',
        reason: 'must be a whole number from 1 to 5, got 6',
        allowed: '1–5',
      },
    ])
    expect(checkAnswers([matrix], { service: { taste: 3 } }).issues).toEqual([
      { path: 'answers.service.taste', reason: 'no such row', allowed: 'attitude, speed, clarity' },
    ])
    expect(
      checkAnswers([{ ...matrix, required: true }], { service: { attitude: 3, speed: 4 } }).issues,
    ).toEqual([{ path: 'answers.service.clarity', reason: 'clarity was not answered' }])
  })

  it('reads rows from a form post as key.row', () => {
    expect(answerFromForm(matrix, { 'service.attitude': '4', 'service.speed': '2' })).toEqual({
      attitude: '4',
      speed: '2',
      clarity: null,
    })
  })
})
