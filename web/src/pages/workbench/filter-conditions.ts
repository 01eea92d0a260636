import {
  type AnalysisFilter,
  AnalysisFilterSchema,
  type FilterOperator,
} from '../../../../src/analyses/analysis.schema'

/** One condition as it is being written: the column may not be picked yet, values may be missing. */
export interface FilterDraft {
  column?: string
  operator: FilterOperator
  values: string[]
}

/** The operators in the order the picker lists them. */
export const OPERATOR_ORDER: readonly FilterOperator[] = [
  'in',
  'notIn',
  'contains',
  'gte',
  'lte',
  'between',
  'empty',
  'notEmpty',
]

/** How the values are entered: a list (typed or chosen), one number, two numbers, none. */
export function valueEntry(operator: FilterOperator): 'list' | 'number' | 'range' | 'none' {
  if (operator === 'gte' || operator === 'lte') return 'number'
  if (operator === 'between') return 'range'
  if (operator === 'empty' || operator === 'notEmpty') return 'none'
  return 'list'
}

/** The values kept when the operator changes: a list keeps its values, numbers keep the numbers that fit. */
export function valuesForOperator(values: readonly string[], operator: FilterOperator): string[] {
  const entry = valueEntry(operator)
  if (entry === 'none') return []
  if (entry === 'list') return [...values]
  const numbers = values.filter((v) => v.trim() !== '' && Number.isFinite(Number(v)))
  return numbers.slice(0, entry === 'number' ? 1 : 2)
}

/**
 * The conditions a run sends: complete ones (a column of this table, values the API's own schema
 * takes), in the order written; a condition on a column the table lacks (another file's) is
 * dropped, not sent.
 */
export function sendableFilters(
  drafts: readonly FilterDraft[],
  headers: ReadonlySet<string>,
): AnalysisFilter[] {
  return drafts.flatMap((draft) => {
    if (!draft.column || !headers.has(draft.column)) return []
    const parsed = AnalysisFilterSchema.safeParse(draft)
    return parsed.success ? [parsed.data] : []
  })
}
