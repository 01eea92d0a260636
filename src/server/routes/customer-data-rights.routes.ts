import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { eraseCases, exportCases } from '../../cases/case-erasure.service.js'
import {
  customerDataSheets,
  eraseCustomerData,
  exportCustomerData,
  type PersonalDataHolder,
} from '../../customers/data-rights.service.js'
import {
  CustomerDataExportSchema,
  EraseInputSchema,
  ErasureReportSchema,
} from '../../customers/data-rights.schema.js'
import { eraseContacts, exportContacts } from '../../distribution/contact-erasure.service.js'
import { eraseFeedback, exportFeedback } from '../../feedback/feedback-erasure.service.js'
import { eraseAnswers, exportAnswers } from '../../responses/response-erasure.service.js'
import { TABLE_CONTENT_TYPES, workbookDownload } from '../../tabular/table-download.service.js'
import { eraseTextCorrections, exportTextCorrections } from '../../text/text-erasure.service.js'
import type { AppDeps } from '../deps.js'
import { fileResponse } from '../openapi-responses.js'
import { scopeOf } from '../plugins/auth.js'
import { sendDownload } from '../send-download.js'

/**
 * Every domain's part of a customer's data-rights request, in the order ids are found: answers;
 * feedback (by link, and the comments of those answers); cases (by link, and those the feedback
 * opened); contact-list entries with the customer's addresses; text corrections of the feedback.
 */
export const PERSONAL_DATA_HOLDERS: readonly PersonalDataHolder[] = [
  {
    section: 'answers',
    read: (db, orgId, ids) => exportAnswers(db, orgId, ids.answers),
    erase: (db, orgId, ids) => eraseAnswers(db, orgId, ids.answers, ids.keyFields),
  },
  {
    section: 'feedback',
    read: (db, orgId, ids) => exportFeedback(db, orgId, ids.feedback, ids.answers),
    expand: (rows, ids) => {
      for (const row of rows as Array<{ id: string }>)
        if (!ids.feedback.includes(row.id)) ids.feedback.push(row.id)
    },
    erase: async (db, orgId, ids) => (await eraseFeedback(db, orgId, ids.feedback, [])).length,
  },
  {
    section: 'cases',
    read: (db, orgId, ids) => exportCases(db, orgId, ids.cases, ids.feedback),
    expand: (rows, ids) => {
      for (const row of rows as Array<{ id: string }>)
        if (!ids.cases.includes(row.id)) ids.cases.push(row.id)
    },
    erase: async (db, orgId, ids) => (await eraseCases(db, orgId, ids.cases, [])).length,
  },
  {
    section: 'contacts',
    read: (db, orgId, ids) => exportContacts(db, orgId, ids),
    erase: async (db, orgId, ids) => (await eraseContacts(db, orgId, ids)).length,
  },
  {
    section: 'textCorrections',
    read: (db, orgId, ids) => exportTextCorrections(db, orgId, ids.feedback),
    erase: (db, orgId, ids) => eraseTextCorrections(db, orgId, ids.feedback),
  },
]

const IdParams = z.object({ id: z.string() })
type IdRequest = { Params: { id: string } }

/** Customers' rights over their data: a copy of everything held (JSON, XLSX) and erasure. */
export function customerDataRightsRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['customers']

  app.get<IdRequest>(
    '/api/v1/customers/:id/export',
    {
      config: { permission: 'personal-data:export' },
      schema: {
        tags,
        summary:
          "Everything held about a customer, values in full (the data subject's copy, PIPL/GDPR): keys, records, transactions, answers, feedback, cases with their messages, contact-list entries, text corrections; audited with ids only",
        params: IdParams,
        response: { 200: CustomerDataExportSchema },
      },
    },
    async (request) =>
      exportCustomerData(scopeOf(deps, request), request.params.id, PERSONAL_DATA_HOLDERS),
  )
  app.get<IdRequest>(
    '/api/v1/customers/:id/export.xlsx',
    {
      config: { permission: 'personal-data:export' },
      schema: {
        tags,
        summary:
          'The same copy as an Excel workbook: the customer, keys, records, transactions, answers, feedback, cases, contacts, text corrections and events, a sheet each; audited with ids only',
        params: IdParams,
        response: {
          200: fileResponse("A customer's data as a workbook", [TABLE_CONTENT_TYPES.xlsx]),
        },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(deps, request)
      const data = await exportCustomerData(scope, request.params.id, PERSONAL_DATA_HOLDERS, 'xlsx')
      const date = new Date(scope.now).toISOString().slice(0, 10)
      return sendDownload(
        reply,
        workbookDownload(`customer-${data.customer.id}-${date}.xlsx`, customerDataSheets(data)),
      )
    },
  )
  app.post<IdRequest>(
    '/api/v1/customers/:id/erase',
    {
      config: { permission: 'personal-data:export' },
      schema: {
        tags,
        summary:
          "Erase a customer's personal data everywhere (keys, answers' typed words and contact details, complaints' contact details and words, case messages, contact-list entries, text corrections) in one transaction; records, scores and totals stay. Body repeats the id (confirmId); audited with ids and counts only",
        params: IdParams,
        body: EraseInputSchema,
        response: { 200: ErasureReportSchema },
      },
    },
    async (request) =>
      eraseCustomerData(
        scopeOf(deps, request),
        request.params.id,
        request.body,
        PERSONAL_DATA_HOLDERS,
      ),
  )
}
