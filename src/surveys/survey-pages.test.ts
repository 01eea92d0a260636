import { describe, expect, it } from 'vitest'
import { adjacentPage, surveyPages } from './survey-pages.js'

const questions = [
  { key: 'nps' },
  { key: 'why_low', pageBreak: true, showIf: { question: 'nps', max: 6 } },
  { key: 'why_low_more', showIf: { question: 'nps', max: 6 } },
  { key: 'csat', pageBreak: true },
]

describe('surveyPages', () => {
  it('starts a page at each page break, ignoring a break on the first question', () => {
    expect(surveyPages(questions).map((p) => p.map((q) => q.key))).toEqual([
      ['nps'],
      ['why_low', 'why_low_more'],
      ['csat'],
    ])
    expect(surveyPages([{ key: 'a', pageBreak: true }, { key: 'b' }]).map((p) => p.length)).toEqual(
      [2],
    )
  })
})

describe('adjacentPage', () => {
  it('skips a page whose every question the logic hides, both ways', () => {
    expect(adjacentPage(questions, 0, 1, { nps: 9 })).toBe(2)
    expect(adjacentPage(questions, 0, 1, { nps: 3 })).toBe(1)
    expect(adjacentPage(questions, 2, -1, { nps: 9 })).toBe(0)
  })

  it('runs past the last page to pages.length and before the first to −1', () => {
    expect(adjacentPage(questions, 2, 1, {})).toBe(3)
    expect(adjacentPage(questions, 0, -1, {})).toBe(-1)
  })
})
