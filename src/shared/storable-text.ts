import { ValidationError, type FieldIssue } from './errors.js'

/**
 * Text that every store keeps exactly as sent. PostgreSQL refuses U+0000 in
 * text ("invalid byte sequence for encoding UTF8: 0x00"), which failed whole
 * group-committed batches of other people's answers; a lone UTF-16 surrogate
 * is not a Unicode character and both drivers silently store U+FFFD instead.
 * Both are refused at every boundary (HTTP bodies, forms, query strings and
 * path parameters, import rows), on SQLite too, so the two stores accept the
 * same input. This module is the one check; callers decide how to report it.
 */

/** In `u` mode a well-formed surrogate pair is one code point, so \p{Cs} matches only lone halves. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding U+0000 is the point of this check.
const UNSTORABLE = /\u0000|\p{Cs}/u

/** String.prototype.isWellFormed (Node 20+; not in the ES2022 typings this project compiles against). */
type WellFormedCheck = { isWellFormed(): boolean }

/** Why `text` cannot be stored as text on every store, or null when it can. */
export function unstorableTextReason(text: string): string | null {
  // The native scans are about ten times faster than the regular expression on a
  // large base64 upload, and almost every string is fine.
  if (!text.includes('\u0000') && (text as unknown as WellFormedCheck).isWellFormed()) return null
  const match = UNSTORABLE.exec(text)
  if (!match) return null
  if (match[0] === '\u0000') return `contains the NUL character (U+0000) at position ${match.index}`
  return `contains an unpaired UTF-16 surrogate (U+${match[0].charCodeAt(0).toString(16).toUpperCase()}) at position ${match.index}, which is not a Unicode character`
}

const ALLOWED = 'any Unicode text except U+0000 and unpaired surrogates'
const MAX_ISSUES = 20

/**
 * Every string (and object key) in a parsed body, query or row that cannot be
 * stored, with its dotted path under `path` (e.g. `answers.comment`).
 * Walks plain objects, dictionaries and arrays only: buffers and other objects are not text.
 */
export function findUnstorableText(value: unknown, path = ''): FieldIssue[] {
  const issues: FieldIssue[] = []
  const visit = (v: unknown, at: string, depth: number): void => {
    if (issues.length >= MAX_ISSUES) return
    if (typeof v === 'string') {
      const reason = unstorableTextReason(v)
      if (reason) issues.push({ path: at || '(root)', reason, allowed: ALLOWED })
      return
    }
    // Parsed JSON nests far less deeply; the bound only protects the stack.
    if (v === null || typeof v !== 'object' || depth > 64) return
    if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, join(at, String(i)), depth + 1))
      return
    }
    if (!isDictionary(v)) return
    for (const [key, item] of Object.entries(v as Record<string, unknown>)) {
      const keyReason = unstorableTextReason(key)
      if (keyReason)
        issues.push({
          path: join(at, JSON.stringify(key).slice(1, -1)),
          reason: `the name ${keyReason}`,
          allowed: ALLOWED,
        })
      else visit(item, join(at, key), depth + 1)
    }
  }
  visit(value, path, 0)
  return issues
}

/**
 * A parsed body, query or path-parameter object: a plain object, or a
 * prototype-less dictionary such as Fastify's query and parameter objects
 * (whose prototype is itself an empty object without a prototype). Not a
 * Buffer, a Date or a stream.
 */
function isDictionary(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as object | null
  return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null
}

function join(base: string, key: string): string {
  return base ? `${base}.${key}` : key
}

export function unstorableTextError(issues: FieldIssue[]): ValidationError {
  return new ValidationError(
    'TEXT_INVALID_CHARACTER',
    'The text contains a character that cannot be stored (U+0000 or an unpaired surrogate).',
    issues,
  )
}

/** Throw 400 TEXT_INVALID_CHARACTER when anything in `value` cannot be stored. */
export function assertStorableText(value: unknown, path = ''): void {
  const issues = findUnstorableText(value, path)
  if (issues.length > 0) throw unstorableTextError(issues)
}

/**
 * The first cell of an import row that cannot be stored, for the importer to
 * report that row (in its own row/column form) and go on with its neighbours.
 */
export function unstorableCell(cells: readonly string[]): { index: number; reason: string } | null {
  for (let index = 0; index < cells.length; index++) {
    const reason = unstorableTextReason(cells[index] ?? '')
    if (reason) return { index, reason }
  }
  return null
}

/**
 * `text` cut to at most `max` UTF-16 units without splitting a surrogate pair:
 * a plain slice through an emoji leaves half of it, which the stores keep as
 * U+FFFD (a case title cut from "服务太差了😡…" would end in �).
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text
  const code = text.charCodeAt(max - 1)
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max)
}
