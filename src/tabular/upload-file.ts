import { createWriteStream } from 'node:fs'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Config } from '../config.js'
import { PayloadTooLargeError } from '../shared/errors.js'
import type { TableLimits } from './read-table.js'
import { removeUpload, tempUploadPath } from './upload-temp-files.js'

/**
 * A raw upload (application/octet-stream) streamed to a temp file as it
 * arrives, never held in memory: a 500 MB file costs 500 MB of disk for the
 * time it is read, and a few KB of buffers. The file is removed when the
 * response has gone out, unless a background job took it over (`claim`).
 */
export interface UploadedFile {
  path: string
  bytes: number
  /** Take over the file: the caller removes it (with `removeUpload`) when done. */
  claim(): string
}

export function tableLimitsOf(config: Config): Required<TableLimits> {
  return { maxRows: config.importMaxRows, maxUncompressedBytes: config.importMaxUncompressedBytes }
}

/** Unpacked bytes an XLSX read whole into memory may reach: its rows are kept, so far below the streamed limit. */
const IN_MEMORY_MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024

/** Limits for a table read whole into memory (a file inside a JSON body), not streamed from disk. */
export function inMemoryTableLimitsOf(config: Config): Required<TableLimits> {
  return {
    maxRows: Math.min(config.importMaxRows, config.importMaxRowsInMemory),
    maxUncompressedBytes: Math.min(
      config.importMaxUncompressedBytes,
      IN_MEMORY_MAX_UNCOMPRESSED_BYTES,
    ),
  }
}

export { removeUpload }

export function fileTooLarge(limit: number): PayloadTooLargeError {
  return new PayloadTooLargeError('FILE_TOO_LARGE', `The file is larger than ${limit} bytes.`, [
    {
      path: 'body',
      reason: 'too large',
      allowed: `at most ${limit} bytes (MANYI_IMPORT_MAX_BYTES)`,
    },
  ])
}

const UPLOADS = Symbol('uploads')
type WithUploads = FastifyRequest & { [UPLOADS]?: Array<{ path: string; claimed: boolean }> }

/**
 * Register the streaming parser for application/octet-stream in this
 * context. The byte limit is the route's `bodyLimit`; a declared
 * content-length over it is refused before a byte is read, a body that
 * turns out longer is cut off at the limit. Either way: 413 FILE_TOO_LARGE.
 */
export function installFileUploadParser(app: FastifyInstance): void {
  app.addContentTypeParser('application/octet-stream', (request, payload, done) => {
    const limit = request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 1024 * 1024
    const declared = Number(request.headers['content-length'])
    if (Number.isFinite(declared) && declared > limit) {
      payload.resume()
      return done(fileTooLarge(limit), undefined)
    }
    const path = tempUploadPath('upload.bin')
    const withUploads = request as WithUploads
    withUploads[UPLOADS] ??= []
    const uploads = withUploads[UPLOADS]
    const record = { path, claimed: false }
    uploads.push(record)
    let bytes = 0
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, next) {
        bytes += chunk.length
        if (bytes > limit) next(fileTooLarge(limit))
        else next(null, chunk)
      },
    })
    pipeline(payload, counter, createWriteStream(path)).then(
      () => {
        const file: UploadedFile = {
          path,
          bytes,
          claim: () => {
            record.claimed = true
            return path
          },
        }
        done(null, file)
      },
      (error: Error) => {
        // The rest of an over-long body is read and dropped, so the 413 reaches the client.
        payload.resume()
        void removeUpload(path)
        done(
          error instanceof PayloadTooLargeError ? error : Object.assign(error, { statusCode: 400 }),
          undefined,
        )
      },
    )
  })
  // Whatever happens to the request, its unclaimed temp files go.
  const cleanUp = async (request: FastifyRequest) => {
    for (const upload of (request as WithUploads)[UPLOADS] ?? [])
      if (!upload.claimed) await removeUpload(upload.path)
  }
  app.addHook('onResponse', cleanUp)
  app.addHook('onRequestAbort', cleanUp)
}

export function isUploadedFile(body: unknown): body is UploadedFile {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as UploadedFile).path === 'string' &&
    typeof (body as UploadedFile).claim === 'function'
  )
}
