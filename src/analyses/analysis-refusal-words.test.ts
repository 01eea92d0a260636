import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// Every code an analysis refuses with (src/analytics, src/analyses, the CLI's analyze) is worded
// for the person who ran it, in zh-CN and en-US: its own words, never the app's generic failure or
// the generic 'input is not valid' of VALIDATION_FAILED for a refusal that has a kind of its own
// (issue 21: too little data was refused as VALIDATION_FAILED, shown as '输入有误，请检查').

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : []
  })
}

const SOURCES = ['src/analytics', 'src/analyses', 'src/cli/analyze'].flatMap(sourceFiles)
const TEXTS = new Map(SOURCES.map((file) => [file, readFileSync(file, 'utf8')]))

/** The codes thrown in the analysis sources, with the files that throw each. */
function refusalCodes(): Map<string, string[]> {
  const codes = new Map<string, string[]>()
  for (const [file, text] of TEXTS)
    for (const m of text.matchAll(/Error\(\s*'([A-Z][A-Z_]+)'/g))
      codes.set(m[1]!, [...(codes.get(m[1]!) ?? []), file])
  return codes
}

/**
 * The admin app's `error.CODE` words, read from its dictionaries as text (the admin app's modules
 * are built for the browser, not for this test's module resolution).
 */
function dictionary(file: string): Record<string, string> {
  const text = readFileSync(file, 'utf8')
  const words: Record<string, string> = {}
  for (const m of text.matchAll(
    /'(error\.[A-Za-z_]+)':\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g,
  ))
    words[m[1]!] = m[2] ?? m[3] ?? ''
  return words
}

const LANGUAGES: Array<[string, Record<string, string>]> = [
  ['zh-CN', dictionary('web/src/i18n/zh-CN.ts')],
  ['en-US', dictionary('web/src/i18n/en-US.ts')],
]

describe('analysis refusals in the user’s words', () => {
  const codes = [...refusalCodes().keys()].sort()

  it('finds the refusal codes of the analyses', () => {
    expect(codes).toEqual(
      expect.arrayContaining([
        'COLUMN_NOT_FOUND',
        'MODEL_INVALID',
        'NOT_ENOUGH_DATA',
        'OPTION_INVALID',
        'SINGULAR_MATRIX',
        'VALUE_OUT_OF_RANGE',
      ]),
    )
    expect(codes.length).toBeGreaterThanOrEqual(12)
  })

  it.each(LANGUAGES)(
    '%s words every one of them, not as the generic failure and not as the raw code',
    (locale, table) => {
      const missing = codes.filter((code) => {
        const text = table[`error.${code}`]?.trim() ?? ''
        return (
          text === '' ||
          text === table['error.generic'] ||
          text.includes(code) ||
          (locale === 'zh-CN' && !/[\u4e00-\u9fff]/.test(text))
        )
      })
      expect(missing).toEqual([])
    },
  )

  it.each(LANGUAGES)('%s gives each refusal code words no other code shares', (_, table) => {
    const texts = codes.map((code) => table[`error.${code}`])
    expect(new Set(texts).size).toBe(codes.length)
  })

  it('refuses too little data with NOT_ENOUGH_DATA, never the generic VALIDATION_FAILED', () => {
    const generic: string[] = []
    for (const [file, text] of TEXTS)
      for (const m of text.matchAll(/Error\(\s*'VALIDATION_FAILED',\s*([^\n]*(?:\n[^\n]*){0,1})/g))
        if (
          /needs? at least|no complete|has no answer|no rows|need customers|No purchases/i.test(
            m[1]!,
          )
        )
          generic.push(`${file}: ${m[1]!.trim().slice(0, 80)}`)
    expect(generic).toEqual([])
  })
})
