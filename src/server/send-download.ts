import type { FastifyReply } from 'fastify'
import type { TableDownload } from '../tabular/write-table.js'

/** Send an export as a file to save, never to show inline. */
export function sendDownload(reply: FastifyReply, download: TableDownload): FastifyReply {
  return reply
    .header('content-disposition', `attachment; filename="${download.filename}"`)
    .type(download.contentType)
    .send(download.body)
}
