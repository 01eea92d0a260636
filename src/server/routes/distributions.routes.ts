import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { importContactList, listContactLists } from '../../distribution/contact-list.service.js'
import {
  ContactImportReportSchema,
  ContactListsSchema,
  DistributionInputSchema,
  DistributionListSchema,
  DistributionSchema,
  InvitationPageSchema,
  OutboundChannelsSchema,
} from '../../distribution/distribution.schema.js'
import { requirePermission } from '../../auth/permission.service.js'
import {
  createDistribution,
  getDistribution,
  listDistributions,
  listInvitations,
  startDistribution,
} from '../../distribution/distribution.service.js'
import { parseInput } from '../../shared/validation.js'
import { tableFromBytes } from '../../tabular/tabular.service.js'
import { inMemoryTableLimitsOf } from '../../tabular/table-upload.service.js'
import type { AppDeps } from '../deps.js'
import { permissionBeforeBody, scopeOf } from '../plugins/auth.js'

const IdParams = z.object({ id: z.string() })
type IdRequest = { Params: { id: string } }

/** Contact lists are small next to answer imports: 10 MB of CSV/XLSX, sent base64. */
const CONTACT_FILE_MAX_BYTES = 10 * 1024 * 1024

const ContactListBodySchema = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  file: z.object({
    name: z.string().regex(/\.(csv|xlsx)$/i, 'must end in .csv or .xlsx'),
    contentBase64: z.string().min(1),
  }),
  skipInvalid: z.boolean().default(false),
  /** Contacts no customer holds a key of: create their customer (default) or leave them unmatched. */
  unknownCustomers: z.enum(['create', 'refuse']).default('create'),
})

const InvitationQuerySchema = z.object({
  status: z.enum(['pending', 'sending', 'sent', 'failed', 'unsubscribed', 'skipped']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
})

export function distributionRoutes(app: FastifyInstance, deps: AppDeps): void {
  // Decided by configuration once: without a mail server, e-mail distributions are refused up front.
  const outbound = { emailConfigured: deps.config.smtpUrl !== undefined }

  const tags = ['distribution']

  app.get(
    '/api/v1/contact-lists',
    {
      config: { permission: 'distributions:read' },
      schema: {
        tags,
        summary: 'Contact lists with their sizes',
        response: { 200: ContactListsSchema },
      },
    },
    async (request) => ({
      contactLists: await listContactLists(scopeOf(deps, request)),
    }),
  )

  app.post(
    '/api/v1/contact-lists',
    {
      config: { permission: 'contacts:write' },
      preParsing: permissionBeforeBody('contacts:write'),
      schema: {
        tags,
        summary:
          'Create a contact list from CSV/XLSX (columns email/邮箱, phone/手机, name/姓名; others become attributes)',
        body: ContactListBodySchema,
        response: { 201: ContactImportReportSchema },
      },
      bodyLimit: Math.ceil(CONTACT_FILE_MAX_BYTES * 1.4),
    },
    async (request, reply) => {
      const body = parseInput(ContactListBodySchema, request.body, 'contact list')
      const table = await tableFromBytes(
        body.file.name,
        Buffer.from(body.file.contentBase64, 'base64'),
        inMemoryTableLimitsOf(deps.config),
      )
      reply.status(201)
      return importContactList(scopeOf(deps, request), body.name, table, {
        skipInvalid: body.skipInvalid,
        unknownCustomers: body.unknownCustomers,
      })
    },
  )

  app.get<IdRequest>(
    '/api/v1/surveys/:id/distributions',
    {
      config: { permission: 'distributions:read' },
      schema: {
        tags,
        summary: 'A survey’s distributions with their funnels',
        params: IdParams,
        response: { 200: DistributionListSchema },
      },
    },
    async (request) => ({
      distributions: await listDistributions(scopeOf(deps, request), request.params.id),
    }),
  )

  app.post<IdRequest>(
    '/api/v1/surveys/:id/distributions',
    {
      config: { permission: 'distributions:write' },
      schema: {
        tags,
        summary: 'Create an e-mail or webhook distribution to a contact list',
        params: IdParams,
        body: DistributionInputSchema,
        response: { 201: DistributionSchema },
      },
    },
    async (request, reply) => {
      reply.status(201)
      return createDistribution(scopeOf(deps, request), request.params.id, request.body, {
        allowedHosts: deps.config.webhookAllowedHosts,
      })
    },
  )

  app.get(
    '/api/v1/outbound-channels',
    {
      config: { permission: 'distributions:read' },
      schema: {
        tags,
        summary: 'Which channels can send: e-mail needs a mail server (MANYI_SMTP_URL)',
        description:
          'Asked before sending, so the admin app can say why an e-mail distribution cannot go out instead of failing each invitation.',
        response: { 200: OutboundChannelsSchema },
      },
    },
    async (request) => {
      requirePermission(scopeOf(deps, request).actor, 'distributions:read')
      return outbound
    },
  )

  app.get<IdRequest>(
    '/api/v1/distributions/:id',
    {
      config: { permission: 'distributions:read' },
      schema: {
        tags,
        summary: 'One distribution and its funnel (sent, opened, started, completed)',
        params: IdParams,
        response: { 200: DistributionSchema },
      },
    },
    async (request) => getDistribution(scopeOf(deps, request), request.params.id),
  )

  app.post<IdRequest>(
    '/api/v1/distributions/:id/send',
    {
      config: { permission: 'distributions:write' },
      schema: {
        tags,
        summary: 'Create the personal invitations and send them now (or at sendAt); answered 202',
        params: IdParams,
        response: { 202: DistributionSchema },
      },
    },
    async (request, reply) => {
      const distribution = await startDistribution(
        scopeOf(deps, request),
        request.params.id,
        deps.wakeJobs,
        outbound,
      )
      reply.status(202)
      return distribution
    },
  )

  app.get<IdRequest & { Querystring: Record<string, string> }>(
    '/api/v1/distributions/:id/invitations',
    {
      config: { permission: 'distributions:read' },
      schema: {
        tags,
        summary: 'Delivery status of each invitation',
        params: IdParams,
        querystring: InvitationQuerySchema,
        response: { 200: InvitationPageSchema },
      },
    },
    async (request) => {
      const query = parseInput(InvitationQuerySchema, request.query, 'query')
      return listInvitations(scopeOf(deps, request), request.params.id, query)
    },
  )
}
