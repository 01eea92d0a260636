import { createReadStream } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { createInflateRaw } from 'node:zlib'
import { PayloadTooLargeError, ValidationError } from '../shared/errors.js'

/**
 * Refuses a zip (an XLSX workbook) that would inflate past a limit, before
 * anything parses it. A 0.57 MB zip bomb once took 2.7 GB: the declared
 * sizes in the central directory are checked first (no inflating at all),
 * then every entry is inflated into nothing, counting the bytes, and stopped
 * the moment an entry outgrows its declared size or the total the limit.
 * Only the central directory's entries are inflated, so the file must hold
 * nothing else: entries back to back, then the directory (a streaming
 * unzipper reads local headers and would otherwise inflate hidden entries).
 */

const EOCD = 0x06054b50
const ZIP64_LOCATOR = 0x07064b50
const ZIP64_EOCD = 0x06064b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
/** An XLSX has a dozen entries; tens of thousands is a trick to make the check itself slow. */
const MAX_ENTRIES = 10_000
/** A data descriptor after an entry: 12–24 bytes (with signature, zip64). */
const MAX_DESCRIPTOR = 24

interface Entry {
  name: string
  flags: number
  method: number
  compressedSize: number
  uncompressedSize: number
  localOffset: number
  dataStart: number
}

export interface ZipCheck {
  entries: number
  /** Bytes the entries inflated to, measured. */
  uncompressedBytes: number
}

function unreadable(file: string, reason: string): ValidationError {
  return new ValidationError('FILE_UNREADABLE', `${file} is not a valid XLSX workbook.`, [
    { path: file, reason },
  ])
}

export function tooLargeUncompressed(
  file: string,
  reason: string,
  limit: number,
): PayloadTooLargeError {
  return new PayloadTooLargeError(
    'FILE_TOO_LARGE_UNCOMPRESSED',
    `${file} unpacks to more than ${limit} bytes; nothing was imported.`,
    [
      {
        path: file,
        reason,
        allowed: `at most ${limit} bytes unpacked (MANYI_IMPORT_MAX_UNCOMPRESSED_BYTES)`,
      },
    ],
  )
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length)
  const { bytesRead } = await handle.read(buffer, 0, length, position)
  return buffer.subarray(0, bytesRead)
}

/** 64-bit little-endian as a Number; anything past 2^53 is absurd for an upload and reads as Infinity. */
function u64(buffer: Buffer, at: number): number {
  const value = buffer.readBigUInt64LE(at)
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Infinity : Number(value)
}

async function readDirectory(
  handle: FileHandle,
  file: string,
  size: number,
): Promise<{ entries: Entry[]; directoryStart: number }> {
  const tailLength = Math.min(size, 22 + 65_535)
  const tail = await readAt(handle, size - tailLength, tailLength)
  let eocd = -1
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      eocd = i
      break
    }
  }
  if (eocd < 0) throw unreadable(file, 'not a zip file (no end of central directory)')
  let count = tail.readUInt16LE(eocd + 10)
  let directorySize = tail.readUInt32LE(eocd + 12)
  let directoryStart = tail.readUInt32LE(eocd + 16)
  let directoryEnd = size - tailLength + eocd
  if (eocd >= 20 && tail.readUInt32LE(eocd - 20) === ZIP64_LOCATOR) {
    const recordAt = u64(tail, eocd - 20 + 8)
    const record = await readAt(handle, recordAt, 56)
    if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_EOCD)
      throw unreadable(file, 'broken zip64 directory')
    count = u64(record, 32)
    directorySize = u64(record, 40)
    directoryStart = u64(record, 48)
    directoryEnd = recordAt
  }
  if (count > MAX_ENTRIES) throw unreadable(file, `has ${count} entries`)
  if (directoryStart + directorySize !== directoryEnd)
    throw unreadable(file, 'the central directory is not where the file says')
  const directory = await readAt(handle, directoryStart, directorySize)
  const entries: Entry[] = []
  let at = 0
  for (let n = 0; n < count; n++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL)
      throw unreadable(file, 'broken central directory')
    const nameLength = directory.readUInt16LE(at + 28)
    const extraLength = directory.readUInt16LE(at + 30)
    const commentLength = directory.readUInt16LE(at + 32)
    const entry: Entry = {
      name: directory.toString('utf8', at + 46, at + 46 + nameLength),
      flags: directory.readUInt16LE(at + 8),
      method: directory.readUInt16LE(at + 10),
      compressedSize: directory.readUInt32LE(at + 20),
      uncompressedSize: directory.readUInt32LE(at + 24),
      localOffset: directory.readUInt32LE(at + 42),
      dataStart: 0,
    }
    // Zip64: the fields that overflowed 32 bits follow in an extra field, in this order.
    let extra = at + 46 + nameLength
    const extraEnd = extra + extraLength
    while (extra + 4 <= extraEnd) {
      const id = directory.readUInt16LE(extra)
      const length = directory.readUInt16LE(extra + 2)
      if (id === 0x0001) {
        let field = extra + 4
        for (const key of ['uncompressedSize', 'compressedSize', 'localOffset'] as const) {
          if (entry[key] === 0xffffffff && field + 8 <= extra + 4 + length) {
            entry[key] = u64(directory, field)
            field += 8
          }
        }
      }
      extra += 4 + length
    }
    entries.push(entry)
    at = extraEnd + commentLength
  }
  return { entries, directoryStart }
}

/** Check a zip file on disk; throws FILE_TOO_LARGE_UNCOMPRESSED or FILE_UNREADABLE. */
export async function checkZipInflation(
  path: string,
  file: string,
  limit: number,
): Promise<ZipCheck> {
  const handle = await open(path, 'r')
  let entries: Entry[]
  let directoryStart: number
  try {
    const size = (await handle.stat()).size
    ;({ entries, directoryStart } = await readDirectory(handle, file, size))
    const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0)
    if (declared > limit)
      throw tooLargeUncompressed(file, `declares ${declared} bytes unpacked`, limit)
    // Entries back to back from the start, the directory right after the last: no hidden data.
    const ordered = [...entries].sort((a, b) => a.localOffset - b.localOffset)
    let expected = 0
    let previous: Entry | undefined
    for (const entry of ordered) {
      const gap = entry.localOffset - expected
      if (gap < 0 || gap > (previous && previous.flags & 8 ? MAX_DESCRIPTOR : 0))
        throw unreadable(file, `unexpected data before ${entry.name}`)
      const local = await readAt(handle, entry.localOffset, 30)
      if (local.length < 30 || local.readUInt32LE(0) !== LOCAL)
        throw unreadable(file, `broken entry ${entry.name}`)
      if (local.readUInt16LE(8) !== entry.method)
        throw unreadable(file, `entry ${entry.name} disagrees with the directory`)
      if (!(entry.flags & 8)) {
        const localCompressed = local.readUInt32LE(18)
        if (localCompressed !== 0xffffffff && localCompressed !== entry.compressedSize)
          throw unreadable(file, `entry ${entry.name} disagrees with the directory`)
      }
      if (entry.method !== 0 && entry.method !== 8)
        throw unreadable(file, `entry ${entry.name} uses compression method ${entry.method}`)
      entry.dataStart = entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28)
      expected = entry.dataStart + entry.compressedSize
      previous = entry
    }
    const tailGap = directoryStart - expected
    if (tailGap < 0 || tailGap > (previous && previous.flags & 8 ? MAX_DESCRIPTOR : 0))
      throw unreadable(file, 'unexpected data before the central directory')
  } finally {
    await handle.close()
  }
  let total = 0
  for (const entry of entries) {
    if (entry.compressedSize === 0) continue
    total += await inflateCounting(path, file, entry, limit - total, limit)
  }
  return { entries: entries.length, uncompressedBytes: total }
}

/** Inflate one entry into nothing, counting; stops early when it outgrows its declared size or what is left of the limit. */
function inflateCounting(
  path: string,
  file: string,
  entry: Entry,
  remaining: number,
  limit: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const source = createReadStream(path, {
      start: entry.dataStart,
      end: entry.dataStart + entry.compressedSize - 1,
    })
    if (entry.method === 0) {
      source.destroy()
      if (entry.compressedSize !== entry.uncompressedSize)
        reject(unreadable(file, `stored entry ${entry.name} has two sizes`))
      else resolve(entry.compressedSize)
      return
    }
    const inflate = createInflateRaw()
    let produced = 0
    let settled = false
    const stop = (error: Error | null) => {
      if (settled) return
      settled = true
      source.destroy()
      inflate.destroy()
      if (error) reject(error)
      else resolve(produced)
    }
    inflate.on('data', (chunk: Buffer) => {
      produced += chunk.length
      if (produced > entry.uncompressedSize)
        stop(
          tooLargeUncompressed(
            file,
            `entry ${entry.name} unpacks beyond the ${entry.uncompressedSize} bytes it declares`,
            limit,
          ),
        )
      else if (produced > remaining)
        stop(tooLargeUncompressed(file, `unpacks to more than ${limit} bytes`, limit))
    })
    inflate.on('end', () => stop(null))
    inflate.on('error', (error) => stop(unreadable(file, `entry ${entry.name}: ${error.message}`)))
    source.on('error', (error) => stop(error))
    source.pipe(inflate)
  })
}
