import { z } from 'zod'
import { OpeningHoursSchema, UnitGeoSchema } from './unit-place.schema.js'

/** Organisation units: requests and responses (browser-safe). */

/** Letters, digits and - _ . / ; what imports, links (?unit=CODE) and QR codes carry. */
export const UnitCodeSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/)

export const UnitTypeSchema = z.string().trim().min(1).max(32)

export const UnitSchema = z.object({
  id: z.string(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string().nullable(),
  type: z.string(),
  parentId: z.string().nullable(),
  closedAt: z.number().nullable(),
  /** Province, city and county codes, address and position (unit-place.schema.ts); null = not given. */
  geo: UnitGeoSchema.nullable(),
  /** Opening hours per weekday (unit-place.schema.ts); null = not given. */
  openingHours: OpeningHoursSchema.nullable(),
})
export type UnitRecord = z.infer<typeof UnitSchema>

/** A unit's place in the tree without its places and hours: what league tables and roll-ups read. */
export type UnitOutline = Pick<
  UnitRecord,
  'id' | 'code' | 'nameZh' | 'nameEn' | 'type' | 'parentId' | 'closedAt'
>

export const UnitListSchema = z.object({ units: z.array(UnitSchema) })

export const UnitCreateSchema = z.object({
  code: UnitCodeSchema,
  nameZh: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().max(200).nullish(),
  type: UnitTypeSchema.default('unit'),
  parentId: z.string().min(1).nullish(),
  geo: UnitGeoSchema.nullish(),
  openingHours: OpeningHoursSchema.nullish(),
})
export type UnitCreate = z.input<typeof UnitCreateSchema>

export const UnitUpdateSchema = z.object({
  nameZh: z.string().trim().min(1).max(200).optional(),
  nameEn: z.string().trim().max(200).nullish(),
  type: UnitTypeSchema.optional(),
  /** Null clears; absent keeps. */
  geo: UnitGeoSchema.nullish(),
  openingHours: OpeningHoursSchema.nullish(),
})

export const UnitMoveSchema = z.object({ parentId: z.string().min(1).nullable() })
export const UnitMergeSchema = z.object({ intoId: z.string().min(1) })

export const UnitListQuerySchema = z.object({
  /** The tree as it stood at this time (ms since epoch or ISO date); default now. */
  at: z.union([z.coerce.number().int().nonnegative(), z.iso.date()]).optional(),
  /**
   * Kept for callers that name it: both give the units the caller's records may be of — the whole
   * tree for an organisation-wide member, a unit-limited member's own units and everything below
   * them (never a sibling branch's or an ancestor's name; breadcrumbs come with the league and the
   * unit dashboard, which name the chain above the reader's own units).
   */
  scope: z.enum(['all', 'visible']).optional(),
})

export const MembershipUnitsSchema = z.object({ unitIds: z.array(z.string().min(1)).max(500) })
export type MembershipUnits = z.infer<typeof MembershipUnitsSchema>

export const ImportModeSchema = z.enum(['all-or-nothing', 'skip-invalid'])
export type UnitImportMode = z.infer<typeof ImportModeSchema>

export const UnitImportRowResultSchema = z.object({
  /** 1-based line of the file (the header is line 1). */
  line: z.number(),
  code: z.string(),
  outcome: z.enum(['created', 'updated', 'unchanged', 'invalid']),
  /** Error code when invalid (UNIT_PARENT_NOT_FOUND, UNIT_CYCLE, UNIT_CODE_DUPLICATE_IN_FILE …). */
  error: z.string().optional(),
  message: z.string().optional(),
})
export type UnitImportRowResult = z.infer<typeof UnitImportRowResultSchema>

export const UnitImportReportSchema = z.object({
  mode: ImportModeSchema,
  /** Whether anything was written (false when all-or-nothing met an invalid row). */
  applied: z.boolean(),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  invalid: z.number(),
  rows: z.array(UnitImportRowResultSchema),
})
export type UnitImportReport = z.infer<typeof UnitImportReportSchema>

export const UnitLinkSchema = z.object({
  unitId: z.string(),
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string().nullable(),
  type: z.string(),
  /** 0 for the subtree's root. */
  depth: z.number(),
  url: z.string(),
})
export type UnitLink = z.infer<typeof UnitLinkSchema>

export const UnitLinksSchema = z.object({
  surveyId: z.string(),
  surveyTitle: z.string(),
  /** Whether the unit travels inside a signed token (the survey takes `unit` only signed). */
  signed: z.boolean(),
  links: z.array(UnitLinkSchema),
})
export type UnitLinks = z.infer<typeof UnitLinksSchema>

export const UnitLinksQuerySchema = z.object({
  /** The subtree's root; all open units when absent. */
  root: z.string().min(1).optional(),
})

export const UnitImportBodySchema = z.object({
  file: z.object({
    name: z.string().regex(/\.(csv|xlsx)$/i, 'must end in .csv or .xlsx'),
    contentBase64: z.string().min(1),
  }),
  mode: ImportModeSchema.default('all-or-nothing'),
})
