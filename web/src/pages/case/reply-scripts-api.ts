import type { ReplyScript } from '../../../../src/reply-scripts/reply-script.schema'
import { api } from '../../api/client'

/** The script library (src/server/routes/reply-scripts.routes.ts). */

export type { ReplyScript }

export const fetchScriptsForCase = (caseId: string) =>
  api<{ scripts: ReplyScript[] }>(
    'GET',
    `/reply-scripts?caseId=${encodeURIComponent(caseId)}`,
  ).then((r) => r.scripts)

export const fillScriptForCase = (scriptId: string, caseId: string, locale: string) =>
  api<{ text: string }>('POST', `/reply-scripts/${scriptId}/use`, { caseId, locale })
