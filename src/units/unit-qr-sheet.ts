import { readFileSync } from 'node:fs'
import PDFDocument from 'pdfkit'
import QRCode from 'qrcode'

/**
 * A printable A4 sheet per unit for service halls and front desks: the survey's title, the unit's
 * Chinese name, a QR code of the unit's link and the link itself written out. One page per unit,
 * in the order given. The Chinese font is a GB 2312 subset of Noto Sans SC shipped beside this
 * file (fonts/README.md); pdfkit embeds only the glyphs a sheet uses.
 */

export interface QrSheetEntry {
  code: string
  nameZh: string
  url: string
}

const A4 = { width: 595.28, height: 841.89 }
const MARGIN = 56
const QR_SIZE = 320

let fontBytes: Buffer | null = null

/** The font file, read once (it is part of the program, not state). */
function sheetFont(): Buffer {
  fontBytes ??= readFileSync(new URL('./fonts/NotoSansSC-GB2312.otf', import.meta.url))
  return fontBytes
}

export async function unitQrSheetPdf(
  surveyTitle: string,
  entries: readonly QrSheetEntry[],
  labels: { scanPrompt: string; codeLabel: string } = {
    scanPrompt: '请扫码评价我们的服务',
    codeLabel: '单元编码',
  },
): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    autoFirstPage: false,
    info: { Title: surveyTitle, Creator: 'Manyi' },
  })
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
  doc.registerFont('sc', sheetFont())
  const width = A4.width - 2 * MARGIN
  for (const entry of entries) {
    doc.addPage()
    doc.font('sc').fillColor('#555555').fontSize(16)
    doc.text(surveyTitle, MARGIN, MARGIN + 8, { width, align: 'center' })
    doc.fillColor('#000000').fontSize(30)
    doc.text(entry.nameZh, MARGIN, MARGIN + 60, { width, align: 'center' })
    doc.fontSize(18).text(labels.scanPrompt, MARGIN, MARGIN + 130, { width, align: 'center' })
    drawQr(doc, entry.url, (A4.width - QR_SIZE) / 2, MARGIN + 180, QR_SIZE)
    doc.fontSize(10).fillColor('#333333')
    doc.text(entry.url, MARGIN, MARGIN + 180 + QR_SIZE + 24, { width, align: 'center' })
    doc.fontSize(10).fillColor('#777777')
    doc.text(`${labels.codeLabel}: ${entry.code}`, MARGIN, A4.height - MARGIN - 20, {
      width,
      align: 'center',
    })
  }
  doc.end()
  return done
}

/** The QR code as vector squares (sharp at any printer resolution). */
function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' })
  const count = qr.modules.size
  const quiet = 4
  const cell = size / (count + 2 * quiet)
  doc.save().fillColor('#000000')
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (qr.modules.get(row, col)) {
        doc.rect(x + (col + quiet) * cell, y + (row + quiet) * cell, cell, cell)
      }
    }
  }
  doc.fill().restore()
}
