import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { FormFile } from '../../responses/response-upload.service.js'
import { PayloadTooLargeError, ValidationError } from '../../shared/errors.js'

/**
 * A plain HTML form with a file field posts multipart/form-data: parsed here (the platform's
 * own parser, Response.formData) into the same fields a urlencoded post gives, the files kept
 * beside the request for the route (formFilesOf). The whole post is limited to `maxBytes`
 * (declared length refused before reading, a longer body cut off); its text fields together to
 * `maxFieldBytes`, as a urlencoded form is.
 */
const FILES = new WeakMap<FastifyRequest, FormFile[]>()

export function formFilesOf(request: FastifyRequest): FormFile[] {
  return FILES.get(request) ?? []
}

function tooLarge(limit: number): PayloadTooLargeError {
  return new PayloadTooLargeError('PAYLOAD_TOO_LARGE', `The form is larger than ${limit} bytes.`, [
    { path: 'body', reason: 'too large', allowed: `at most ${limit} bytes` },
  ])
}

export function installMultipartForms(
  app: FastifyInstance,
  limits: { maxBytes: number; maxFieldBytes: number },
): void {
  app.addContentTypeParser('multipart/form-data', (request, payload, done) => {
    const declared = Number(request.headers['content-length'])
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      payload.resume()
      return done(tooLarge(limits.maxBytes), undefined)
    }
    const chunks: Buffer[] = []
    let bytes = 0
    let failed = false
    payload.on('data', (chunk: Buffer) => {
      if (failed) return
      bytes += chunk.length
      if (bytes > limits.maxBytes) {
        failed = true
        done(tooLarge(limits.maxBytes), undefined)
        return
      }
      chunks.push(chunk)
    })
    payload.on('error', (error) => {
      if (!failed) {
        failed = true
        done(error, undefined)
      }
    })
    payload.on('end', () => {
      if (failed) return
      parseMultipart(request, Buffer.concat(chunks), limits.maxFieldBytes).then(
        (body) => done(null, body),
        (error: Error) => done(error, undefined),
      )
    })
  })
}

async function parseMultipart(
  request: FastifyRequest,
  body: Buffer,
  maxFieldBytes: number,
): Promise<Record<string, string | string[]>> {
  let data: FormData
  try {
    data = await new Response(new Uint8Array(body), {
      headers: { 'content-type': String(request.headers['content-type']) },
    }).formData()
  } catch {
    throw new ValidationError('MALFORMED_REQUEST', 'The form post could not be read.', [
      { path: 'body', reason: 'not valid multipart/form-data' },
    ])
  }
  const fields: Record<string, string | string[]> = Object.create(null)
  const files: FormFile[] = []
  let fieldBytes = 0
  for (const [name, value] of data) {
    if (typeof value === 'string') {
      fieldBytes += name.length + value.length
      if (fieldBytes > maxFieldBytes) throw tooLarge(maxFieldBytes)
      const existing = fields[name]
      fields[name] = existing === undefined ? value : [existing, value].flat()
    } else if (value.size > 0 || value.name !== '') {
      files.push({
        field: name,
        filename: value.name,
        data: new Uint8Array(await value.arrayBuffer()),
      })
    }
  }
  FILES.set(request, files)
  return fields
}
