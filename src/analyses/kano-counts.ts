import {
  analyzeKanoCounts,
  emptyKanoCounts,
  KANO_CATEGORIES,
  type KanoCategory,
} from '../analytics/kano.js'
import { ValidationError } from '../shared/errors.js'
import { type Table, textColumn } from '../tabular/tabular.service.js'

/**
 * The headings a category's count column goes by: its letter, the English names of Berger et al.
 * (1993) and Matzler & Hinterhuber (1998), and the Chinese names 问卷星 and textbooks use.
 */
const CATEGORY_HEADINGS: Record<KanoCategory, readonly string[]> = {
  A: ['a', 'attractive', 'attractive quality', '魅力', '魅力属性', '魅力质量'],
  O: ['o', 'one-dimensional', 'one dimensional', 'performance', '期望', '期望属性', '一元', '一维'],
  M: ['m', 'must-be', 'must be', 'basic', '必备', '必备属性', '基本', '基本型'],
  I: ['i', 'indifferent', '无差异', '无差异属性', '无关'],
  R: ['r', 'reverse', '反向', '反向属性'],
  Q: ['q', 'questionable', '可疑', '可疑结果', '矛盾'],
}

function categoryOfHeading(header: string): KanoCategory | null {
  const name = header
    .trim()
    .replace(/\s*[([（【].*$/, '')
    .toLowerCase()
  for (const category of KANO_CATEGORIES)
    if (CATEGORY_HEADINGS[category].includes(name)) return category
  return null
}

function countColumns(table: Table): Map<KanoCategory, string> {
  const columns = new Map<KanoCategory, string>()
  for (const header of table.headers) {
    const category = categoryOfHeading(header)
    if (category && !columns.has(category)) columns.set(category, header)
  }
  return columns
}

/** Whether the table holds counts: a column for each of A, O, M and I (R and Q may be absent). */
export function hasKanoCountColumns(table: Table): boolean {
  const columns = countColumns(table)
  return (['A', 'O', 'M', 'I'] as const).every((c) => columns.has(c))
}

/** Every attribute's Kano statistics from its counts; the attribute column defaults to the first other column. */
export function kanoFromCounts(table: Table, attributeColumn: string | undefined) {
  const columns = countColumns(table)
  const missing = (['A', 'O', 'M', 'I'] as const).filter((c) => !columns.has(c))
  if (missing.length > 0)
    throw new ValidationError(
      'COLUMN_NOT_FOUND',
      `${table.file} has no count column for ${missing.join(', ')}.`,
      [
        {
          path: `${table.file}:${missing[0]}`,
          reason: `no column for category ${missing.join(', ')}`,
          allowed: 'A, O, M, I (and R, Q), or 魅力/期望/必备/无差异/反向/可疑',
        },
      ],
    )
  const counted = new Set(columns.values())
  const attribute = attributeColumn ?? table.headers.find((h) => !counted.has(h))
  if (attribute === undefined)
    throw new ValidationError('COLUMN_NOT_FOUND', `${table.file} has no attribute column.`, [
      { path: '--counts', reason: 'no column names the attributes' },
    ])
  const names = textColumn(table, attribute)
  const cells = new Map([...columns].map(([c, header]) => [c, textColumn(table, header)] as const))
  const features = names.flatMap((name, r) => {
    if (name.trim() === '') return []
    const counts = emptyKanoCounts()
    for (const [category, column] of cells) {
      const cell = column[r]!.trim()
      const value = cell === '' ? 0 : Number(cell)
      if (!/^\d+$/.test(cell === '' ? '0' : cell) || !Number.isSafeInteger(value))
        throw new ValidationError(
          'VALUE_OUT_OF_RANGE',
          `${table.file} row ${r + 2}, column "${columns.get(category)}": "${cell}" is not a count.`,
          [
            {
              path: `${table.file}:${r + 2}:${columns.get(category)}`,
              reason: `"${cell}" is not a count`,
              allowed: 'a whole number ≥ 0',
            },
          ],
        )
      counts[category] = value
    }
    return [analyzeKanoCounts(name.trim(), counts)]
  })
  return { features }
}
