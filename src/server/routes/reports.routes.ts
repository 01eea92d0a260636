import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { overviewPdf, surveyDashboardPdf } from '../../reports/dashboard-pdf.service.js'
import { buildReport } from '../../reports/report-content.service.js'
import {
  archivedReportFile,
  createSchedule,
  deleteSchedule,
  listArchive,
  listSchedules,
  reportFile,
  updateSchedule,
} from '../../reports/report-schedule.service.js'
import {
  ArchiveListSchema,
  ArchiveQuerySchema,
  DashboardPdfQuerySchema,
  OverviewPdfQuerySchema,
  ReportFileQuerySchema,
  ReportFormatSchema,
  ReportQuerySchema,
  ReportSchema,
  ReviewInputSchema,
  ReviewListQuerySchema,
  ReviewListSchema,
  ReviewSchema,
  ScheduleInputSchema,
  ScheduleListSchema,
  ScheduleSchema,
} from '../../reports/report.schema.js'
import { createReview, getReview, listReviews } from '../../reports/review.service.js'
import type { AppDeps } from '../deps.js'
import { fileResponse, NO_CONTENT } from '../openapi-responses.js'
import { scopeOf } from '../plugins/auth.js'

const IdParams = z.object({ id: z.string() })
type IdRequest = { Params: { id: string } }
const REPORT_FILE_TYPES = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
]

/** Unit reports (周报/月报) as data, PDF and XLSX; their schedules and archive; management reviews. */
export function reportRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['reports']

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/reports/content',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary:
          "A unit's weekly or monthly report as data: key metrics with intervals and targets, league of its children, complaint causes, emerging topics, plans, reviews",
        querystring: ReportQuerySchema,
        response: { 200: ReportSchema },
      },
    },
    async (request) => buildReport(scopeOf(deps, request), request.query),
  )
  app.get<IdRequest & { Querystring: Record<string, string> }>(
    '/api/v1/surveys/:id/summary/pdf',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary:
          "A survey dashboard as PDF: the summary's figures for the same filters, in the reader's language",
        params: IdParams,
        querystring: DashboardPdfQuerySchema,
        response: { 200: fileResponse('The dashboard', ['application/pdf']) },
      },
    },
    async (request, reply) => {
      const file = await surveyDashboardPdf(
        scopeOf(deps, request),
        request.params.id,
        request.query,
      )
      return reply
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .type(file.contentType)
        .send(file.bytes)
    },
  )
  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/overview/pdf',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary:
          "The home overview as PDF: its figures for the same period and unit, in the reader's language",
        querystring: OverviewPdfQuerySchema,
        response: { 200: fileResponse('The overview', ['application/pdf']) },
      },
    },
    async (request, reply) => {
      const file = await overviewPdf(scopeOf(deps, request), request.query)
      return reply
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .type(file.contentType)
        .send(file.bytes)
    },
  )
  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/reports/file',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary:
          "A unit's report made now as PDF (charts included) or XLSX — any dashboard's export",
        querystring: ReportFileQuerySchema,
        response: { 200: fileResponse('The report', REPORT_FILE_TYPES) },
      },
    },
    async (request, reply) => {
      const file = await reportFile(scopeOf(deps, request), request.query, {
        baseUrl: deps.baseUrl,
      })
      return reply
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .type(file.contentType)
        .send(file.bytes)
    },
  )

  app.get(
    '/api/v1/reports/schedules',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary: 'Report schedules of the units within the caller’s',
        response: { 200: ScheduleListSchema },
      },
    },
    async (request) => listSchedules(scopeOf(deps, request)),
  )
  app.post(
    '/api/v1/reports/schedules',
    {
      config: { permission: 'plans:write' },
      schema: {
        tags,
        summary:
          "Schedule a unit's weekly or monthly report, its language and who gets it by e-mail",
        body: ScheduleInputSchema,
        response: { 201: ScheduleSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createSchedule(scopeOf(deps, request), request.body)),
  )
  app.put<IdRequest>(
    '/api/v1/reports/schedules/:id',
    {
      config: { permission: 'plans:write' },
      schema: {
        tags,
        summary: 'Change a report schedule',
        params: IdParams,
        body: ScheduleInputSchema,
        response: { 200: ScheduleSchema },
      },
    },
    async (request) => updateSchedule(scopeOf(deps, request), request.params.id, request.body),
  )
  app.delete<IdRequest>(
    '/api/v1/reports/schedules/:id',
    {
      config: { permission: 'plans:write' },
      schema: {
        tags,
        summary: 'Remove a report schedule (its archived reports stay)',
        params: IdParams,
        response: { 204: NO_CONTENT },
      },
    },
    async (request, reply) => {
      await deleteSchedule(scopeOf(deps, request), request.params.id)
      return reply.code(204).send()
    },
  )

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/reports/archive',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary: 'Reports made by the schedules, newest first (of the units within the caller’s)',
        querystring: ArchiveQuerySchema,
        response: { 200: ArchiveListSchema },
      },
    },
    async (request) => listArchive(scopeOf(deps, request), request.query),
  )
  app.get<IdRequest & { Params: { id: string; format: string } }>(
    '/api/v1/reports/archive/:id/:format',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary: "An archived report's PDF or XLSX",
        params: z.object({ id: z.string(), format: ReportFormatSchema }),
        response: { 200: fileResponse('The report', REPORT_FILE_TYPES) },
      },
    },
    async (request, reply) => {
      const file = await archivedReportFile(
        scopeOf(deps, request),
        request.params.id,
        request.params.format,
      )
      return reply
        .header('content-disposition', `attachment; filename="${file.filename}"`)
        .type(file.contentType)
        .send(file.bytes)
    },
  )

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/reviews',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary: 'Management reviews, newest first (of the units within the caller’s)',
        querystring: ReviewListQuerySchema,
        response: { 200: ReviewListSchema },
      },
    },
    async (request) => listReviews(scopeOf(deps, request), request.query),
  )
  app.post(
    '/api/v1/reviews',
    {
      config: { permission: 'plans:write' },
      schema: {
        tags,
        summary:
          "Record a management review: date, attendees, the unit's metrics against targets as of that day, plans reviewed, decisions, new plans",
        body: ReviewInputSchema,
        response: { 201: ReviewSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createReview(scopeOf(deps, request), request.body)),
  )
  app.get<IdRequest>(
    '/api/v1/reviews/:id',
    {
      config: { permission: 'responses:read' },
      schema: {
        tags,
        summary: 'A management review as recorded',
        params: IdParams,
        response: { 200: ReviewSchema },
      },
    },
    async (request) => getReview(scopeOf(deps, request), request.params.id),
  )
}
