import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { getCase } from '../../cases/case-query.service.js'
import { anonymousAnswerRecords } from '../../cases/case-withheld.service.js'
import {
  type CaseFacts,
  customerOfRecord,
  customerPage,
} from '../../customers/customer-page.service.js'
import {
  importTransactionRows,
  importTransactionTable,
} from '../../customers/customer-transactions.service.js'
import {
  CustomerInputSchema,
  CustomerKeyInputSchema,
  CustomerPageSchema,
  CustomerRecordSchema,
  CustomerSearchQuerySchema,
  CustomerSearchResultSchema,
  LINK_KINDS,
  MergeInputSchema,
  MergeResultSchema,
  TransactionFileBodySchema,
  TransactionReportSchema,
  TransactionRowsBodySchema,
  UnmergeInputSchema,
} from '../../customers/customer.schema.js'
import {
  addCustomerKey,
  createCustomer,
  mergeCustomers,
  searchCustomers,
  unmergeCustomer,
} from '../../customers/customer.service.js'
import type { Scope } from '../../db/scope.js'
import { AppError, ValidationError } from '../../shared/errors.js'
import { parseInput } from '../../shared/validation.js'
import { inMemoryTableLimitsOf } from '../../tabular/table-upload.service.js'
import { tableFromBytes } from '../../tabular/tabular.service.js'
import type { AppDeps } from '../deps.js'
import { permissionBeforeBody, scopeOf } from '../plugins/auth.js'
import { withInvitations } from './customer-invitations.js'

const IdParams = z.object({ id: z.string() })
const RecordParams = z.object({ kind: z.enum(LINK_KINDS), sourceId: z.string() })
type IdRequest = { Params: { id: string } }

/** Cases' current state for the customer page, read through the cases domain (units kept). */
async function caseFacts(scope: Scope, ids: readonly string[]): Promise<Map<string, CaseFacts>> {
  const facts = new Map<string, CaseFacts>()
  for (const id of ids.slice(0, 50)) {
    try {
      const found = await getCase(scope, id)
      // Points are counted as points, money kinds in cents: the two are never added together.
      const given = found.compensations.filter(
        (c) => c.status === 'granted' || c.status === 'approved',
      )
      facts.set(id, {
        number: found.number,
        status: found.status,
        compensation: given
          .filter((c) => c.kind !== 'points')
          .reduce((sum, c) => sum + c.amount, 0),
        compensationPoints: given
          .filter((c) => c.kind === 'points')
          .reduce((sum, c) => sum + c.amount, 0),
      })
    } catch (error) {
      // A case outside the reader's units is left off the page.
      if (!(error instanceof AppError && error.code === 'CASE_NOT_FOUND')) throw error
    }
  }
  return facts
}

/** The customer master: search by any key, the customer page, merges, transactions. */
export function customerRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['customers']

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/customers',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags,
        summary:
          'Customers found by any key (phone in any format, e-mail, member number, account number, external reference, openid), by blind index',
        querystring: CustomerSearchQuerySchema,
        response: { 200: CustomerSearchResultSchema },
      },
    },
    async (request) => searchCustomers(scopeOf(deps, request), request.query),
  )
  app.post(
    '/api/v1/customers',
    {
      config: { permission: 'cases:supervise' },
      schema: {
        tags,
        summary: 'Create a customer by hand; a key another customer holds is refused',
        body: CustomerInputSchema,
        response: { 201: CustomerRecordSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createCustomer(scopeOf(deps, request), request.body)),
  )
  app.get<{ Params: { kind: string; sourceId: string } }>(
    '/api/v1/customers/of/:kind/:sourceId',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags,
        summary: 'The customer an answer, feedback record, case or invitation is linked to',
        params: RecordParams,
        response: { 200: z.object({ customerId: z.string() }) },
      },
    },
    async (request) => {
      const params = parseInput(RecordParams, request.params, 'params')
      const scope = scopeOf(deps, request)
      return customerOfRecord(
        scope,
        params.kind,
        params.sourceId,
        await anonymousAnswerRecords(scope),
      )
    },
  )
  app.get<IdRequest>(
    '/api/v1/customers/:id',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags,
        summary:
          'The customer page: keys, one timeline (answers, feedback, cases, invitations, transactions), satisfaction, last contact, open cases; each view audited',
        params: IdParams,
        response: { 200: CustomerPageSchema },
      },
    },
    async (request) => {
      const scope = scopeOf(deps, request)
      return withInvitations(
        scope,
        await customerPage(
          scope,
          request.params.id,
          caseFacts,
          await anonymousAnswerRecords(scope),
        ),
      )
    },
  )
  app.post<IdRequest>(
    '/api/v1/customers/:id/keys',
    {
      config: { permission: 'cases:supervise' },
      schema: {
        tags,
        summary: 'Add an identity key to a customer; one another customer holds is refused',
        params: IdParams,
        body: CustomerKeyInputSchema,
        response: { 200: CustomerRecordSchema },
      },
    },
    async (request) => addCustomerKey(scopeOf(deps, request), request.params.id, request.body),
  )
  app.post<IdRequest>(
    '/api/v1/customers/:id/merge',
    {
      config: { permission: 'cases:supervise' },
      schema: {
        tags,
        summary: 'Merge another customer (sourceId) into this one, audited and undoable',
        params: IdParams,
        body: MergeInputSchema,
        response: { 200: MergeResultSchema },
      },
    },
    async (request) => mergeCustomers(scopeOf(deps, request), request.params.id, request.body),
  )
  app.post<IdRequest>(
    '/api/v1/customers/:id/unmerge',
    {
      config: { permission: 'cases:supervise' },
      schema: {
        tags,
        summary: 'Undo a merge into this customer (eventId of the merge)',
        params: IdParams,
        body: UnmergeInputSchema,
        response: { 200: MergeResultSchema },
      },
    },
    async (request) => unmergeCustomer(scopeOf(deps, request), request.params.id, request.body),
  )
  app.post(
    '/api/v1/customer-transactions',
    {
      config: { permission: 'contacts:write' },
      schema: {
        tags,
        summary:
          'Import transactions as JSON rows: idempotent on the transaction id, refunds (negative amounts) marked, unknown customers created or refused, a report per row',
        body: TransactionRowsBodySchema,
        response: { 200: TransactionReportSchema },
      },
    },
    async (request) => importTransactionRows(scopeOf(deps, request), request.body),
  )
  app.post(
    '/api/v1/customer-transactions/import',
    {
      config: { permission: 'contacts:write' },
      preParsing: permissionBeforeBody('contacts:write'),
      schema: {
        tags,
        summary:
          'Import transactions from CSV/XLSX (base64; columns named in `columns`): idempotent, all-or-nothing or skip-invalid, a report per row',
        body: TransactionFileBodySchema,
        response: { 200: TransactionReportSchema },
      },
    },
    async (request) => {
      const body = parseInput(TransactionFileBodySchema, request.body, 'import')
      const bytes = Buffer.from(body.file.contentBase64, 'base64')
      if (bytes.length === 0)
        throw new ValidationError('VALIDATION_FAILED', 'The file is empty.', [
          { path: 'file.contentBase64', reason: 'no bytes' },
        ])
      const table = await tableFromBytes(body.file.name, bytes, inMemoryTableLimitsOf(deps.config))
      return importTransactionTable(scopeOf(deps, request), table, body)
    },
  )
}
