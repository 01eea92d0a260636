import { ValidationError } from '../shared/errors.js'

export const ATTACHMENT_MAX_BYTES = 2 * 1024 * 1024

/** Allowed types, recognised by their first bytes, never by the name or a claimed type. */
const SIGNATURES: Array<{ type: string; magic: number[] }> = [
  { type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  { type: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
]

export interface CheckedAttachment {
  filename: string
  contentType: string
  data: Buffer
}

/** Decode and check one attachment: size-limited, PNG/JPEG/PDF by content. */
export function checkAttachment(
  index: number,
  filename: string,
  contentBase64: string,
): CheckedAttachment {
  const path = `attachments.${index}`
  const data = Buffer.from(contentBase64, 'base64')
  if (data.length === 0)
    throw new ValidationError('ATTACHMENT_INVALID', `${filename} is empty.`, [
      { path, reason: 'is empty' },
    ])
  if (data.length > ATTACHMENT_MAX_BYTES) {
    throw new ValidationError('ATTACHMENT_INVALID', `${filename} is too large.`, [
      { path, reason: `is ${data.length} bytes`, allowed: `at most ${ATTACHMENT_MAX_BYTES} bytes` },
    ])
  }
  const match = SIGNATURES.find((s) => s.magic.every((byte, i) => data[i] === byte))
  if (!match)
    throw new ValidationError('ATTACHMENT_INVALID', `${filename} is not an allowed file type.`, [
      {
        path,
        reason: 'is not a PNG, JPEG or PDF file',
        allowed: 'image/png, image/jpeg, application/pdf',
      },
    ])
  return { filename: filename.replace(/[\\/\r\n"]/g, '_'), contentType: match.type, data }
}
