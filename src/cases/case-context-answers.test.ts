import { expect, it } from 'vitest'
import type { Question } from '../surveys/survey.schema.js'
import { answerLines } from './case-context-answers.js'

const q = (question: Partial<Question> & Pick<Question, 'key' | 'type'>): Question => ({
  title: { 'zh-CN': question.key },
  required: false,
  ...question,
})

it('words every kind of answer in both languages, leaving out skipped questions and the contact', () => {
  const questions = [
    q({ key: 'nps', type: 'nps' }),
    q({ key: 'ease', type: 'importance5' }),
    q({
      key: 'visit',
      type: 'single',
      options: [
        { key: 'hall', label: { 'zh-CN': '营业厅', 'en-US': 'Service hall' } },
        { key: 'online', label: { 'zh-CN': '网上' } },
      ],
    }),
    q({
      key: 'grid',
      type: 'matrix',
      matrix: {
        scale: 'likert5',
        rows: [
          { key: 'staff', label: { 'zh-CN': '员工', 'en-US': 'Staff' } },
          { key: 'wait', label: { 'zh-CN': '等候', 'en-US': 'Waiting' } },
        ],
      },
    }),
    q({
      key: 'app',
      type: 'kano',
      kano: { functional: { 'zh-CN': '有' }, dysfunctional: { 'zh-CN': '没有' } },
    }),
    q({ key: 'sq', type: 'servqual', servqual: { dimension: 'reliability', reversed: false } }),
    q({ key: 'skipped', type: 'csat' }),
    q({ key: 'contact', type: 'contact' }),
  ]
  const lines = answerLines(questions, {
    nps: 0,
    ease: 5,
    visit: 'online',
    grid: { staff: 4, wait: 1 },
    app: { functional: 'like', dysfunctional: 'dislike' },
    sq: { expectation: 7, perception: 3 },
    skipped: null,
    contact: { name: '陈女士', consent: true },
  })
  expect(lines.map((l) => [l.key, l.text['zh-CN'], l.text['en-US']])).toEqual([
    ['nps', '0 / 10', '0 / 10'],
    ['ease', '5 / 5 · 非常重要', '5 / 5 · Very important'],
    // An option without an English label reads in Chinese, as on the respondent page.
    ['visit', '网上', '网上'],
    [
      'grid',
      '员工：4 / 5 · 同意；等候：1 / 5 · 非常不同意',
      'Staff: 4 / 5 · Agree; Waiting: 1 / 5 · Strongly disagree',
    ],
    ['app', '具备时：我喜欢；不具备时：我不喜欢', 'with it: I like it; without it: I dislike it'],
    ['sq', '期望 7 / 7；感知 3 / 7', 'expected 7 / 7; experienced 3 / 7'],
  ])
})
