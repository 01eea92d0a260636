import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import {
  customerDataSheets,
  eraseCustomerData,
  exportCustomerData,
} from '../../customers/data-rights.service.js'
import { getRetentionPolicy, setRetentionPolicy } from '../../customers/data-retention.service.js'
import {
  CustomerDataExportSchema,
  EraseInputSchema,
  ErasureReportSchema,
  RetentionInputSchema,
  RetentionPolicySchema,
} from '../../customers/data-rights.schema.js'
import { TABLE_CONTENT_TYPES, workbookDownload } from '../../tabular/table-download.service.js'
import { PERSONAL_DATA_HOLDERS } from '../../jobs/personal-data-holders.service.js'
import type { AppDeps } from '../deps.js'
import { fileResponse } from '../openapi-responses.js'
import { scopeOf } from '../plugins/auth.js'
import { sendDownload } from '../send-download.js'

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
          'The same copy as an Excel workbook: the customer, keys, records, transactions, answers, feedback, cases, contacts, text corrections, points ledger, service events and events, a sheet each; audited with ids only',
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
  app.get(
    '/api/v1/customer-retention',
    {
      config: { permission: 'personal-data:export' },
      schema: {
        tags,
        summary:
          'How long each type of personal data is kept (days): customers idle that long are erased, older answers, feedback and contact-list entries lose their personal parts — by an hourly job',
        response: { 200: RetentionPolicySchema },
      },
    },
    async (request) => getRetentionPolicy(scopeOf(deps, request)),
  )
  app.put(
    '/api/v1/customer-retention',
    {
      config: { permission: 'personal-data:export' },
      schema: {
        tags,
        summary:
          'Replace the retention periods (30 days to 30 years each; a type left out is kept until erased by hand); audited',
        body: RetentionInputSchema,
        response: { 200: RetentionPolicySchema },
      },
    },
    async (request) => setRetentionPolicy(scopeOf(deps, request), request.body),
  )
}
