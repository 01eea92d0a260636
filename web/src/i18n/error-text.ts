import { isErrorCode, type FieldRule } from '../../../src/shared/error-codes'
import type { Messages } from './zh-CN'

/** What the admin app knows of a failed request (an `ApiError`, or a job's stored error). */
export interface ErrorLike {
  code: string
  details: ReadonlyArray<{
    path: string
    reason: string
    allowed?: string
    rule?: FieldRule | string
    limit?: number
  }>
}

function isErrorLike(error: unknown): error is ErrorLike {
  const candidate = error as Partial<ErrorLike> | null
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.code === 'string' &&
    Array.isArray(candidate.details)
  )
}

function fill(template: string, vars: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? ''))
}

/**
 * Where a field issue points, in the user's words: a localized field name
 * (`field.<last segment>` of a dotted path), or a file cell (`FILE:ROW:COLUMN`,
 * whose file and column names are the user's own). Null when there is no
 * localized name: a raw English path is not shown in Chinese.
 */
function placeOf(path: string, messages: Messages, english: boolean): string | null {
  const cell = /^(.+):(\d+):([^:]+)$/.exec(path)
  if (cell)
    return fill(messages['errorAt.cell'], { file: cell[1]!, row: cell[2]!, column: cell[3]! })
  const column = /^(.+\.\w+):([^:]+)$/.exec(path)
  if (column) return fill(messages['errorAt.column'], { file: column[1]!, column: column[2]! })
  const segment =
    path
      .split('.')
      .filter((part) => !/^\d+$/.test(part))
      .pop() ?? ''
  // A command-line option (`--importance-columns`) is named as its workbench field (importanceColumns).
  const name = segment.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())
  const key = `field.${name}`
  if (key in messages) return messages[key as keyof Messages]
  return english && path !== '(root)' ? path : null
}

/** The reason in the user's language from its stable rule; in English the server's own reason is fine. */
function reasonOf(
  detail: ErrorLike['details'][number],
  messages: Messages,
  english: boolean,
): string | null {
  const key = `fieldRule.${detail.rule}`
  if (detail.rule && key in messages)
    return fill(messages[key as keyof Messages], { limit: detail.limit ?? '' })
  return english ? detail.reason : null
}

/**
 * A user-facing message for any error, by the server's stable code: the
 * localized message, then what is wrong with which field when that can be said
 * in the user's language. Never a raw code, and never the server's English
 * reasons inside Chinese text.
 */
export function formatError(error: unknown, messages: Messages, locale: 'zh-CN' | 'en-US'): string {
  if (!isErrorLike(error)) {
    // fetch() rejects with a TypeError when the server cannot be reached.
    return error instanceof TypeError ? messages['error.network'] : messages['error.generic']
  }
  const english = locale === 'en-US'
  const base = isErrorCode(error.code) ? messages[`error.${error.code}`] : messages['error.generic']
  const parts: string[] = []
  for (const detail of error.details) {
    const place = placeOf(detail.path, messages, english)
    const reason = reasonOf(detail, messages, english)
    const part = place && reason ? `${place}${english ? ': ' : '：'}${reason}` : (place ?? reason)
    if (part && !parts.includes(part)) parts.push(part)
  }
  if (parts.length === 0) return base
  return english ? `${base} (${parts.join('; ')})` : `${base}（${parts.join('；')}）`
}
