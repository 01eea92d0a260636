import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import {
  commitmentPerformance,
  createCommitment,
  importServiceEventTable,
  listCommitments,
  recordServiceEvents,
  updateCommitment,
} from '../../commitments/commitment.service.js'
import {
  CommitmentInputSchema,
  CommitmentListSchema,
  CommitmentPerformanceQuerySchema,
  CommitmentPerformanceSchema,
  CommitmentSchema,
  ServiceEventBatchSchema,
  ServiceEventFileBodySchema,
  ServiceEventReportSchema,
} from '../../commitments/commitment.schema.js'
import {
  QueueAccuracySchema,
  QueueEventBatchSchema,
  QueueEventFileBodySchema,
  QueueEventReportSchema,
  QueueWaitQuerySchema,
  QueueWaitsSchema,
} from '../../commitments/queue.schema.js'
import {
  importQueueEventTable,
  queueAccuracy,
  queueWaits,
  recordQueueEvents,
} from '../../commitments/queue.service.js'
import {
  PerceivedWaitQuerySchema,
  PerceivedWaitsSchema,
} from '../../commitments/perceived-wait.schema.js'
import { perceivedWaits } from '../../commitments/perceived-wait.service.js'
import { ValidationError } from '../../shared/errors.js'
import { parseInput } from '../../shared/validation.js'
import { inMemoryTableLimitsOf } from '../../tabular/table-upload.service.js'
import { tableFromBytes } from '../../tabular/tabular.service.js'
import type { AppDeps } from '../deps.js'
import { waitPromiseRoutes } from './wait-promises.routes.js'
import { permissionBeforeBody, scopeOf } from '../plugins/auth.js'

const IdParams = z.object({ id: z.string() })
/** Up to 5,000 events a request (about 200 bytes each) exceed the site-wide 64 KB. */
const EVENT_BATCH_BYTES = 2 * 1024 * 1024
/** A CSV/XLSX file of events, base64 in JSON. */
const EVENT_FILE_BYTES = 12 * 1024 * 1024
type IdRequest = { Params: { id: string } }

/** Service commitments (承诺), the operational events they are measured on, and how they are kept. */
export function commitmentRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['commitments']

  app.get(
    '/api/v1/commitments',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary: 'The organisation’s service commitments',
        response: { 200: CommitmentListSchema },
      },
    },
    async (request) => ({ commitments: await listCommitments(scopeOf(deps, request)) }),
  )

  app.post(
    '/api/v1/commitments',
    {
      config: { permission: 'cases:configure' },
      schema: {
        tags,
        summary:
          'Publish a service commitment: a service type, from one event to another within a limit on a clock (continuous minutes, business-calendar minutes or working days), for some units or all',
        body: CommitmentInputSchema,
        response: { 201: CommitmentSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCommitment(scopeOf(deps, request), request.body)),
  )

  app.put<IdRequest>(
    '/api/v1/commitments/:id',
    {
      config: { permission: 'cases:configure' },
      schema: {
        tags,
        summary: 'Change a commitment (clocks already started keep their due time)',
        params: IdParams,
        body: CommitmentInputSchema,
        response: { 200: CommitmentSchema },
      },
    },
    async (request) => updateCommitment(scopeOf(deps, request), request.params.id, request.body),
  )

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/commitments/performance',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary:
          'Kept and missed orders per commitment and unit (clocks started in the period, default the last 90 days) with the kept rate and its Wilson 95% interval',
        querystring: CommitmentPerformanceQuerySchema,
        response: { 200: CommitmentPerformanceSchema },
      },
    },
    async (request) => commitmentPerformance(scopeOf(deps, request), request.query),
  )

  app.post(
    '/api/v1/service-events',
    {
      config: { permission: 'feedback:write' },
      bodyLimit: EVENT_BATCH_BYTES,
      schema: {
        tags,
        summary:
          'Operational events of service orders (created, arrived, completed …), idempotent on eventId: clocks measured, breaches open cases once; a report per event',
        body: ServiceEventBatchSchema,
        response: { 200: ServiceEventReportSchema },
      },
    },
    async (request) => recordServiceEvents(scopeOf(deps, request), request.body),
  )

  app.post(
    '/api/v1/service-events/import',
    {
      config: { permission: 'feedback:write' },
      bodyLimit: EVENT_FILE_BYTES,
      preParsing: permissionBeforeBody('feedback:write'),
      schema: {
        tags,
        summary:
          'Operational events from a CSV or XLSX file (base64; columns named in `columns`, times without a zone in the organisation’s), idempotent on the event id; faulty rows reported and left out',
        body: ServiceEventFileBodySchema,
        response: { 200: ServiceEventReportSchema },
      },
    },
    async (request) => {
      const body = parseInput(ServiceEventFileBodySchema, request.body, 'import')
      const bytes = Buffer.from(body.file.contentBase64, 'base64')
      if (bytes.length === 0)
        throw new ValidationError('VALIDATION_FAILED', 'The file is empty.', [
          { path: 'file.contentBase64', reason: 'no bytes' },
        ])
      const table = await tableFromBytes(body.file.name, bytes, inMemoryTableLimitsOf(deps.config))
      return importServiceEventTable(scopeOf(deps, request), table, body)
    },
  )
  queueRoutes(app, deps)
  waitPromiseRoutes(app, deps)
}

/** Queue events of service halls and the waits measured from them. */
function queueRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['commitments']

  app.post(
    '/api/v1/queue-events',
    {
      config: { permission: 'feedback:write' },
      bodyLimit: EVENT_BATCH_BYTES,
      schema: {
        tags,
        summary:
          'Queue events of service halls (ticket taken, called, served, left; counter opened, closed), idempotent on eventId; a report per event',
        body: QueueEventBatchSchema,
        response: { 200: QueueEventReportSchema },
      },
    },
    async (request) => recordQueueEvents(scopeOf(deps, request), request.body),
  )

  app.post(
    '/api/v1/queue-events/import',
    {
      config: { permission: 'feedback:write' },
      bodyLimit: EVENT_FILE_BYTES,
      preParsing: permissionBeforeBody('feedback:write'),
      schema: {
        tags,
        summary:
          'Queue events from a CSV or XLSX file (base64; columns event_id, unit, event, ticket, counter, time unless named in `columns`; times without a zone in the organisation’s), idempotent on the event id',
        body: QueueEventFileBodySchema,
        response: { 200: QueueEventReportSchema },
      },
    },
    async (request) => {
      const body = parseInput(QueueEventFileBodySchema, request.body, 'import')
      const bytes = Buffer.from(body.file.contentBase64, 'base64')
      if (bytes.length === 0)
        throw new ValidationError('VALIDATION_FAILED', 'The file is empty.', [
          { path: 'file.contentBase64', reason: 'no bytes' },
        ])
      const table = await tableFromBytes(body.file.name, bytes, inMemoryTableLimitsOf(deps.config))
      return importQueueEventTable(scopeOf(deps, request), table, body)
    },
  )

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/queue-waits',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary:
          'Realised waits (minutes from ticket to call) per hall, in total, by local hour and by weekday: median, 90th percentile, mean with its 95% interval (tickets taken in the period, default the last 28 days)',
        querystring: QueueWaitQuerySchema,
        response: { 200: QueueWaitsSchema },
      },
    },
    async (request) => queueWaits(scopeOf(deps, request), request.query),
  )

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/queue-waits/accuracy',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary:
          'The live-queue wait estimate against the waits people then had, and the baseline’s (people waiting ahead × mean service time ÷ open counters): bias, mean absolute and root-mean-square error in minutes per hall',
        querystring: QueueWaitQuerySchema,
        response: { 200: QueueAccuracySchema },
      },
    },
    async (request) => queueAccuracy(scopeOf(deps, request), request.query),
  )

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/queue/perceived-waits',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary:
          'Perceived against actual waits of the same hall visits: answers of a survey whose link carries the visit’s `ticket` (hidden field) matched to the visit of their hall, the chosen question’s minutes (a slider, or a single choice of minute bands read as midpoints) beside the realised wait — per hall and in total: n, means, mean gap with its 95% paired-t interval, median gap, share overestimating, Spearman’s rho, the gap by actual-wait band; and how many answers had no ticket or no matching visit',
        querystring: PerceivedWaitQuerySchema,
        response: { 200: PerceivedWaitsSchema },
      },
    },
    async (request) => perceivedWaits(scopeOf(deps, request), request.query),
  )
}
