import type { UploadKind } from '../surveys/survey.schema.js'

/**
 * What an uploaded file is, told from its first bytes (its "magic number"), never from its name
 * or the type the client claimed: a page that calls itself image/png but holds HTML or SVG is
 * not recognised, so it can never be served as anything that runs. Sources: the PNG (RFC 2083
 * §3.1), JPEG (JFIF SOI marker FF D8 FF), GIF ("GIF87a"/"GIF89a"), WebP (RIFF "WEBP"), PDF
 * ("%PDF-", ISO 32000-1 §7.5.2) and ISO base media file ("ftyp" box at byte 4, ISO/IEC
 * 14496-12 §4.3; HEIC/HEIF brands are images, the others video) signatures.
 */
export interface SniffedFile {
  kind: UploadKind
  contentType: string
  extension: string
}

const startsWith = (data: Uint8Array, bytes: readonly number[], at = 0) =>
  data.length >= at + bytes.length && bytes.every((b, i) => data[at + i] === b)

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0))

const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'mif1', 'msf1', 'avif'])
const VIDEO_BRANDS = new Set([
  'isom',
  'iso2',
  'mp41',
  'mp42',
  'avc1',
  'qt  ',
  'M4V ',
  '3gp4',
  '3gp5',
  '3g2a',
  'dash',
])

function sniffIsoMedia(data: Uint8Array): SniffedFile | null {
  if (!startsWith(data, ascii('ftyp'), 4) || data.length < 12) return null
  const brand = String.fromCharCode(...data.subarray(8, 12))
  if (HEIF_BRANDS.has(brand))
    return brand === 'avif'
      ? { kind: 'image', contentType: 'image/avif', extension: 'avif' }
      : { kind: 'image', contentType: 'image/heic', extension: 'heic' }
  if (brand === 'qt  ') return { kind: 'video', contentType: 'video/quicktime', extension: 'mov' }
  if (VIDEO_BRANDS.has(brand)) return { kind: 'video', contentType: 'video/mp4', extension: 'mp4' }
  return null
}

/** The file's kind and type by its content; null when it is none of the kinds Manyi takes. */
export function sniffUpload(data: Uint8Array): SniffedFile | null {
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return { kind: 'image', contentType: 'image/png', extension: 'png' }
  if (startsWith(data, [0xff, 0xd8, 0xff]))
    return { kind: 'image', contentType: 'image/jpeg', extension: 'jpg' }
  if (startsWith(data, ascii('GIF87a')) || startsWith(data, ascii('GIF89a')))
    return { kind: 'image', contentType: 'image/gif', extension: 'gif' }
  if (startsWith(data, ascii('RIFF')) && startsWith(data, ascii('WEBP'), 8))
    return { kind: 'image', contentType: 'image/webp', extension: 'webp' }
  if (startsWith(data, ascii('%PDF-')))
    return { kind: 'pdf', contentType: 'application/pdf', extension: 'pdf' }
  return sniffIsoMedia(data)
}

/**
 * A file name safe to store and to send in Content-Disposition: the last path part, without
 * control characters, quotes, slashes or a leading dot, at most 120 characters, ending in the
 * extension of what the bytes are (a.html holding a PNG becomes a.html.png).
 */
export function safeFilename(name: string, sniffed: SniffedFile): string {
  const base =
    (name.split(/[\\/]/).pop() ?? '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
      .replace(/[\u0000-\u001f\u007f"*:<>?|;]/g, '_')
      .replace(/^[.\s]+/, '')
      .trim()
      .slice(0, 120) || 'upload'
  const ending = `.${sniffed.extension}`
  const sameType =
    base.toLowerCase().endsWith(ending) ||
    (sniffed.extension === 'jpg' && base.toLowerCase().endsWith('.jpeg'))
  return sameType ? base : `${base}${ending}`
}
