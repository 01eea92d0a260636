import { describe, expect, it } from 'vitest'
import { DateRangeSchema, datesOfRange } from './date-range-preset.js'

describe('date range presets', () => {
  it('gives the dates each preset covers, today included', () => {
    const today = '2026-11-27'
    expect(datesOfRange({ preset: '7d' }, today)).toEqual({ from: '2026-11-21', to: today })
    expect(datesOfRange({ preset: '30d' }, today)).toEqual({ from: '2026-10-29', to: today })
    expect(datesOfRange({ preset: '90d' }, today)).toEqual({ from: '2026-08-30', to: today })
    expect(datesOfRange({ preset: '12m' }, today)).toEqual({ from: '2025-11-27', to: today })
    expect(datesOfRange({ preset: 'month' }, today)).toEqual({ from: '2026-11-01', to: today })
    expect(datesOfRange({ preset: 'quarter' }, today)).toEqual({ from: '2026-10-01', to: today })
    expect(datesOfRange({ preset: 'year' }, today)).toEqual({ from: '2026-01-01', to: today })
  })

  it('crosses month and year ends, and ends a 12-month period on a day that exists', () => {
    expect(datesOfRange({ preset: '7d' }, '2026-01-03')).toEqual({
      from: '2025-12-28',
      to: '2026-01-03',
    })
    expect(datesOfRange({ preset: 'quarter' }, '2026-03-31').from).toBe('2026-01-01')
    expect(datesOfRange({ preset: '12m' }, '2024-02-29').from).toBe('2023-02-28')
    expect(datesOfRange({ from: '2026-01-01', to: '2026-02-01' }, '2026-11-27')).toEqual({
      from: '2026-01-01',
      to: '2026-02-01',
    })
  })

  it('refuses a period that ends before it starts, an unknown preset and stray fields', () => {
    expect(DateRangeSchema.safeParse({ from: '2026-02-01', to: '2026-01-01' }).success).toBe(false)
    expect(DateRangeSchema.safeParse({ preset: 'week' }).success).toBe(false)
    expect(DateRangeSchema.safeParse({ preset: '7d', from: '2026-01-01' }).success).toBe(false)
    expect(DateRangeSchema.safeParse({ from: '2026-1-1', to: '2026-01-02' }).success).toBe(false)
  })
})
