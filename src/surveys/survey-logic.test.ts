import { describe, expect, it } from 'vitest'
import { checkAnswers } from './survey-answers.js'
import { conditionHolds, shownQuestionKeys } from './survey-logic.js'
import { SurveyInputSchema, type Question } from './survey.schema.js'

const questions: Question[] = [
  { key: 'nps', type: 'nps', title: { 'zh-CN': '推荐' }, required: true },
  {
    key: 'why_low',
    type: 'text',
    title: { 'zh-CN': '哪里让您不满意？' },
    required: true,
    showIf: { question: 'nps', min: 0, max: 6 },
  },
  {
    key: 'topic',
    type: 'single',
    title: { 'zh-CN': '主要问题' },
    required: false,
    showIf: { question: 'why_low', anyOf: ['价格'] },
    options: [
      { key: 'a', label: { 'zh-CN': 'a' } },
      { key: 'b', label: { 'zh-CN': 'b' } },
    ],
  },
  {
    key: 'channels',
    type: 'multiple',
    title: { 'zh-CN': '渠道' },
    required: false,
    options: [
      { key: 'app', label: { 'zh-CN': 'App' } },
      { key: 'web', label: { 'zh-CN': '网站' } },
    ],
  },
  {
    key: 'app_rating',
    type: 'rating10',
    title: { 'zh-CN': 'App 评分' },
    required: true,
    showIf: { question: 'channels', anyOf: ['app'] },
  },
]

describe('show/skip logic', () => {
  it('conditions: values, ranges, choices', () => {
    expect(conditionHolds({ question: 'x', min: 0, max: 6 }, 6)).toBe(true)
    expect(conditionHolds({ question: 'x', min: 0, max: 6 }, '7')).toBe(false)
    expect(conditionHolds({ question: 'x', anyOf: ['app'] }, ['web', 'app'])).toBe(true)
    expect(conditionHolds({ question: 'x', anyOf: [1, 2] }, '2')).toBe(true)
    expect(conditionHolds({ question: 'x', anyOf: ['a'] }, undefined)).toBe(false)
  })

  it('a question hidden by an earlier hidden question stays hidden', () => {
    expect([
      ...shownQuestionKeys(questions, { nps: 9, why_low: '价格', channels: ['web'] }),
    ]).toEqual(['nps', 'channels'])
    expect([
      ...shownQuestionKeys(questions, { nps: 3, why_low: '价格', channels: ['app'] }),
    ]).toEqual(['nps', 'why_low', 'topic', 'channels', 'app_rating'])
  })

  it('the server requires only shown questions and drops answers to hidden ones', () => {
    const happy = checkAnswers(questions, { nps: 9, why_low: '太贵', channels: ['web'] })
    expect(happy).toEqual({ answers: { nps: 9, channels: ['web'] }, issues: [] })
    const unhappy = checkAnswers(questions, { nps: 2, channels: ['app'] })
    expect(unhappy.issues.map((i) => i.path)).toEqual(['answers.why_low', 'answers.app_rating'])
  })

  it('a condition must name an earlier question', () => {
    const result = SurveyInputSchema.safeParse({
      title: { 'zh-CN': 't' },
      questions: [
        { ...questions[1], showIf: { question: 'later', anyOf: [1] } },
        { key: 'later', type: 'nps', title: { 'zh-CN': 'l' } },
      ],
    })
    expect(result.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['questions.0.showIf.question', 'must name an earlier question, not "later"'],
    ])
  })
})
