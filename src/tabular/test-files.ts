import { createWriteStream } from 'node:fs'
import { deflateRawSync, createDeflateRaw, crc32 } from 'node:zlib'
import ExcelJS from 'exceljs'

/** Test-only: files to import — large workbooks written by exceljs's streaming writer, and hand-made zips (bombs). */

export async function writeXlsx(
  path: string,
  headers: string[],
  rows: number,
  row: (i: number) => Array<string | number | Date>,
  sheetName = 'Sheet1',
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: createWriteStream(path),
    useSharedStrings: false,
    useStyles: true,
  })
  const sheet = workbook.addWorksheet(sheetName)
  sheet.addRow(headers).commit()
  for (let i = 0; i < rows; i++) sheet.addRow(row(i)).commit()
  sheet.commit()
  await workbook.commit()
}

export interface ZipPart {
  name: string
  /** Raw deflate data and what it inflates to. */
  compressed: Buffer
  size: number
  crc: number
  /** A size to declare instead of the true one (a lying zip). */
  declaredSize?: number
}

export function part(name: string, text: string): ZipPart {
  const data = Buffer.from(text)
  return { name, compressed: deflateRawSync(data), size: data.length, crc: crc32(data) }
}

/** A part of `times` copies of `chunk`, deflated as a stream (the whole never exists in memory). */
export function repeatedPart(
  name: string,
  chunk: string,
  times: number,
  prefix = '',
  suffix = '',
): Promise<ZipPart> {
  return new Promise((resolve, reject) => {
    const deflate = createDeflateRaw({ level: 9 })
    const out: Buffer[] = []
    let crc = 0
    let size = 0
    const feed = (data: Buffer) => {
      crc = crc32(data, crc)
      size += data.length
      deflate.write(data)
    }
    deflate.on('data', (c: Buffer) => out.push(c))
    deflate.on('end', () => resolve({ name, compressed: Buffer.concat(out), size, crc }))
    deflate.on('error', reject)
    feed(Buffer.from(prefix))
    const block = Buffer.from(chunk.repeat(1000))
    for (let i = 0; i < Math.floor(times / 1000); i++) feed(block)
    feed(Buffer.from(chunk.repeat(times % 1000)))
    feed(Buffer.from(suffix))
    deflate.end()
  })
}

/** A zip of deflated parts; `hidden` goes between the last entry and the directory, in no directory entry. */
export function zipOf(parts: ZipPart[], options: { hidden?: ZipPart } = {}): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  const local = (p: ZipPart) => {
    const name = Buffer.from(p.name)
    const header = Buffer.alloc(30)
    header.writeUInt32LE(0x04034b50, 0)
    header.writeUInt16LE(20, 4)
    header.writeUInt16LE(0, 6)
    header.writeUInt16LE(8, 8)
    header.writeUInt32LE(p.crc >>> 0, 14)
    header.writeUInt32LE(p.compressed.length, 18)
    header.writeUInt32LE(p.declaredSize ?? p.size, 22)
    header.writeUInt16LE(name.length, 26)
    return Buffer.concat([header, name, p.compressed])
  }
  for (const p of parts) {
    const name = Buffer.from(p.name)
    const entry = local(p)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE(20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(8, 10)
    central.writeUInt32LE(p.crc >>> 0, 16)
    central.writeUInt32LE(p.compressed.length, 20)
    central.writeUInt32LE(p.declaredSize ?? p.size, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(offset, 42)
    centrals.push(Buffer.concat([central, name]))
    locals.push(entry)
    offset += entry.length
  }
  if (options.hidden) {
    const hidden = local(options.hidden)
    locals.push(hidden)
    offset += hidden.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(parts.length, 8)
  end.writeUInt16LE(parts.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
const WORKBOOK =
  '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
const WORKBOOK_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'

/** The parts of a minimal workbook around a sheet. */
export function workbookParts(sheet: ZipPart): ZipPart[] {
  return [
    part('[Content_Types].xml', CONTENT_TYPES),
    part('_rels/.rels', ROOT_RELS),
    part('xl/workbook.xml', WORKBOOK),
    part('xl/_rels/workbook.xml.rels', WORKBOOK_RELS),
    sheet,
  ]
}

const bombSheets = new Map<number, Promise<ZipPart>>()

/**
 * A valid XLSX whose one sheet is `rows` identical rows of an NPS answer:
 * a few hundred KB that unpack to ~70 bytes a row. Parsed whole, as imports
 * once did, 2 million rows took gigabytes. Made once per size and test process
 * (deflating 3,000,000 rows takes seconds); callers do not change it.
 */
export function zipBombSheet(rows: number): Promise<ZipPart> {
  const made = bombSheets.get(rows)
  if (made) return made
  const sheet = repeatedPart(
    'xl/worksheets/sheet1.xml',
    '<row><c t="inlineStr"><is><t>9</t></is></c></row>',
    rows,
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row><c t="inlineStr"><is><t>nps</t></is></c></row>',
    '</sheetData></worksheet>',
  )
  bombSheets.set(rows, sheet)
  return sheet
}
