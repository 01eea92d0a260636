/**
 * Objects keyed by names someone else chose (question keys, segment names,
 * file headers): a plain object answers `constructor`, `toString` or
 * `__proto__` from Object.prototype, so such a key would read a function
 * where an answer was expected. These helpers keep only own keys.
 */

/** A JSON object, parsed without a prototype: a missing key reads undefined, whatever its name. */
export function parseJsonRecord<T = unknown>(text: string): Record<string, T> {
  const parsed = JSON.parse(text) as unknown
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return parsed as Record<string, T>
  return Object.assign(Object.create(null) as Record<string, T>, parsed)
}

/** An empty record without a prototype, to fill with keys from outside. */
export function emptyRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>
}
