import { expect, it } from 'vitest'
import { ValidationError } from './errors.js'
import {
  assertStorableText,
  findUnstorableText,
  truncateText,
  unstorableCell,
  unstorableTextReason,
} from './storable-text.js'

it('accepts any Unicode text, surrogate pairs included, and names U+0000 and unpaired surrogates', () => {
  expect(unstorableTextReason('满意 😀 ok\u0001\uFFFD')).toBeNull()
  expect(unstorableTextReason('ab\u0000')).toBe('contains the NUL character (U+0000) at position 2')
  expect(unstorableTextReason('\uDC00x')).toBe(
    'contains an unpaired UTF-16 surrogate (U+DC00) at position 0, which is not a Unicode character',
  )
  // A high surrogate with no low one after it, and the two halves in the wrong order.
  expect(unstorableTextReason('好\uD83D')).toMatch(/U\+D83D\) at position 1/)
  expect(unstorableTextReason('\uDE00\uD83D')).toMatch(/U\+DE00\) at position 0/)
})

it('finds every unstorable string and key in a parsed body by its dotted path, skipping buffers', () => {
  const query = Object.create(Object.create(null)) as Record<string, unknown>
  query.store = 'A\u0000'
  expect(findUnstorableText(query, 'query').map((i) => i.path)).toEqual(['query.store'])
  const body = {
    answers: { nps: 9, comment: 'x\u0000', choices: ['a', '\uD800'] },
    segments: { 'k\u0000': 'v' },
    file: Buffer.from([0, 0xd8]),
  }
  expect(findUnstorableText(body).map((i) => i.path)).toEqual([
    'answers.comment',
    'answers.choices.1',
    'segments.k\\u0000',
  ])
  expect(findUnstorableText('\u0000')).toEqual([
    {
      path: '(root)',
      reason: 'contains the NUL character (U+0000) at position 0',
      allowed: 'any Unicode text except U+0000 and unpaired surrogates',
    },
  ])
  expect(() => assertStorableText({ ok: '很好' })).not.toThrow()
  const error = (() => {
    try {
      assertStorableText({ text: '\u0000' })
    } catch (e) {
      return e
    }
  })()
  expect(error).toBeInstanceOf(ValidationError)
  expect((error as ValidationError).code).toBe('TEXT_INVALID_CHARACTER')
})

it('points at the first bad cell of an import row', () => {
  expect(unstorableCell(['a', 'b'])).toBeNull()
  expect(unstorableCell(['a', 'b\u0000', '\uD800'])).toEqual({
    index: 1,
    reason: 'contains the NUL character (U+0000) at position 1',
  })
})

it('truncates without leaving half of a surrogate pair', () => {
  expect(truncateText('ab😀c', 3)).toBe('ab')
  expect(truncateText('ab😀c', 4)).toBe('ab😀')
  expect(truncateText('abc', 10)).toBe('abc')
  expect(truncateText('abcdef', 3)).toBe('abc')
})
