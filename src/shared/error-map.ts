import {
  AppError,
  ConflictError,
  ForbiddenError,
  GoneError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from './errors.js'

export interface ErrorMapping {
  http: number
  exit: number
}

/** The only table from error class to HTTP status and CLI exit code. */
const MAPPINGS: Array<[new (...args: never[]) => AppError, ErrorMapping]> = [
  [ValidationError, { http: 400, exit: 2 }],
  [UnauthorizedError, { http: 401, exit: 3 }],
  [ForbiddenError, { http: 403, exit: 3 }],
  [NotFoundError, { http: 404, exit: 4 }],
  [GoneError, { http: 410, exit: 4 }],
  [ConflictError, { http: 409, exit: 5 }],
  [RateLimitedError, { http: 429, exit: 6 }],
  [PayloadTooLargeError, { http: 413, exit: 2 }],
  [UnsupportedMediaTypeError, { http: 415, exit: 2 }],
]

const UNEXPECTED: ErrorMapping = { http: 500, exit: 1 }

export function mapError(error: unknown): ErrorMapping {
  for (const [type, mapping] of MAPPINGS) if (error instanceof type) return mapping
  return UNEXPECTED
}

/** The wire form of an error, shared by the HTTP API and `--json` CLI output. */
export interface ErrorBody {
  error: { code: string; message: string; details: AppError['details'] } & Record<string, unknown>
}

export function errorBody(error: unknown): ErrorBody {
  if (error instanceof AppError) {
    return {
      error: { code: error.code, message: error.message, details: error.details, ...error.extra },
    }
  }
  return {
    error: { code: 'INTERNAL_ERROR', message: 'An unexpected error occurred.', details: [] },
  }
}
