import { expect, it } from 'vitest'
import { splitWindowByDays } from './summary-window.js'

const at = (iso: string) => Date.parse(iso)
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000

it('a window of whole local days is all days, no edges', () => {
  // Shanghai midnight is 16:00 UTC the day before.
  expect(
    splitWindowByDays(at('2026-05-31T16:00:00Z'), at('2026-06-30T16:00:00Z'), 'Asia/Shanghai'),
  ).toEqual({
    days: { from: day('2026-06-01'), to: day('2026-07-01') },
    edges: [],
  })
})

it('partial days at both ends become edges', () => {
  const parts = splitWindowByDays(at('2026-06-01T03:00:00Z'), at('2026-06-10T12:00:00Z'), 'UTC')
  expect(parts.days).toEqual({ from: day('2026-06-02'), to: day('2026-06-10') })
  expect(parts.edges).toEqual([
    { from: at('2026-06-01T03:00:00Z'), to: at('2026-06-02T00:00:00Z') },
    { from: at('2026-06-10T00:00:00Z'), to: at('2026-06-10T12:00:00Z') },
  ])
})

it('a window inside one day is a single edge', () => {
  const from = at('2026-06-01T03:00:00Z')
  const to = at('2026-06-01T09:00:00Z')
  expect(splitWindowByDays(from, to, 'UTC')).toEqual({ edges: [{ from, to }] })
})
