import type { AnswerValue } from './answer-value.js'
import type { AnswerSource, Checked, Problem } from './answer-check-types.js'
import {
  cascadeLeaves,
  LOCATION_MAX,
  type Question,
  type QuestionType,
  SIGNATURE_MAX,
  UPLOAD_ID,
} from './survey.schema.js'

/**
 * Browser-safe: the answer checks of the ranking, cascade, slider, date/time, location, signature
 * and choice-matrix questions (survey-answers.ts hands them over). Each refusal says what is wrong
 * and, where short enough, what is allowed.
 */

export const NEW_TYPES: ReadonlySet<QuestionType> = new Set<QuestionType>([
  'ranking',
  'cascade',
  'slider',
  'datetime',
  'location',
  'signature',
  'choice_matrix',
  'file_upload',
])

const numberOf = (value: unknown, from: AnswerSource): unknown =>
  from === 'text' && typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())
    ? Number(value.trim())
    : value

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

export function checkNewType(question: Question, value: AnswerValue, from: AnswerSource): Checked {
  switch (question.type) {
    case 'ranking':
      return checkRanking(question, value, from)
    case 'cascade':
      return checkCascade(question, value)
    case 'slider':
      return checkSlider(question, value, from)
    case 'datetime':
      return checkDateTime(question, value)
    case 'location':
      return checkLocation(value)
    case 'signature':
      return checkSignature(value)
    case 'choice_matrix':
      return checkChoiceMatrix(question, value)
    case 'file_upload':
      return checkFileUpload(value)
    default:
      return { problem: { reason: `unsupported question type ${question.type}` } }
  }
}

/**
 * A ranking: { optionKey: rank }, ranks 1, 2, 3 … without gaps or ties (a list of option keys in
 * order is read the same way). A required ranking ranks every option; otherwise the first few.
 */
function checkRanking(question: Question, value: AnswerValue, from: AnswerSource): Checked {
  const keys = (question.options ?? []).map((o) => o.key)
  let ranks: Record<string, unknown>
  if (Array.isArray(value)) ranks = Object.fromEntries(value.map((k, i) => [k, i + 1]))
  else if (isObject(value)) ranks = value
  else return { problem: { reason: 'must be an object with a rank per option' } }
  const result: Record<string, number> = {}
  for (const [key, raw] of Object.entries(ranks)) {
    if (!keys.includes(key))
      return { problem: { path: key, reason: 'no such option', allowed: keys.join(', ') } }
    if (raw === null || raw === '' || raw === undefined) continue
    const n = numberOf(raw, from)
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > keys.length)
      return {
        problem: {
          path: key,
          reason: `rank must be a whole number from 1 to ${keys.length}, got ${JSON.stringify(raw)}`,
          allowed: `1–${keys.length}`,
        },
      }
    const tie = Object.keys(result).find((k) => result[k] === n)
    if (tie !== undefined)
      return { problem: { path: key, reason: `rank ${n} is given twice (also to ${tie})` } }
    result[key] = n
  }
  const given = Object.values(result).sort((a, b) => a - b)
  const gap = given.findIndex((r, i) => r !== i + 1)
  if (gap !== -1)
    return {
      problem: {
        reason: `ranks must run 1, 2, 3 … without gaps; rank ${gap + 1} is missing`,
        allowed: `1–${given.length}`,
      },
    }
  if (question.required && given.length < keys.length) {
    const missing = keys.find((k) => result[k] === undefined)!
    return { problem: { path: missing, reason: `${missing} was not ranked` } }
  }
  return { value: result }
}

/** A cascading choice: the path of a leaf of the tree, keys joined by "/" (gd/sz/ns). */
function checkCascade(question: Question, value: AnswerValue): Checked {
  if (typeof value !== 'string') return { problem: { reason: 'must be the path of one choice' } }
  const leaves = cascadeLeaves(question.tree ?? [])
  if (leaves.some((l) => l.path === value)) return { value }
  const example = leaves.slice(0, 3).map((l) => l.path)
  return {
    problem: {
      reason: `unknown choice ${JSON.stringify(value)}: must be the path of a last-level choice`,
      allowed: `${example.join(', ')}${leaves.length > 3 ? ', …' : ''}`,
    },
  }
}

function checkSlider(question: Question, value: AnswerValue, from: AnswerSource): Checked {
  const { min, max, step } = question.slider!
  const n = numberOf(value, from)
  if (from === 'json' && typeof n === 'string')
    return {
      problem: {
        reason: `must be a JSON number, not the string ${JSON.stringify(n)}`,
        allowed: `${min}–${max}`,
      },
    }
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max || (n - min) % step)
    return {
      problem: {
        reason:
          step === 1
            ? `must be a whole number in the range ${min} to ${max}, got ${JSON.stringify(value)}`
            : `must be from ${min} to ${max} in steps of ${step}, got ${JSON.stringify(value)}`,
        allowed: `${min}–${max}`,
      },
    }
  return { value: n }
}

const DATE_FORMATS = {
  date: { pattern: /^\d{4}-\d{2}-\d{2}$/, example: 'YYYY-MM-DD, e.g. 2026-11-26' },
  time: { pattern: /^([01]\d|2[0-3]):[0-5]\d$/, example: 'HH:MM, e.g. 09:30' },
  datetime: {
    pattern: /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/,
    example: 'YYYY-MM-DDTHH:MM, e.g. 2026-11-26T09:30',
  },
} as const

/** A real calendar day (2026-02-30 is refused), within 1900–2100. */
function isCalendarDay(day: string): boolean {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  return (
    y >= 1900 &&
    y <= 2100 &&
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === m - 1 &&
    date.getUTCDate() === d
  )
}

function checkDateTime(question: Question, value: AnswerValue): Checked {
  const mode = question.datetime?.mode ?? 'date'
  const format = DATE_FORMATS[mode]
  // Browsers may send seconds with datetime-local and time inputs: kept to the minute.
  const text =
    typeof value === 'string' ? value.trim().replace(/^(.*\d{2}:\d{2}):\d{2}$/, '$1') : value
  if (typeof text !== 'string' || !format.pattern.test(text))
    return { problem: { reason: `must be written as ${format.example}`, allowed: format.example } }
  if (mode !== 'time' && !isCalendarDay(text.slice(0, 10)))
    return {
      problem: {
        reason: `${text.slice(0, 10)} is not a day of the calendar (1900–2100)`,
        allowed: format.example,
      },
    }
  return { value: text }
}

const COORDINATES = /^(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)$/

/** A location: an address in words, or "latitude,longitude" (what the page's locate button fills in). */
function checkLocation(value: AnswerValue): Checked {
  if (typeof value !== 'string') return { problem: { reason: 'must be text' } }
  const text = value.trim()
  if (text.length > LOCATION_MAX)
    return {
      problem: {
        reason: `text is ${text.length} characters long`,
        allowed: `at most ${LOCATION_MAX}`,
      },
    }
  const coordinates = COORDINATES.exec(text)
  if (coordinates) {
    const lat = Number(coordinates[1])
    const lng = Number(coordinates[2])
    if (Math.abs(lat) > 90 || Math.abs(lng) > 180)
      return {
        problem: {
          reason: `coordinates out of range: latitude ${lat}, longitude ${lng}`,
          allowed: 'latitude −90…90, longitude −180…180',
        },
      }
  }
  return { value: text }
}

const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/

/** A signature: a drawn PNG as a data: address, or the signer's full name typed (no JavaScript). */
function checkSignature(value: AnswerValue): Checked {
  if (typeof value !== 'string') return { problem: { reason: 'must be text' } }
  const text = value.trim()
  if (text.startsWith('data:')) {
    if (text.length > SIGNATURE_MAX)
      return {
        problem: {
          reason: `the drawn signature is ${text.length} characters long`,
          allowed: `at most ${SIGNATURE_MAX}`,
        },
      }
    // A PNG starts with the bytes 89 50 4E 47: "iVBORw0KGgo" in base64.
    if (!PNG_DATA_URL.test(text) || !text.startsWith('data:image/png;base64,iVBORw0KGgo'))
      return { problem: { reason: 'a drawn signature must be a PNG image', allowed: 'image/png' } }
    return { value: text }
  }
  if (text.length > 100)
    return { problem: { reason: `text is ${text.length} characters long`, allowed: 'at most 100' } }
  if (/[<>]/.test(text))
    return { problem: { reason: 'a typed signature is a name, without < or >' } }
  return { value: text }
}

/** A matrix of choices: { rowKey: optionKey } (or a list of option keys per row when several are allowed). */
function checkChoiceMatrix(question: Question, value: AnswerValue): Checked {
  if (!isObject(value)) return { problem: { reason: 'must be an object with a choice per row' } }
  const rows = (question.rows ?? []).map((r) => r.key)
  const options = (question.options ?? []).map((o) => o.key)
  const unknownRow = Object.keys(value).find((k) => !rows.includes(k))
  if (unknownRow !== undefined)
    return { problem: { path: unknownRow, reason: 'no such row', allowed: rows.join(', ') } }
  const result: Record<string, string | string[]> = {}
  for (const row of rows) {
    const v = value[row]
    const chosen = ([] as unknown[]).concat(v ?? []).filter((c) => c !== '' && c !== null)
    if (chosen.length === 0) {
      if (question.required) return { problem: { path: row, reason: `${row} was not answered` } }
      continue
    }
    if (!question.multiple && chosen.length > 1)
      return { problem: { path: row, reason: 'choose one option', allowed: options.join(', ') } }
    const unknown = chosen.find((c) => typeof c !== 'string' || !options.includes(c))
    if (unknown !== undefined)
      return {
        problem: {
          path: row,
          reason: `unknown option ${JSON.stringify(unknown)}`,
          allowed: options.join(', '),
        },
      }
    result[row] = question.multiple ? [...new Set(chosen as string[])] : (chosen[0] as string)
  }
  return { value: result as Record<string, string> }
}

/**
 * A file upload: the id of a file uploaded for this question (its bytes, size and kind were
 * checked when it was uploaded; that it exists is checked where the answer is stored).
 */
function checkFileUpload(value: AnswerValue): Checked {
  if (typeof value !== 'string' || !UPLOAD_ID.test(value.trim()))
    return {
      problem: { reason: 'must be the id of an uploaded file', allowed: 'an id from the upload' },
    }
  return { value: value.trim() }
}

/** Problems are returned, never thrown: re-exported for the page's wording of them. */
export type { Problem }
