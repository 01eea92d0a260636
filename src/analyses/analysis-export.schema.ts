import { z } from 'zod'

/**
 * Browser-safe: POST /api/v1/analyses/export. The workbench sends the result tables as the reader
 * sees them (headings in their language), the server writes them as an XLSX workbook.
 */
export const AnalysisExportBodySchema = z.object({
  /** The analysis's name or method, for the file name. */
  name: z.string().trim().min(1).max(120),
  sheets: z
    .array(
      z.object({
        name: z.string().min(1).max(100),
        columns: z.array(z.string().max(500)).min(1).max(200),
        rows: z
          .array(z.array(z.union([z.string().max(10_000), z.number(), z.null()])).max(200))
          .max(20_000),
      }),
    )
    .min(1)
    .max(30),
})
export type AnalysisExportBody = z.infer<typeof AnalysisExportBodySchema>
