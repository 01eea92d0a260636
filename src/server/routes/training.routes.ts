import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import {
  AttendanceUpdateSchema,
  CourseCreateSchema,
  CourseListSchema,
  CourseSchema,
  EffectQuerySchema,
  SessionCreateSchema,
  SessionListQuerySchema,
  SessionListSchema,
  SessionSchema,
  SuggestionListSchema,
  SuggestionQuerySchema,
  TrainingEffectSchema,
} from '../../training/training.schema.js'
import { trainingEffect, trainingSuggestions } from '../../training/training-effect.service.js'
import {
  createCourse,
  createSession,
  getSession,
  listCourses,
  listSessions,
  setAttendance,
} from '../../training/training.service.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from '../plugins/auth.js'

const IdParams = z.object({ id: z.string() })
type IdRequest = { Params: { id: string } }

/**
 * Training (issue 19): courses, sessions of a unit with attendance and completion, who needs a
 * course (the weakest on its outcome), and a session's effect (difference in differences).
 */
export function trainingRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['training']

  app.get(
    '/api/v1/training/courses',
    {
      config: { permission: 'employees:read' },
      schema: {
        tags,
        summary: 'The organisation’s training courses',
        response: { 200: CourseListSchema },
      },
    },
    async (request) => ({ courses: await listCourses(scopeOf(deps, request)) }),
  )

  app.post(
    '/api/v1/training/courses',
    {
      config: { permission: 'training:write' },
      schema: {
        tags,
        summary:
          'Create a course: title, topic, skill dimension and the customer outcome it is measured on',
        body: CourseCreateSchema,
        response: { 201: CourseSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCourse(scopeOf(deps, request), request.body)),
  )

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/training/suggestions',
    {
      config: { permission: 'employees:read' },
      schema: {
        tags,
        summary:
          'The employees of a unit weakest on a course’s outcome (shrunk toward the unit mean), who have not completed it',
        querystring: SuggestionQuerySchema,
        response: { 200: SuggestionListSchema },
      },
    },
    async (request) => trainingSuggestions(scopeOf(deps, request), request.query),
  )

  app.get<{ Querystring: Record<string, string> }>(
    '/api/v1/training/sessions',
    {
      config: { permission: 'employees:read' },
      schema: {
        tags,
        summary: 'Sessions of the caller’s units with attendance; ?courseId=, ?unitId=',
        querystring: SessionListQuerySchema,
        response: { 200: SessionListSchema },
      },
    },
    async (request) => ({ sessions: await listSessions(scopeOf(deps, request), request.query) }),
  )

  app.post(
    '/api/v1/training/sessions',
    {
      config: { permission: 'training:write' },
      schema: {
        tags,
        summary: 'Schedule a session of a course for a unit, enrolling employees of the unit',
        body: SessionCreateSchema,
        response: { 201: SessionSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createSession(scopeOf(deps, request), request.body)),
  )

  app.get<IdRequest>(
    '/api/v1/training/sessions/:id',
    {
      config: { permission: 'employees:read' },
      schema: {
        tags,
        summary:
          'One session with attendance (TRAINING_SESSION_NOT_FOUND, also outside the caller’s units)',
        params: IdParams,
        response: { 200: SessionSchema },
      },
    },
    async (request) => getSession(scopeOf(deps, request), request.params.id),
  )

  app.put<{ Params: { id: string; employeeId: string } }>(
    '/api/v1/training/sessions/:id/attendance/:employeeId',
    {
      config: { permission: 'training:write' },
      schema: {
        tags,
        summary:
          'Record an enrolled employee as attended, completed or absent (TRAINING_NOT_ENROLLED)',
        params: z.object({ id: z.string(), employeeId: z.string() }),
        body: AttendanceUpdateSchema,
        response: { 200: SessionSchema },
      },
    },
    async (request) =>
      setAttendance(
        scopeOf(deps, request),
        request.params.id,
        request.params.employeeId,
        request.body,
      ),
  )

  app.get<IdRequest & { Querystring: Record<string, string> }>(
    '/api/v1/training/sessions/:id/effect',
    {
      config: { permission: 'employees:read' },
      schema: {
        tags,
        summary:
          'The session’s effect on its outcome: completers before vs after against untrained colleagues of the unit (difference in differences, p-value, 95% interval); ?days=',
        params: IdParams,
        querystring: EffectQuerySchema,
        response: { 200: TrainingEffectSchema },
      },
    },
    async (request) => trainingEffect(scopeOf(deps, request), request.params.id, request.query),
  )
}
