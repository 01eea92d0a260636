import { z } from 'zod'
import { TABLE_CONTENT_TYPES } from '../tabular/write-table.js'

/**
 * Response schemas for answers that are not JSON: files and empty answers.
 * Fastify sends a file's bytes as they are (the serializer only ever sees
 * JSON), so these document the answer without checking it.
 */

const Binary = z.string().meta({ format: 'binary' })

/** A file to save (content-disposition: attachment) of one of the given content types. */
export function fileResponse(description: string, contentTypes: readonly string[]) {
  return {
    description,
    content: Object.fromEntries(contentTypes.map((type) => [type, { schema: Binary }])),
  }
}

/** 204: nothing in the body. */
export const NO_CONTENT = z.undefined().meta({ description: 'Done; no body' })

/** The table exports' formats (CSV, XLSX). */
export const TABLE_FILE_TYPES = Object.values(TABLE_CONTENT_TYPES)
