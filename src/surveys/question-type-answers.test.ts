import { describe, expect, it } from 'vitest'
import { NEW_TYPE_QUESTIONS } from './new-type-questions.js'
import { answerFromForm, checkAnswers, formValuesFromAnswers } from './survey-answers.js'
import { QuestionSchema, SurveyInputSchema } from './survey.schema.js'

const q = (key: string) => NEW_TYPE_QUESTIONS.find((x) => x.key === key)!
const only = (key: string, value: unknown, from: 'json' | 'text' = 'json') =>
  checkAnswers([{ ...q(key), required: false }], { [key]: value as never }, from)

describe('the newer question types', () => {
  it('are valid question definitions in one survey', () => {
    const parsed = SurveyInputSchema.safeParse({
      title: { 'zh-CN': '新题型' },
      questions: NEW_TYPE_QUESTIONS,
    })
    expect(parsed.success).toBe(true)
  })

  it('accept well-formed answers from a form post and read them back as form fields', () => {
    const form = {
      'priorities.speed': '2',
      'priorities.notice': '3',
      'priorities.attitude': '1',
      region: 'gd/sz/ns',
      room: 'twin',
      wait: '15',
      visit_day: '2026-11-26',
      place: '31.23042, 121.47370',
      sign: '王小明',
      'aspects.app': 'yes',
      'aspects.hall': 'no',
    }
    const raw = Object.fromEntries(NEW_TYPE_QUESTIONS.map((x) => [x.key, answerFromForm(x, form)]))
    const { answers, issues } = checkAnswers(NEW_TYPE_QUESTIONS, raw, 'text')
    expect(issues).toEqual([])
    expect(answers).toEqual({
      priorities: { speed: 2, notice: 3, attitude: 1 },
      region: 'gd/sz/ns',
      room: 'twin',
      wait: 15,
      visit_day: '2026-11-26',
      place: '31.23042, 121.47370',
      sign: '王小明',
      aspects: { app: 'yes', hall: 'no' },
    })
    const back = formValuesFromAnswers(NEW_TYPE_QUESTIONS, answers)
    expect(back['priorities.notice']).toBe('3')
    expect(back['aspects.hall']).toBe('no')
    expect(back.region).toBe('gd/sz/ns')
  })

  it('reads a ranking sent as a list of keys in order', () => {
    expect(only('priorities', ['notice', 'speed', 'attitude']).answers.priorities).toEqual({
      notice: 1,
      speed: 2,
      attitude: 3,
    })
  })

  it('refuses ties, gaps, out-of-range ranks and an incomplete required ranking', () => {
    expect(only('priorities', { speed: 1, notice: 1 }).issues[0]).toMatchObject({
      path: 'answers.priorities.notice',
      reason: 'rank 1 is given twice (also to speed)',
    })
    expect(only('priorities', { speed: 1, notice: 3 }).issues[0]!.reason).toBe(
      'ranks must run 1, 2, 3 … without gaps; rank 2 is missing',
    )
    expect(only('priorities', { speed: 4 }).issues[0]!.reason).toBe(
      'rank must be a whole number from 1 to 3, got 4',
    )
    const required = checkAnswers([q('priorities')], { priorities: { speed: 1, notice: 2 } })
    expect(required.issues[0]).toMatchObject({
      path: 'answers.priorities.attitude',
      reason: 'attitude was not ranked',
    })
    // A partial ranking of an optional question is kept as given.
    expect(only('priorities', { attitude: 1 }).answers.priorities).toEqual({ attitude: 1 })
  })

  it('takes only a last-level choice of a cascade', () => {
    expect(only('region', 'bj/bjc/cy').answers.region).toBe('bj/bjc/cy')
    expect(only('region', 'gd/sz').issues[0]).toMatchObject({
      reason: 'unknown choice "gd/sz": must be the path of a last-level choice',
      allowed: 'gd/sz/ns, gd/sz/ft, gd/gz/th, …',
    })
  })

  it('checks a slider against its range and steps; JSON numbers only from the API', () => {
    expect(only('wait', 60).answers.wait).toBe(60)
    expect(only('wait', 7).issues[0]!.reason).toBe('must be from 0 to 60 in steps of 5, got 7')
    expect(only('wait', 65).issues[0]!.reason).toBe('must be from 0 to 60 in steps of 5, got 65')
    expect(only('wait', '10').issues[0]!.reason).toBe('must be a JSON number, not the string "10"')
    expect(only('wait', '10', 'text').answers.wait).toBe(10)
  })

  it('takes real calendar days and times, to the minute', () => {
    expect(only('visit_day', '2026-02-30').issues[0]!.reason).toBe(
      '2026-02-30 is not a day of the calendar (1900–2100)',
    )
    expect(only('visit_day', '26/11/2026').issues[0]!.reason).toBe(
      'must be written as YYYY-MM-DD, e.g. 2026-11-26',
    )
    const time = { ...q('visit_day'), datetime: { mode: 'time' as const } }
    expect(checkAnswers([time], { visit_day: '09:30:15' }).answers.visit_day).toBe('09:30')
    expect(checkAnswers([time], { visit_day: '24:00' }).issues[0]!.reason).toBe(
      'must be written as HH:MM, e.g. 09:30',
    )
    const both = { ...q('visit_day'), datetime: { mode: 'datetime' as const } }
    expect(checkAnswers([both], { visit_day: '2026-11-26T09:30' }).answers.visit_day).toBe(
      '2026-11-26T09:30',
    )
  })

  it('checks coordinates and signatures', () => {
    expect(only('place', '91,10').issues[0]!.reason).toBe(
      'coordinates out of range: latitude 91, longitude 10',
    )
    expect(only('place', '上海市黄浦区人民大道 200 号').issues).toEqual([])
    expect(only('sign', 'data:image/gif;base64,R0lGOD').issues[0]!.reason).toBe(
      'a drawn signature must be a PNG image',
    )
    expect(
      only('sign', `data:image/png;base64,iVBORw0KGgo${'A'.repeat(60_000)}`).issues[0]!.reason,
    ).toBe('the drawn signature is 60033 characters long')
    expect(only('sign', '<b>me</b>').issues[0]!.reason).toBe(
      'a typed signature is a name, without < or >',
    )
    expect(only('sign', 'data:image/png;base64,iVBORw0KGgoAAAA').answers.sign).toBe(
      'data:image/png;base64,iVBORw0KGgoAAAA',
    )
  })

  it('checks a matrix of choices per row, one or several', () => {
    expect(only('aspects', { app: 'maybe' }).issues[0]).toMatchObject({
      path: 'answers.aspects.app',
      reason: 'unknown option "maybe"',
      allowed: 'yes, no',
    })
    expect(only('aspects', { app: ['yes', 'no'] }).issues[0]!.reason).toBe('choose one option')
    const many = { ...q('aspects'), multiple: true }
    const form = { 'aspects.app': ['yes', 'no'], 'aspects.hall': 'no' }
    const raw = answerFromForm(many, form)
    expect(checkAnswers([many], { aspects: raw }, 'text').answers.aspects).toEqual({
      app: ['yes', 'no'],
      hall: ['no'],
    })
    const required = { ...q('aspects'), required: true }
    expect(checkAnswers([required], { aspects: { app: 'yes' } }).issues[0]!.path).toBe(
      'answers.aspects.hall',
    )
  })

  it('takes one image choice, or several when the question allows', () => {
    expect(only('room', ['king', 'twin']).issues[0]!.reason).toBe('choose one option')
    const many = { ...q('room'), multiple: true }
    expect(checkAnswers([many], { room: ['king', 'twin'] }).answers.room).toEqual(['king', 'twin'])
  })

  it('refuses definitions that cannot be answered', () => {
    const issues = (def: unknown) =>
      QuestionSchema.safeParse(def).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    expect(
      issues({
        ...q('room'),
        options: [
          { key: 'a', label: { 'zh-CN': 'A' } },
          { key: 'b', label: { 'zh-CN': 'B' }, image: 'https://x.test/a.png' },
        ],
      }),
    ).toEqual([
      'options.1.image: must be a path on this site (/…) or data:image/png|jpeg|webp|gif;base64,…',
      'options.0.image: an image choice needs an image',
    ])
    expect(issues({ ...q('wait'), slider: { min: 0, max: 10, step: 3 } })).toEqual([
      'slider.step: max − min must be a multiple of step',
    ])
    expect(issues({ key: 'c', type: 'cascade', title: { 'zh-CN': '地区' } })).toEqual([
      'tree: a cascade question needs tree',
    ])
    expect(
      issues({
        key: 'm',
        type: 'choice_matrix',
        title: { 'zh-CN': '矩阵' },
        options: q('aspects').options,
      }),
    ).toEqual(['rows: a choice_matrix question needs rows'])
  })
})
