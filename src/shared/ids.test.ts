import { expect, it } from 'vitest'
import { newId } from './ids.js'

it('makes RFC 9562 version-7 UUIDs that sort by time', () => {
  const early = newId(Date.parse('2026-01-01T00:00:00Z'))
  const late = newId(Date.parse('2026-01-01T00:00:00.001Z'))
  expect(early).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  expect(early.slice(0, 13)).toBe('019b76da-a800')
  expect(early < late).toBe(true)
  expect(newId()).not.toBe(newId())
})
