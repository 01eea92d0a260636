import { describe, expect, it } from 'vitest'
import { hourPoints, weekdayPoints } from './wait-pattern'

const dist = (n: number, median: number) => ({
  n,
  median,
  p90: median * 2,
  mean: median,
  meanInterval: null,
})
const hall = {
  unitId: 'h1',
  unitName: 'H1',
  tickets: 5,
  abandoned: 0,
  total: dist(5, 3),
  byHour: [
    { hour: 11, ...dist(1, 6) },
    { hour: 9, ...dist(4, 2) },
  ],
  byWeekday: [{ weekday: 3, ...dist(5, 3) }],
}

describe('wait pattern', () => {
  it('spans the hours from the first to the last with tickets, a gap where none were taken', () => {
    expect(hourPoints(hall)).toEqual([
      { at: 9, n: 4, median: 2, p90: 4 },
      { at: 10, n: 0, median: null, p90: null },
      { at: 11, n: 1, median: 6, p90: 12 },
    ])
  })

  it('lays out Monday to Sunday', () => {
    const days = weekdayPoints(hall)
    expect(days.map((d) => d.at)).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(days[2]).toEqual({ at: 3, n: 5, median: 3, p90: 6 })
    expect(days[0]).toEqual({ at: 1, n: 0, median: null, p90: null })
  })

  it('has no points for a hall without tickets', () => {
    expect(hourPoints({ ...hall, byHour: [] })).toEqual([])
    expect(weekdayPoints({ ...hall, byWeekday: [] })).toEqual([])
  })
})
