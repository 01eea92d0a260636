import type { z } from 'zod'
import { parseJsonRecord } from './own-keys.js'

/**
 * JSON columns read back through a schema: what a row holds is checked, not
 * asserted with `as`, so a row written by an older release (or by hand) that
 * does not fit fails where it is read, naming the column.
 */
export function parseStoredJson<S extends z.ZodType>(
  schema: S,
  text: string,
  column: string,
): z.infer<S> {
  const result = schema.safeParse(JSON.parse(text))
  if (!result.success)
    throw new Error(`Stored ${column} does not have the expected shape: ${result.error.message}`)
  return result.data
}

/**
 * A JSON object keyed by names someone else chose (question keys, segment
 * names), checked against `values` and kept without a prototype (own-keys.ts):
 * the schema validates, the record returned is the prototype-free parse.
 */
export function parseStoredRecord<V extends z.ZodType>(
  values: V,
  text: string,
  column: string,
): Record<string, z.infer<V>> {
  const record = parseJsonRecord<z.infer<V>>(text)
  if (typeof record !== 'object' || record === null || Array.isArray(record))
    throw new Error(`Stored ${column} is not a JSON object`)
  for (const [key, value] of Object.entries(record)) {
    const result = values.safeParse(value)
    if (!result.success)
      throw new Error(
        `Stored ${column}.${key} does not have the expected shape: ${result.error.message}`,
      )
  }
  return record
}
