import { z } from 'zod'

/** Training (issue 19): requests and responses (browser-safe). */

/** What a course trains: the five SERVQUAL dimensions (Parasuraman et al. 1988) and two skills. */
export const TRAINING_DIMENSIONS = [
  'tangibles',
  'reliability',
  'responsiveness',
  'assurance',
  'empathy',
  'complaint_handling',
  'product_knowledge',
] as const
export const TrainingDimensionSchema = z.enum(TRAINING_DIMENSIONS)
export const TrainingOutcomeSchema = z.enum(['csat', 'nps', 'ces'])
export type TrainingOutcome = z.infer<typeof TrainingOutcomeSchema>
export const ATTENDANCE_STATUSES = ['enrolled', 'attended', 'completed', 'absent'] as const
export const AttendanceStatusSchema = z.enum(ATTENDANCE_STATUSES)

export const CourseCreateSchema = z.object({
  title: z.string().trim().min(1).max(200),
  topic: z.string().trim().max(2000).optional(),
  dimension: TrainingDimensionSchema,
  /** The customer outcome the course should move, and is measured on. */
  outcome: TrainingOutcomeSchema,
})

export const CourseSchema = z.object({
  id: z.string(),
  title: z.string(),
  topic: z.string().nullable(),
  dimension: TrainingDimensionSchema,
  outcome: TrainingOutcomeSchema,
  createdAt: z.number(),
})
export type Course = z.infer<typeof CourseSchema>
export const CourseListSchema = z.object({ courses: z.array(CourseSchema) })

export const SessionCreateSchema = z
  .object({
    courseId: z.string().min(1),
    unitId: z.string().min(1),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    /** Employees of the unit enrolled at once. */
    employeeIds: z.array(z.string().min(1)).max(500).default([]),
  })
  .refine((s) => Date.parse(s.endsAt) >= Date.parse(s.startsAt), {
    message: 'must not be before startsAt',
    path: ['endsAt'],
  })

export const AttendanceSchema = z.object({
  employee: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  status: AttendanceStatusSchema,
  updatedAt: z.number(),
})

export const SessionSchema = z.object({
  id: z.string(),
  courseId: z.string(),
  unitId: z.string(),
  startsAt: z.number(),
  endsAt: z.number(),
  createdAt: z.number(),
  attendance: z.array(AttendanceSchema),
})
export type Session = z.infer<typeof SessionSchema>
export const SessionListSchema = z.object({ sessions: z.array(SessionSchema) })
export const SessionListQuerySchema = z.object({
  courseId: z.string().min(1).optional(),
  unitId: z.string().min(1).optional(),
})

export const AttendanceUpdateSchema = z.object({ status: AttendanceStatusSchema })

export const SuggestionQuerySchema = z.object({
  courseId: z.string().min(1),
  unitId: z.string().min(1),
  /** How many of the weakest (default 3). */
  count: z.coerce.number().int().min(1).max(100).default(3),
  /** Days of answers looked at, up to today (default 90). */
  days: z.coerce.number().int().min(7).max(730).default(90),
})

export const SuggestionSchema = z.object({
  employee: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  n: z.number(),
  raw: z.number().nullable(),
  /** Shrunk toward the unit's mean (empirical Bayes): what the ranking uses. */
  shrunk: z.number().nullable(),
})
export const SuggestionListSchema = z.object({
  courseId: z.string(),
  unitId: z.string(),
  outcome: TrainingOutcomeSchema,
  from: z.string(),
  to: z.string(),
  /** Weakest first; employees without answers or who completed the course are left out. */
  suggestions: z.array(SuggestionSchema),
})

export const EffectQuerySchema = z.object({
  /** Days before the session's start and after its end compared (default 30). */
  days: z.coerce.number().int().min(7).max(365).default(30),
})

const Cell = z.object({ n: z.number(), mean: z.number().nullable() })

export const TrainingEffectSchema = z.object({
  sessionId: z.string(),
  outcome: TrainingOutcomeSchema,
  days: z.number(),
  /** Employees who completed the session, and untrained colleagues of the same unit. */
  trainedEmployees: z.number(),
  comparisonEmployees: z.number(),
  cells: z.object({
    trainedBefore: Cell,
    trainedAfter: Cell,
    comparisonBefore: Cell,
    comparisonAfter: Cell,
  }),
  /** (trained after − before) − (comparison after − before); null without enough answers. */
  estimate: z.number().nullable(),
  se: z.number().nullable(),
  df: z.number().nullable(),
  pValue: z.number().nullable(),
  ci95: z.tuple([z.number(), z.number()]).nullable(),
  /** improved / worsened at p < 0.05 in the outcome's good direction (CES: lower is better). */
  verdict: z.enum(['improved', 'worsened', 'no_significant_change', 'not_enough_data']),
})
export type TrainingEffect = z.infer<typeof TrainingEffectSchema>
