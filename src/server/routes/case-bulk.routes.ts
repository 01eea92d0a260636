import type { FastifyInstance } from 'fastify'
import { bulkAssignCases, bulkCloseCases, listCaseOwners } from '../../cases/case-bulk.service.js'
import {
  BulkAssignInputSchema,
  BulkCloseInputSchema,
  BulkResultSchema,
  CaseOwnersSchema,
} from '../../cases/case.schema.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from '../plugins/auth.js'

/** Working many cases from the list: whom to give them to, assigning and closing them at once. */
export function caseBulkRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['cases']

  app.get(
    '/api/v1/case-owners',
    {
      config: { permission: 'cases:work' },
      schema: {
        tags,
        summary: 'Whom a case may be given to: the active agents and supervisors, by name',
        response: { 200: CaseOwnersSchema },
      },
    },
    async (request) => listCaseOwners(scopeOf(deps, request)),
  )

  app.post(
    '/api/v1/cases/bulk/assign',
    {
      config: { permission: 'cases:supervise' },
      schema: {
        tags,
        summary:
          'Give up to 200 cases to one owner (supervisors); each case changes completely or not at all, with a result per case',
        body: BulkAssignInputSchema,
        response: { 200: BulkResultSchema },
      },
    },
    async (request) => bulkAssignCases(scopeOf(deps, request), request.body),
  )

  app.post(
    '/api/v1/cases/bulk/close',
    {
      config: { permission: 'cases:supervise' },
      schema: {
        tags,
        summary:
          'Close up to 200 followed-up cases (supervisors); each case changes completely or not at all, and a case the workflow does not let close says why',
        body: BulkCloseInputSchema,
        response: { 200: BulkResultSchema },
      },
    },
    async (request) => bulkCloseCases(scopeOf(deps, request), request.body),
  )
}
