import { ValidationError } from '../shared/errors.js'

/**
 * Checks the analyses make on their own input, so that a caller that skipped them (the API, the
 * workbench, a test) gets the same specific error as the command line, never a NaN or a figure
 * outside its range. Paths name the parameter or the 0-based position in the input.
 */

/** A parameter of a method that is outside what the method allows (OPTION_INVALID). */
export function checkParameter(name: string, value: number, ok: boolean, allowed: string): void {
  if (ok && Number.isFinite(value)) return
  throw new ValidationError('OPTION_INVALID', `${name} ${value} is not allowed: ${allowed}.`, [
    { path: name, reason: `${value} is not allowed`, allowed },
  ])
}

/** A value of the data outside what it can be (VALUE_OUT_OF_RANGE). */
export function valueOutOfRange(path: string, message: string, allowed: string): ValidationError {
  return new ValidationError('VALUE_OUT_OF_RANGE', message, [{ path, reason: message, allowed }])
}

/** A constant column where the method divides by its spread (NO_VARIANCE). */
export function noVariance(name: string, what: string): ValidationError {
  return new ValidationError(
    'NO_VARIANCE',
    `"${name}" has the same value in every row, so ${what} is undefined.`,
    [{ path: name, reason: 'constant', allowed: 'a column whose values differ' }],
  )
}

/** Whether every value is finite. */
export function allFinite(values: readonly number[]): boolean {
  for (const v of values) if (!Number.isFinite(v)) return false
  return true
}
