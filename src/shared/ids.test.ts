import { expect, it } from 'vitest'
import { newId } from './ids.js'

it('makes RFC 9562 version-7 UUIDs that sort by time', () => {
  const early = newId(Date.parse('2031-01-01T00:00:00Z'))
  const late = newId(Date.parse('2031-01-01T00:00:00.001Z'))
  expect(early).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  expect(early.slice(0, 13)).toBe('01c03276-e000')
  expect(early < late).toBe(true)
  expect(newId()).not.toBe(newId())
})

it('keeps ids made in the same millisecond in order', () => {
  const at = Date.parse('2032-01-01T00:00:00Z')
  const ids = Array.from({ length: 5000 }, () => newId(at))
  expect([...ids].sort()).toEqual(ids)
  expect(new Set(ids).size).toBe(5000)
})
