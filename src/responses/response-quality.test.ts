import { expect, it } from 'vitest'
import type { Question } from '../surveys/survey.schema.js'
import { answerDuration, qualityFlags } from './response-quality.js'

const likert = (key: string): Question => ({
  key,
  type: 'likert5',
  title: { 'zh-CN': key },
  required: false,
})
const questions = [
  likert('a'),
  likert('b'),
  likert('c'),
  likert('d'),
  { key: 'nps', type: 'nps', title: { 'zh-CN': 'nps' }, required: true } as Question,
]

it('flags four identical ratings on one scale as a straight line', () => {
  expect(qualityFlags(questions, { a: 3, b: 3, c: 3, d: 3, nps: 7 }, 60_000)).toEqual([
    'straight-liner',
  ])
  expect(qualityFlags(questions, { a: 3, b: 3, c: 4, d: 3, nps: 7 }, 60_000)).toEqual([])
  expect(qualityFlags(questions, { a: 3, b: 3, c: 3, nps: 7 }, 60_000)).toEqual([])
})

it('flags answers given faster than 1.5 s per question', () => {
  // Five answered questions need at least 7.5 s.
  expect(qualityFlags(questions, { a: 1, b: 2, c: 3, d: 4, nps: 7 }, 7_000)).toEqual(['speeder'])
  expect(qualityFlags(questions, { a: 1, b: 2, c: 3, d: 4, nps: 7 }, 8_000)).toEqual([])
  expect(qualityFlags(questions, { a: 1, b: 2, c: 3, d: 4, nps: 7 }, null)).toEqual([])
})

it('measures the time the form was open, ignoring clock nonsense', () => {
  expect(answerDuration(1_000, 61_000)).toBe(60_000)
  expect(answerDuration(61_000, 1_000)).toBeNull()
  expect(answerDuration(undefined, 1_000)).toBeNull()
  expect(answerDuration(0, 2 * 24 * 3_600_000)).toBeNull()
})

it("uses a survey's own thresholds, and 0 turns a check off", () => {
  const answers = { a: 3, b: 3, c: 3, d: 3, nps: 7 }
  expect(
    qualityFlags(questions, answers, 7_000, { minSecondsPerAnswer: 1, straightLineMin: 5 }),
  ).toEqual([])
  expect(
    qualityFlags(questions, answers, 7_000, { minSecondsPerAnswer: 2, straightLineMin: 3 }),
  ).toEqual(['speeder', 'straight-liner'])
  expect(
    qualityFlags(questions, answers, 1_000, { minSecondsPerAnswer: 0, straightLineMin: 0 }),
  ).toEqual([])
})
