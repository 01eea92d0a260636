import QRCode from 'qrcode'

export interface QrImage {
  body: Buffer | string
  contentType: string
  extension: 'png' | 'svg'
}

export async function surveyQrCode(url: string, format: string | undefined): Promise<QrImage> {
  const options = { errorCorrectionLevel: 'M' as const, margin: 2 }
  if (format === 'svg')
    return {
      body: await QRCode.toString(url, { ...options, type: 'svg' }),
      contentType: 'image/svg+xml',
      extension: 'svg',
    }
  return {
    body: await QRCode.toBuffer(url, { ...options, width: 512 }),
    contentType: 'image/png',
    extension: 'png',
  }
}
