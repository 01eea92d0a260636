import { z } from 'zod'
import { IsoTimeSchema } from '../shared/wire-schema.js'

/** Browser-safe: what the file uploads of file_upload questions answer with. */

export const UploadedFileSchema = z.object({
  /** The id the answer names (answers.<question key>). */
  id: z.string(),
  /** The name as stored: cleaned, ending in the extension of what the bytes are. */
  filename: z.string(),
  /** What the bytes were recognised as, not what the client claimed. */
  contentType: z.string(),
  size: z.number(),
})
export type UploadedFile = z.infer<typeof UploadedFileSchema>

export const AnsweredFileSchema = UploadedFileSchema.extend({
  questionKey: z.string(),
  responseId: z.string(),
  submittedAt: IsoTimeSchema,
})
export type AnsweredFile = z.infer<typeof AnsweredFileSchema>

export const AnsweredFileListSchema = z.object({ files: z.array(AnsweredFileSchema) })
