import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { recordGatewayReceipt } from '../../notices/notice-delivery.service.js'
import {
  NoticeComplianceQuerySchema,
  NoticeComplianceSchema,
  NoticeDetailSchema,
  NoticeInputSchema,
  NoticeListSchema,
  NoticeReceiptSchema,
  NoticeSatisfactionSchema,
  NoticeSettingsInputSchema,
  NoticeSettingsSchema,
} from '../../notices/notice.schema.js'
import {
  createNotice,
  listNotices,
  noticeComplianceReport,
  noticeDetail,
  noticeLeadSatisfaction,
  noticeSettings,
  updateNoticeSettings,
} from '../../notices/notice.service.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from '../plugins/auth.js'

/** A notice names up to 10,000 customers by list (about 80 bytes each). */
const NOTICE_BODY_BYTES = 1024 * 1024

/** Proactive notices (planned outages, disruptions), their delivery and their compliance. */
export function noticeRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['notices']

  app.get(
    '/api/v1/notice-settings',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary:
          'The SMS / WeChat gateway notices go through and the lead time compliance is read against',
        response: { 200: NoticeSettingsSchema },
      },
    },
    async (request) => noticeSettings(scopeOf(deps, request)),
  )

  app.put(
    '/api/v1/notice-settings',
    {
      config: { permission: 'cases:configure' },
      schema: {
        tags,
        summary:
          'Set the gateway (its signing secret is kept when not given again) and the lead days',
        body: NoticeSettingsInputSchema,
        response: { 200: NoticeSettingsSchema },
      },
    },
    async (request) => updateNoticeSettings(scopeOf(deps, request), request.body),
  )

  app.get(
    '/api/v1/notices',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary: 'Notices starting from 90 days ago on, with their messages by delivery state',
        response: { 200: NoticeListSchema },
      },
    },
    async (request) => ({ notices: await listNotices(scopeOf(deps, request)) }),
  )

  app.post(
    '/api/v1/notices',
    {
      config: { permission: 'cases:supervise' },
      bodyLimit: NOTICE_BODY_BYTES,
      schema: {
        tags,
        summary:
          'Announce a planned outage or disruption to the customers of the units (each with everything below it) and of a list: one message per address by SMS (gateway) and e-mail, queued and sent by the background job',
        body: NoticeInputSchema,
        response: { 201: NoticeDetailSchema },
      },
    },
    async (request, reply) => {
      const detail = await createNotice(scopeOf(deps, request), request.body)
      deps.wakeJobs()
      return reply.status(201).send(detail)
    },
  )

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/notices/compliance',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary:
          'Notice compliance: per notice starting in the period and pooled, the share of recipients told at least leadDays ahead with its Wilson 95% interval',
        querystring: NoticeComplianceQuerySchema,
        response: { 200: NoticeComplianceSchema },
      },
    },
    async (request) => noticeComplianceReport(scopeOf(deps, request), request.query),
  )

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/notices/satisfaction',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary:
          'Satisfaction read against notice lead time: customer recipients’ first answer after an outage (to 30 days after its end) by how far ahead they were told, mean likelihood to recommend with its t 95% interval',
        querystring: NoticeComplianceQuerySchema,
        response: { 200: NoticeSatisfactionSchema },
      },
    },
    async (request) => noticeLeadSatisfaction(scopeOf(deps, request), request.query),
  )

  app.get<{ Params: { id: string } }>(
    '/api/v1/notices/:id',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary: 'A notice with each message’s delivery state (addresses masked)',
        params: z.object({ id: z.string() }),
        response: { 200: NoticeDetailSchema },
      },
    },
    async (request) => noticeDetail(scopeOf(deps, request), request.params.id),
  )

  app.post(
    '/api/v1/public/notice-receipts',
    {
      config: {
        permission: 'public',
        rateLimit: { max: deps.config.publicRateLimit, timeWindow: '1 minute' },
        // A receipt without a valid signature, or for an unknown message, is 401.
        errorStatuses: [401],
      },
      schema: {
        tags,
        summary:
          'A gateway’s delivery receipt for an SMS notice: x-manyi-timestamp (seconds) and x-manyi-signature = sha256=HMAC(secret, "timestamp.messageId.status"); an unknown message or bad signature is 401',
        body: NoticeReceiptSchema,
        response: { 200: z.object({ recorded: z.boolean() }) },
      },
    },
    async (request) =>
      recordGatewayReceipt(
        deps.store.db,
        {
          timestamp: header(request.headers['x-manyi-timestamp']),
          signature: header(request.headers['x-manyi-signature']),
        },
        request.body,
        deps.clock(),
      ),
  )
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
