/** Typed fetch wrapper: every failure becomes an ApiError carrying the server's stable code. */

export interface ErrorDetail {
  path: string
  /** In English; the app shows it only in English and words `rule` in the user's language instead. */
  reason: string
  allowed?: string
  /** The stable kind of problem (src/shared/error-codes.ts FIELD_RULES). */
  rule?: string
  limit?: number
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    /** The error's other fields (e.g. `retryAfter` of a 429). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message)
  }
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/api/v1${path}`, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  const data = text ? JSON.parse(text) : null
  if (!response.ok) {
    const error = data?.error ?? {}
    const { code, message, details, ...extra } = error as Record<string, unknown>
    throw new ApiError(
      response.status,
      (code as string) ?? 'NETWORK_ERROR',
      (message as string) ?? response.statusText,
      (details as ErrorDetail[]) ?? [],
      extra,
    )
  }
  return data as T
}
