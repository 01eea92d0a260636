import { expect, it } from 'vitest'
import { calendarPeriod, periodLabel } from './calendar-periods.js'

// Calendar periods counted by hand: January 1970 is month 0, so March 2026 is 56·12 + 2 = 674 and
// its quarter 224 (2026-Q1); week 0 starts on Monday 1969-12-29, so Monday 2026-03-02 (20,514
// days after 1970-01-01, 20,517 after that Monday) starts week 20,517 / 7 = 2,931.

const at = (iso: string) => Date.parse(iso)

it('numbers months, quarters and Monday weeks, and names them', () => {
  expect(calendarPeriod(at('2026-03-31T23:59:59Z'), 'month')).toBe(674)
  expect(periodLabel(674, 'month')).toBe('2026-03')
  expect(calendarPeriod(at('2026-03-01T00:00:00Z'), 'quarter')).toBe(224)
  expect(calendarPeriod(at('2026-04-01T00:00:00Z'), 'quarter')).toBe(225)
  expect(periodLabel(225, 'quarter')).toBe('2026-Q2')
  expect(calendarPeriod(at('2026-03-02T00:00:00Z'), 'week')).toBe(2931)
  expect(calendarPeriod(at('2026-03-08T23:59:59Z'), 'week')).toBe(2931)
  expect(calendarPeriod(at('2026-03-09T00:00:00Z'), 'week')).toBe(2932)
  expect(periodLabel(2931, 'week')).toBe('2026-03-02')
  expect(calendarPeriod(at('1969-12-31T00:00:00Z'), 'month')).toBe(-1)
  expect(periodLabel(-1, 'month')).toBe('1969-12')
  expect(() => calendarPeriod(Number.NaN, 'month')).toThrow(/not an instant/)
})
