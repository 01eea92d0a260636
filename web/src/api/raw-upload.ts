import { ApiError } from './client'

/**
 * POST a file as the raw request body, reporting upload progress 0–100.
 * XMLHttpRequest, because fetch cannot report upload progress.
 */
export function uploadRaw<T>(
  path: string,
  file: File,
  onProgress: (percent: number) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `/api/v1${path}`)
    xhr.setRequestHeader('content-type', 'application/octet-stream')
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((100 * e.loaded) / e.total))
    }
    xhr.onload = () => {
      let body: unknown = null
      try {
        body = JSON.parse(xhr.responseText)
      } catch {
        // Not JSON: handled below as a generic error.
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T)
      const error = (
        body as {
          error?: {
            code: string
            message: string
            details?: Array<{ path: string; reason: string }>
          }
        } | null
      )?.error
      reject(
        new ApiError(
          xhr.status,
          error?.code ?? 'HTTP_ERROR',
          error?.message ?? xhr.statusText,
          error?.details ?? [],
        ),
      )
    }
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK_ERROR', 'network error', []))
    xhr.send(file)
  })
}
