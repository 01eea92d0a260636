import { z } from 'zod'

/** Employees: requests and responses (browser-safe). */

/** Letters, digits and - _ . / ; what imports, links (?employee=CODE) and contact attributes carry. */
export const EmployeeCodeSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/)

export const EmployeeStatusSchema = z.enum(['active', 'left'])
export type EmployeeStatus = z.infer<typeof EmployeeStatusSchema>

export const EmployeeSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  unitId: z.string().nullable(),
  /** The membership the employee signs in with; null: never signs in. */
  userId: z.string().nullable(),
  position: z.string().nullable(),
  status: EmployeeStatusSchema,
  createdAt: z.number(),
  updatedAt: z.number(),
})
export type Employee = z.infer<typeof EmployeeSchema>

export const EmployeeListSchema = z.object({ employees: z.array(EmployeeSchema) })

export const EmployeeListQuerySchema = z.object({
  unitId: z.string().min(1).optional(),
  status: EmployeeStatusSchema.optional(),
})

export const EmployeeCreateSchema = z.object({
  code: EmployeeCodeSchema,
  name: z.string().trim().min(1).max(100),
  unitId: z.string().min(1).nullish(),
  userId: z.string().min(1).nullish(),
  position: z.string().trim().max(64).nullish(),
  status: EmployeeStatusSchema.default('active'),
})
export type EmployeeCreate = z.input<typeof EmployeeCreateSchema>

/** Absent keeps; null clears (unit, user, position). The code stays. */
export const EmployeeUpdateSchema = z.object({
  name: z.string().trim().min(1).max(100).optional(),
  unitId: z.string().min(1).nullish(),
  userId: z.string().min(1).nullish(),
  position: z.string().trim().max(64).nullish(),
  status: EmployeeStatusSchema.optional(),
})
export type EmployeeUpdate = z.input<typeof EmployeeUpdateSchema>

export const EmployeeImportModeSchema = z.enum(['all-or-nothing', 'skip-invalid'])
export type EmployeeImportMode = z.infer<typeof EmployeeImportModeSchema>

export const EmployeeImportRowResultSchema = z.object({
  /** 1-based line of the file (the header is line 1). */
  line: z.number(),
  code: z.string(),
  outcome: z.enum(['created', 'updated', 'unchanged', 'invalid']),
  /** Error code when invalid (VALIDATION_FAILED, UNIT_NOT_FOUND, EMPLOYEE_CODE_TAKEN …). */
  error: z.string().optional(),
  message: z.string().optional(),
})
export type EmployeeImportRowResult = z.infer<typeof EmployeeImportRowResultSchema>

export const EmployeeImportReportSchema = z.object({
  mode: EmployeeImportModeSchema,
  /** Whether anything was written (false when all-or-nothing met an invalid row). */
  applied: z.boolean(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  invalid: z.number(),
  rows: z.array(EmployeeImportRowResultSchema),
})
export type EmployeeImportReport = z.infer<typeof EmployeeImportReportSchema>

export const EmployeeImportBodySchema = z.object({
  file: z.object({
    name: z.string().regex(/\.(csv|xlsx)$/i, 'must end in .csv or .xlsx'),
    contentBase64: z.string().min(1),
  }),
  mode: EmployeeImportModeSchema.default('all-or-nothing'),
})
