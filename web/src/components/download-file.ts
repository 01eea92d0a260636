import { ApiError } from '../api/client'

/** Save a blob under the given name (the browser's download, never shown inline). */
export function saveBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1_000)
}

/** A name safe on every file system, in the reader's words (Chinese kept). */
export function fileBase(name: string): string {
  return name.replace(/[\\/:*?"<>|\s]+/g, '-').replace(/^-+|-+$/g, '') || 'analysis'
}

/** POST a JSON body and take the answer as a file (an ApiError with the server's code otherwise). */
export async function postForBlob(path: string, body: unknown): Promise<Blob> {
  const response = await fetch(`/api/v1${path}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (!response.ok) {
    const error = ((await response.json().catch(() => ({}))) as { error?: Record<string, unknown> })
      .error
    throw new ApiError(
      response.status,
      (error?.code as string) ?? 'NETWORK_ERROR',
      (error?.message as string) ?? response.statusText,
    )
  }
  return response.blob()
}
