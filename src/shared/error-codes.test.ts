import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : []
  })
}

it('documents every error code thrown in src/ in docs/errors.md', () => {
  const documented = new Set([...readFileSync('docs/errors.md', 'utf8').matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]))
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
