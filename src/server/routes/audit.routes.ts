import type { FastifyInstance } from 'fastify'
import { requirePermission } from '../../auth/permission.service.js'
import { AuditExportQuerySchema, exportAudit } from '../../audit/audit-export.service.js'
import { auditPolicy, setAuditPolicy } from '../../audit/audit-retention.service.js'
import { verifyAuditChain } from '../../audit/audit-verify.service.js'
import {
  AuditPageSchema,
  AuditPolicyBodySchema,
  AuditPolicySchema,
  AuditVerificationSchema,
} from '../../audit/audit.schema.js'
import { AuditQuerySchema, pageAudit } from '../../audit/audit.service.js'
import { userNames } from '../../auth/user-directory.service.js'
import type { AppDeps } from '../deps.js'
import { fileResponse, TABLE_FILE_TYPES } from '../openapi-responses.js'
import { scopeOf } from '../plugins/auth.js'
import { sendDownload } from '../send-download.js'

type QueryRequest = { Querystring: Record<string, string> }

/** The audit log: search, export, chain verification (auditors) and retention policy. */
export function auditRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['audit']
  app.get<QueryRequest>(
    '/api/v1/audit',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags,
        summary:
          'Who did what, when (writes, exports, downloads), newest first: filter by action (survey.publish, or survey.*), actor, object type and id, text and local dates; page on with nextCursor',
        querystring: AuditQuerySchema,
        response: { 200: AuditPageSchema },
      },
    },
    async (request) => {
      const scope = scopeOf(deps, request)
      requirePermission(scope.actor, 'audit:read')
      const page = await pageAudit(scope, request.query)
      const names = await userNames(
        scope,
        page.entries.filter((e) => e.actorType === 'user').map((e) => e.actorId),
      )
      return {
        ...page,
        entries: page.entries.map((e) => {
          const actorName = e.actorType === 'user' ? names.get(e.actorId) : undefined
          return actorName === undefined ? e : { ...e, actorName }
        }),
      }
    },
  )

  app.get<QueryRequest>(
    '/api/v1/audit/export',
    {
      config: { permission: 'audit:export' },
      schema: {
        tags,
        summary:
          'The audit log with the same filters as XLSX or CSV (UTF-8 with BOM), newest first, with each entry’s chain seq and hash; formula-like cells neutralised; the export is itself audited',
        querystring: AuditExportQuerySchema,
        response: { 200: fileResponse('The audit log as a spreadsheet', TABLE_FILE_TYPES) },
      },
    },
    async (request, reply) =>
      sendDownload(reply, await exportAudit(scopeOf(deps, request), request.query)),
  )

  app.get(
    '/api/v1/audit/verify',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags,
        summary:
          'Checks the organisation’s audit hash chain from the retention anchor to the newest entry and reports the first broken link (changed, forged, removed or truncated entries)',
        response: { 200: AuditVerificationSchema },
      },
    },
    async (request) => {
      const scope = scopeOf(deps, request)
      requirePermission(scope.actor, 'audit:read')
      return verifyAuditChain(scope)
    },
  )

  app.get(
    '/api/v1/audit/policy',
    {
      // Any member may know how long the log is kept: the auditor reads it, the security administrator sets it.
      config: { permission: 'signed-in' },
      schema: {
        tags,
        summary: 'How many days audit entries are kept before the retention job removes them',
        response: { 200: AuditPolicySchema },
      },
    },
    async (request) => auditPolicy(scopeOf(deps, request)),
  )

  app.put(
    '/api/v1/audit/policy',
    {
      config: { permission: 'security:manage' },
      schema: {
        tags,
        summary:
          'Sets how many days audit entries are kept (at least 180, 等保 2.0: six months); audited',
        body: AuditPolicyBodySchema,
        response: { 200: AuditPolicySchema },
      },
    },
    async (request) => setAuditPolicy(scopeOf(deps, request), request.body),
  )
}
