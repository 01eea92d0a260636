import type { z } from 'zod'
import { ValidationError, type FieldIssue } from './errors.js'

/** Parse `value` with `schema`, turning every zod issue into a field issue. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what = 'input',
): z.infer<S> {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  throw new ValidationError(
    'VALIDATION_FAILED',
    `The ${what} is not valid.`,
    zodIssuesToFieldIssues(result.error.issues),
  )
}

export function zodIssuesToFieldIssues(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return issues.map((issue) => {
    const field: FieldIssue = {
      path: issue.path.map(String).join('.') || '(root)',
      reason: issue.message,
      ...ruleOf(issue),
    }
    if (issue.code === 'invalid_value') field.allowed = issue.values.map(String).join(', ')
    return field
  })
}

/** Text is too short or long, lists have too few or many items, numbers (and dates) are too small or big. */
const KIND_OF_SIZE: Record<string, 'text' | 'list'> = {
  string: 'text',
  file: 'text',
  array: 'list',
  set: 'list',
}

/**
 * The stable kind of a zod issue, so clients can word it in the user's language
 * (`reason` is zod's or the schema's English).
 */
function ruleOf(issue: z.core.$ZodIssue): Pick<FieldIssue, 'rule' | 'limit'> {
  switch (issue.code) {
    case 'invalid_type':
      // zod says "received undefined" when the field is absent: the user left it out.
      return { rule: / received undefined$/.test(issue.message) ? 'required' : 'invalid_type' }
    case 'too_small': {
      const limit = Number(issue.minimum)
      const size = KIND_OF_SIZE[issue.origin]
      // At least one character: an empty text field, i.e. left out.
      if (size === 'text' && limit === 1 && issue.inclusive !== false) return { rule: 'required' }
      return {
        rule: size === 'text' ? 'too_short' : size === 'list' ? 'too_few' : 'too_small',
        limit,
      }
    }
    case 'too_big': {
      const size = KIND_OF_SIZE[issue.origin]
      return {
        rule: size === 'text' ? 'too_long' : size === 'list' ? 'too_many' : 'too_big',
        limit: Number(issue.maximum),
      }
    }
    case 'not_multiple_of':
      return { rule: 'not_multiple' }
    case 'invalid_format':
      return {
        rule:
          issue.format === 'email'
            ? 'invalid_email'
            : issue.format === 'url'
              ? 'invalid_url'
              : 'invalid_format',
      }
    case 'invalid_value':
      return { rule: 'invalid_value' }
    case 'unrecognized_keys':
      return { rule: 'unrecognized_keys' }
    case 'custom':
      // A refinement's reason is the schema's own specific words; no generic rule says more.
      return {}
    default:
      // Unions, record keys and map/set elements.
      return { rule: 'invalid' }
  }
}
