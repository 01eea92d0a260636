import { describe, expect, it } from 'vitest'
import type { Db } from '../db/database.js'
import { OpenSurveyCache } from './open-survey-cache.js'

describe('OpenSurveyCache quota counts', () => {
  it('reads a survey’s count at most every 2 s on the app clock and adds the answers this app stores', async () => {
    let now = 1_000_000
    const stored = new Map([['s1', 7]])
    const reads: string[] = []
    const cache = new OpenSurveyCache(
      {} as Db,
      () => now,
      async (surveyId) => {
        reads.push(surveyId)
        return stored.get(surveyId) ?? 0
      },
    )
    expect(await cache.answersSoFar('s1')).toBe(7)
    cache.noteAnswerStored('s1')
    cache.noteAnswerStored('s2') // never read: nothing to advance
    stored.set('s1', 9) // another instance's answers, not seen until the count is read again
    now += 1_999
    expect(await cache.answersSoFar('s1')).toBe(8)
    expect(reads).toEqual(['s1'])
    now += 2
    expect(await cache.answersSoFar('s1')).toBe(9)
    expect(await cache.answersSoFar('s2')).toBe(0)
    expect(reads).toEqual(['s1', 's1', 's2'])
  })

  it('two caches (two apps) keep their own counts', async () => {
    const count = async () => 3
    const a = new OpenSurveyCache({} as Db, () => 0, count)
    const b = new OpenSurveyCache({} as Db, () => 0, count)
    await a.answersSoFar('s')
    await b.answersSoFar('s')
    a.noteAnswerStored('s')
    expect([await a.answersSoFar('s'), await b.answersSoFar('s')]).toEqual([4, 3])
  })
})
