import { isUtf8 } from 'node:buffer'
import { closeSync, openSync, readSync } from 'node:fs'
import { StringDecoder } from 'node:string_decoder'

/**
 * The fast path for the common CSV export: no quote character anywhere in the file and one kind of
 * line end throughout. Such a file's records are its lines and its fields the text between commas,
 * so it is split with `indexOf` instead of the general parser (csv-parse, which stays for every
 * other file): several times faster, which is most of what `manyi analyze` on a large export spends
 * outside the analysis itself. The rows are the same as csv-parse's with the options table-parse.ts
 * uses: the BOM dropped, fields trimmed (csv-parse trims the characters String.prototype.trim does),
 * blank lines skipped, a record wider or narrower than the header refused.
 */

/** What one pass over a CSV file's bytes tells. */
export interface CsvBytes {
  /** Starts with the UTF-8 byte order mark. */
  bom: boolean
  /** Valid UTF-8 throughout (a GBK file is not). */
  utf8: boolean
  /** Splittable by hand: no quote byte, and either no CR at all or every line ending in CRLF. */
  plain: boolean
  lineEnd: '\n' | '\r\n'
}

const CHUNK_BYTES = 1 << 20
/** What String.prototype.trim removes (ECMAScript's \s), but the CR and LF that end lines. */
const WHITE_SPACE = /[^\S\r\n]/
const QUOTE = 0x22
const CR = 0x0d
const LF = 0x0a

/**
 * The file's bytes in chunks (each valid until the next is asked for), read synchronously: this code runs in the table worker or in the
 * command line, never on the server's event loop, and a blocking read skips a round trip through
 * libuv's thread pool per chunk (on a busy machine, each waits for a free core).
 */
function* fileChunks(path: string, progress?: { bytesRead: number }): Generator<Buffer> {
  const fd = openSync(path, 'r')
  // One buffer for every chunk: the consumer is done with a chunk when it asks for the next, and a
  // new megabyte per chunk would make V8 collect garbage for the external memory alone.
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES)
  try {
    for (;;) {
      const read = readSync(fd, chunk, 0, CHUNK_BYTES, null)
      if (read === 0) return
      if (progress) progress.bytesRead += read
      yield read < CHUNK_BYTES ? chunk.subarray(0, read) : chunk
    }
  } finally {
    closeSync(fd)
  }
}

/**
 * Read the file once: validate UTF-8 (chunk by chunk, constant memory) and look for quotes and line
 * ends. A quote or CR byte is never part of a multi-byte character in UTF-8 or GB18030 (their
 * continuation bytes are ≥ 0x30), so the byte scan holds for either encoding.
 */
export function scanCsvBytes(path: string): CsvBytes {
  let utf8 = true
  let quotes = false
  let cr = 0
  let lf = 0
  let crlf = 0
  let previous = 0
  /** An LF without a CR before it, seen where there was no CR to count by. */
  let bareLf = false
  let bom: boolean | undefined
  /** Bytes of a character cut by the end of the last chunk, checked with the next. */
  let tail: Buffer = Buffer.alloc(0)
  for (const chunk of fileChunks(path)) {
    bom ??= chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf
    if (utf8) {
      const data = tail.length > 0 ? Buffer.concat([tail, chunk]) : chunk
      const end = wholeCharacters(data)
      utf8 = isUtf8(data.subarray(0, end))
      // Copied: the chunk's buffer is read into again.
      tail = Buffer.from(data.subarray(end))
    }
    if (!quotes && chunk.includes(QUOTE)) quotes = true
    if (!quotes && chunk.includes(CR)) {
      // Line ends counted in one pass over the bytes, only where there are CRs to check.
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i]!
        if (byte === LF) {
          lf++
          if (previous === CR) crlf++
        } else if (byte === CR) cr++
        previous = byte
      }
    } else if (!quotes) {
      // No CR here: an LF is bare unless it is the first byte after a chunk that ended in CR.
      const from = previous === CR && chunk[0] === LF ? 1 : 0
      if (from === 1) {
        lf++
        crlf++
      }
      if (chunk.indexOf(LF, from) !== -1) bareLf = true
    }
    if (chunk.length > 0) previous = chunk[chunk.length - 1]!
  }
  return {
    bom: bom ?? false,
    // A file that ends inside a character is not UTF-8.
    utf8: utf8 && tail.length === 0,
    plain: !quotes && (cr === 0 || (!bareLf && cr === lf && crlf === lf)),
    lineEnd: cr === 0 ? '\n' : '\r\n',
  }
}

/** Where the last whole UTF-8 character of `data` ends: before a lead byte whose continuation is cut off. */
function wholeCharacters(data: Buffer): number {
  let lead = data.length - 1
  // Back over at most three continuation bytes (10xxxxxx) to the byte that leads them.
  while (lead >= 0 && data.length - lead <= 3 && (data[lead]! & 0xc0) === 0x80) lead--
  if (lead < 0 || data[lead]! < 0xc0) return data.length
  const length = data[lead]! >= 0xf0 ? 4 : data[lead]! >= 0xe0 ? 3 : 2
  return data.length - lead < length ? lead : data.length
}

/** The error csv-parse raises for a record of the wrong width, worded as it words it. */
export function raggedRecord(expected: number, got: number, line: number): Error {
  return new Error(`Invalid Record Length: expect ${expected}, got ${got} on line ${line}`)
}

/** Where splitting a plain CSV text has got to, carried from one chunk of text to the next. */
export interface PlainSplit {
  /** Characters that end a line: 1 for LF, 2 for CRLF. */
  cut: number
  /** Fields of the first record, -1 before it. */
  width: number
  /** Lines seen, for messages. */
  line: number
  /** The start of a line cut off by the end of the last text. */
  carry: string
}

/**
 * The whole lines of `text` (and, when it is the last text, the line it ends with) as records,
 * split by String.prototype.split, which makes the many short fields of an export faster than any
 * loop over characters.
 */
export function splitPlainLines(text: string, last: boolean, state: PlainSplit): string[][] {
  const lines = text.split('\n')
  state.carry = last ? '' : lines.pop()!
  const records: string[][] = []
  // White space other than line ends anywhere in the text: only then can a field need trimming.
  const spaced = WHITE_SPACE.test(text)
  for (let record of lines) {
    state.line++
    // In a CRLF file every LF follows a CR (scanCsvBytes made sure), so the CR ends the line.
    if (state.cut === 2 && record.charCodeAt(record.length - 1) === CR) record = record.slice(0, -1)
    const fields = record.split(',')
    for (let i = 0; spaced && i < fields.length; i++) {
      const field = fields[i]!
      const first = field.charCodeAt(0)
      const end = field.charCodeAt(field.length - 1)
      // Every character trim removes is ≤ U+0020 or ≥ U+00A0: most fields need no call.
      if (!(first > 0x20 && first < 0xa0 && end > 0x20 && end < 0xa0)) fields[i] = field.trim()
    }
    // A line of nothing but white space is skipped, as csv-parse's skip_empty_lines does after trimming.
    if (fields.length === 1 && fields[0] === '') continue
    if (state.width === -1) state.width = fields.length
    else if (fields.length !== state.width)
      throw raggedRecord(state.width, fields.length, state.line)
    records.push(fields)
  }
  return records
}

/** The decoder of a plain CSV file's bytes; both drop a leading BOM as csv-parse's `bom` option does. */
async function decoderOf(encoding: 'utf8' | 'gb18030') {
  // iconv-lite's decoder drops the BOM itself, and is loaded only for GB18030 files.
  if (encoding === 'gb18030') return (await import('iconv-lite')).default.getDecoder('gb18030')
  const utf8 = new StringDecoder('utf8')
  let first = true
  return {
    write(chunk: Buffer): string {
      const text = utf8.write(chunk)
      if (!first || text === '') return text
      first = false
      return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
    },
    end: (): string => utf8.end(),
  }
}

/** The whole text of a plain CSV file, decoded (for the command line, which keeps it: text-table.ts). */
export async function readPlainText(path: string, encoding: 'utf8' | 'gb18030'): Promise<string> {
  const decoder = await decoderOf(encoding)
  const parts: string[] = []
  for (const chunk of fileChunks(path)) parts.push(decoder.write(chunk))
  parts.push(decoder.end() ?? '')
  return parts.join('')
}

/**
 * The records (the header first) of a file that `scanCsvBytes` found plain, decoded as `encoding`.
 * Records come in arrays per chunk read, so the caller pays one await per chunk, not per row.
 */
export async function* plainCsvRecords(
  path: string,
  encoding: 'utf8' | 'gb18030',
  lineEnd: CsvBytes['lineEnd'],
  /** Bytes read so far, for progress (table-parse.ts's ReadProgress). */
  progress: { bytesRead: number },
): AsyncGenerator<string[][]> {
  const decoder = await decoderOf(encoding)
  const state: PlainSplit = { cut: lineEnd.length, width: -1, line: 0, carry: '' }
  for (const chunk of fileChunks(path, progress)) {
    const records = splitPlainLines(state.carry + decoder.write(chunk), false, state)
    if (records.length > 0) yield records
  }
  const rest = state.carry + (decoder.end() ?? '')
  if (rest !== '') {
    const records = splitPlainLines(rest, true, state)
    if (records.length > 0) yield records
  }
}
