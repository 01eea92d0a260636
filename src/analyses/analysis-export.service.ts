import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import type { Scope } from '../db/scope.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import { localDayOf } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'
import { type TableDownload, workbookDownload } from '../tabular/table-download.service.js'
import { AnalysisExportBodySchema } from './analysis-export.schema.js'

/**
 * An analysis's result tables as an XLSX workbook named after the analysis and the
 * organisation's date (`nps-2026-11-27.xlsx`; a name that is not plain ASCII is left to the
 * browser, which saves under the reader's words). Aggregates only: no answer leaves, but the
 * export is logged like every other.
 */
export async function exportAnalysisResult(scope: Scope, input: unknown): Promise<TableDownload> {
  requirePermission(scope.actor, 'analyses:run')
  const body = parseInput(AnalysisExportBodySchema, input, 'analysis export')
  const day = localDayOf(scope.now, await organisationTimezone(scope))
  const date = new Date(day * 86_400_000).toISOString().slice(0, 10)
  const ascii = body.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'analysis'
  await recordAudit(scope.db, scope, {
    action: 'analysis.export',
    entity: 'analysis',
    entityId: ascii,
    detail: { name: body.name, sheets: body.sheets.length },
  })
  return workbookDownload(`${ascii}-${date}.xlsx`, body.sheets)
}
