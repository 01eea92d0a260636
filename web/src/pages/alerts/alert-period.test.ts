import { describe, expect, it } from 'vitest'
import { breachEpisodeOf } from './alert-period'

describe('breachEpisodeOf', () => {
  it('reads the day and number of a breach episode', () => {
    expect(breachEpisodeOf('2026-06-15#2')).toEqual({ day: '2026-06-15', k: 2 })
    expect(breachEpisodeOf('2026-06-15#12')).toEqual({ day: '2026-06-15', k: 12 })
  })

  it('leaves other periods alone', () => {
    for (const period of ['2026-06', '2026-06-15', '2026-W24', '2026-06-15#', '#2'])
      expect(breachEpisodeOf(period)).toBeNull()
  })
})
