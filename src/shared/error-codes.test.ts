import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { ERROR_CODES } from './error-codes.js'
import { ValidationError } from './errors.js'

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : []
  })
}

function documentedCodes(): Set<string> {
  return new Set(
    [...readFileSync('docs/errors.md', 'utf8').matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]!),
  )
}

it('documents every error code thrown in src/ in docs/errors.md', () => {
  const documented = documentedCodes()
  const thrown = new Set<string>()
  for (const file of sourceFiles('src')) {
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/Error\(\s*'([A-Z][A-Z_]+)'/g)) thrown.add(m[1]!)
    for (const m of text.matchAll(/code: '([A-Z][A-Z_]+)'/g)) thrown.add(m[1]!)
    for (const m of text.matchAll(/^\s+\d{3}: '([A-Z][A-Z_]+)',$/gm)) thrown.add(m[1]!)
  }
  expect(thrown.size).toBeGreaterThan(15)
  expect([...thrown].filter((code) => !documented.has(code))).toEqual([])
})

it('lists in ERROR_CODES exactly the codes docs/errors.md describes, once each', () => {
  const documented = documentedCodes()
  const listed = new Set<string>(ERROR_CODES)
  expect(ERROR_CODES.length).toBe(listed.size)
  expect([...listed].filter((code) => !documented.has(code))).toEqual([])
  expect([...documented].filter((code) => !listed.has(code))).toEqual([])
})

it('takes only listed codes (checked by tsc, which type-checks this file)', () => {
  // @ts-expect-error a code not in ERROR_CODES does not type-check
  const unlisted = new ValidationError('NOT_A_LISTED_CODE', 'x')
  expect(unlisted.code).toBe('NOT_A_LISTED_CODE')
})
