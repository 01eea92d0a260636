/**
 * The small set of typed errors every layer throws. Each carries a stable
 * SCREAMING_SNAKE code (listed in docs/errors.md) and optional field-level
 * issues. HTTP status and CLI exit code come from `error-map.ts` alone.
 */
import type { ErrorCode, FieldRule } from './error-codes.js'

export interface FieldIssue {
  /** Dotted path of the offending input, e.g. `answers.nps`. */
  path: string
  /** What was wrong, in plain English. */
  reason: string
  /** What is allowed, when that can be said briefly (e.g. `0–10`). */
  allowed?: string
  /** The kind of problem, stable, for clients to say it in the user's language (`reason` is English). */
  rule?: FieldRule
  /** The bound a `too_short`/`too_long`/`too_small`/`too_big`/`password_too_short` rule broke. */
  limit?: number
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: FieldIssue[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message)
    this.name = new.target.name
  }
}

/** Input that fails validation: `VALIDATION_FAILED` and friends. */
export class ValidationError extends AppError {}
/** Not logged in, or the credential is unknown or expired. */
export class UnauthorizedError extends AppError {}
/** Logged in, but the role does not allow the action. */
export class ForbiddenError extends AppError {}
/** Unknown id, or an id of another organisation (never told apart). */
export class NotFoundError extends AppError {}
/** Existed once but is no longer available, e.g. a closed survey. */
export class GoneError extends AppError {}
/** The action conflicts with the current state. */
export class ConflictError extends AppError {}
/** Too many requests from one client. */
export class RateLimitedError extends AppError {}
/** An upload, or what it unpacks to, is over a configured limit (HTTP 413). */
export class PayloadTooLargeError extends AppError {}
/** A request body of a content-type the operation does not take. */
export class UnsupportedMediaTypeError extends AppError {}
