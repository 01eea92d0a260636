import type { z } from 'zod'
import { ValidationError, type FieldIssue } from './errors.js'

/** Parse `value` with `schema`, turning every zod issue into a field issue. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what = 'input'): z.infer<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  throw new ValidationError('VALIDATION_FAILED', `The ${what} is not valid.`, zodIssuesToFieldIssues(result.error.issues))
}

export function zodIssuesToFieldIssues(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return issues.map((issue) => {
    const field: FieldIssue = { path: issue.path.map(String).join('.') || '(root)', reason: issue.message }
    if (issue.code === 'invalid_value') field.allowed = issue.values.map(String).join(', ')
    return field
  })
}
