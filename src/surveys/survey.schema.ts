import { z } from 'zod'
import { LOCALES } from '../shared/locale.js'
import { IsoTimeSchema } from '../shared/wire-schema.js'

/** Browser-safe: the admin app and the respondent page import this file too. */

export const LocaleSchema = z.enum(LOCALES)

export const LocalizedTextSchema = z.object({
  'zh-CN': z.string().trim().min(1, 'must not be empty').max(500),
  'en-US': z.string().trim().max(500).optional(),
})
export type LocalizedText = z.infer<typeof LocalizedTextSchema>

export const QUESTION_TYPES = [
  'nps',
  'csat',
  'ces',
  'text',
  'likert5',
  'likert7',
  'csm7',
  'rating10',
  'importance5',
  'single',
  'multiple',
  'matrix',
  'kano',
  'servqual',
  'contact',
  'ranking',
  'cascade',
  'image_choice',
  'slider',
  'datetime',
  'location',
  'signature',
  'choice_matrix',
  'file_upload',
] as const
export type QuestionType = (typeof QUESTION_TYPES)[number]

/** The types answered with one whole number on a fixed scale. */
export const SCALE_TYPES = [
  'nps',
  'csat',
  'ces',
  'likert5',
  'likert7',
  'csm7',
  'rating10',
  'importance5',
] as const
export type ScaleType = (typeof SCALE_TYPES)[number]

/**
 * Answer range of each scale type; `step` > 1 for the 7-level CSM scale, scored
 * −60 … +60 in steps of 20 (很不满意 … 很满意).
 */
export const SCALES: Record<ScaleType, { min: number; max: number; step?: number }> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
  likert5: { min: 1, max: 5 },
  likert7: { min: 1, max: 7 },
  csm7: { min: -60, max: 60, step: 20 },
  rating10: { min: 1, max: 10 },
  importance5: { min: 1, max: 5 },
}

export function isScaleType(type: QuestionType): type is ScaleType {
  return (SCALE_TYPES as readonly string[]).includes(type)
}

/** SERVQUAL items are answered twice on 1–7: what the customer expects, and what they got. */
export const SERVQUAL_SCALE = { min: 1, max: 7 }
export const KANO_ANSWER_KEYS = ['like', 'must_be', 'neutral', 'live_with', 'dislike'] as const
export const SERVQUAL_DIMENSION_KEYS = [
  'tangibles',
  'reliability',
  'responsiveness',
  'assurance',
  'empathy',
] as const

export const TEXT_ANSWER_MAX = 5000

/** The scales a matrix's rows may share. */
export const MATRIX_SCALES = ['likert5', 'likert7', 'csat', 'importance5', 'rating10'] as const

const OptionSchema = z.object({
  key: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9_-]{0,39}$/,
      'option keys are lowercase letters, digits, _ or - (at most 40)',
    ),
  label: LocalizedTextSchema,
  /**
   * image_choice: the picture shown with the option — a path on this site (/img/a.png) or a small
   * embedded PNG, JPEG, WebP or GIF (data:image/…;base64,…); the respondent page loads images only
   * from its own origin (Content-Security-Policy img-src 'self' data:).
   */
  image: z
    .string()
    .max(200_000, 'an embedded image is at most 200,000 characters (about 150 KB)')
    .regex(
      /^(\/[^\s"'<>\\]{1,500}|data:image\/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/]+={0,2})$/,
      'must be a path on this site (/…) or data:image/png|jpeg|webp|gif;base64,…',
    )
    .refine((s) => !s.startsWith('//'), 'must be a path on this site, not another host')
    .optional(),
})

/** cascade: one node of the choice tree (province → city → county); a node without children is a leaf. */
export interface CascadeNode {
  key: string
  label: LocalizedText
  children?: CascadeNode[]
}
export const CASCADE_MAX_DEPTH = 4
const CascadeNodeSchema: z.ZodType<CascadeNode> = z.lazy(() =>
  z.object({
    key: OptionSchema.shape.key,
    label: LocalizedTextSchema,
    children: z.array(CascadeNodeSchema).min(1).max(500).optional(),
  }),
)

/** cascade: every leaf as its path of keys joined by "/" (e.g. gd/sz/ns) with its labels from the top. */
export function cascadeLeaves(
  nodes: readonly CascadeNode[],
  prefix: { path: string[]; labels: LocalizedText[] } = { path: [], labels: [] },
): Array<{ path: string; labels: LocalizedText[] }> {
  return nodes.flatMap((node) => {
    const path = [...prefix.path, node.key]
    const labels = [...prefix.labels, node.label]
    return node.children
      ? cascadeLeaves(node.children, { path, labels })
      : [{ path: path.join('/'), labels }]
  })
}

function treeDepth(nodes: readonly CascadeNode[]): number {
  return 1 + Math.max(0, ...nodes.map((n) => (n.children ? treeDepth(n.children) : 0)))
}

export const DATETIME_MODES = ['date', 'time', 'datetime'] as const
/** A drawn signature travels in a form post of at most 64 KB (BODY_LIMIT). */
export const SIGNATURE_MAX = 60_000
export const LOCATION_MAX = 300
export const RANKING_MAX_OPTIONS = 20
/** file_upload: the kinds of file a question may allow, each recognised by its first bytes. */
export const UPLOAD_KINDS = ['image', 'pdf', 'video'] as const
export type UploadKind = (typeof UPLOAD_KINDS)[number]
/** file_upload: the largest size an editor may allow, in MB (files are kept in the database). */
export const UPLOAD_MAX_MB = 20
/** An uploaded file's id as an answer refers to it. */
export const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/

export const QuestionSchema = z
  .object({
    key: z
      .string()
      .regex(
        /^[a-z][a-z0-9_]{0,39}$/,
        'must start with a lowercase letter and use only a–z, 0–9 and _ (at most 40)',
      ),
    type: z.enum(QUESTION_TYPES),
    title: LocalizedTextSchema,
    required: z.boolean().default(false),
    /** single, multiple: the choices. */
    options: z.array(OptionSchema).min(2).max(50).optional(),
    /** matrix: several rows (items) rated on one shared scale; answered as { rowKey: score }. */
    matrix: z
      .object({ scale: z.enum(MATRIX_SCALES), rows: z.array(OptionSchema).min(2).max(30) })
      .optional(),
    /** kano: the functional ("if it has …") and dysfunctional ("if it does not have …") questions. */
    kano: z
      .object({ functional: LocalizedTextSchema, dysfunctional: LocalizedTextSchema })
      .optional(),
    /** servqual: the item's dimension; `reversed` for negatively worded (1988) items. */
    servqual: z
      .object({ dimension: z.enum(SERVQUAL_DIMENSION_KEYS), reversed: z.boolean().default(false) })
      .optional(),
    /** image_choice, choice_matrix: several choices allowed (per row for a matrix). */
    multiple: z.boolean().optional(),
    /** choice_matrix: the rows, each answered with the question's options (its columns). */
    rows: z.array(OptionSchema).min(1).max(30).optional(),
    /** cascade: the choice tree, e.g. province → city → county; answered with a leaf's path. */
    tree: z.array(CascadeNodeSchema).min(1).max(500).optional(),
    /** slider: whole numbers from min to max in steps; labels of the two ends. */
    slider: z
      .object({
        min: z.number().int().min(-100_000).max(100_000),
        max: z.number().int().min(-100_000).max(100_000),
        step: z.number().int().min(1).default(1),
        low: LocalizedTextSchema.optional(),
        high: LocalizedTextSchema.optional(),
      })
      .refine((r) => r.max > r.min, { message: 'max must be above min', path: ['max'] })
      .refine((r) => (r.max - r.min) % r.step === 0, {
        message: 'max − min must be a multiple of step',
        path: ['step'],
      })
      .refine((r) => (r.max - r.min) / r.step <= 1000, {
        message: 'at most 1000 steps',
        path: ['step'],
      })
      .optional(),
    /** file_upload: the largest file in MB and the kinds allowed (checked by content, not by name). */
    upload: z
      .object({
        maxMb: z.number().int().min(1).max(UPLOAD_MAX_MB).default(5),
        kinds: z
          .array(z.enum(UPLOAD_KINDS))
          .min(1, 'allow at least one kind of file')
          .max(UPLOAD_KINDS.length)
          .default(['image']),
      })
      .optional(),
    /** datetime: what is asked for — a date, a time of day or both (default date). */
    datetime: z.object({ mode: z.enum(DATETIME_MODES) }).optional(),
    /** single, multiple: show the options in a random order to each respondent (against order bias). */
    randomize: z.boolean().optional(),
    /** importance5: the key of the question whose importance this rates (for IPA). */
    importanceOf: z.string().optional(),
    /** Starts a new page (survey-pages.ts); answers are saved page by page and can be resumed. */
    pageBreak: z.boolean().optional(),
    /** Show only when an earlier answer matches (survey-logic.ts). */
    showIf: z
      .object({
        question: z.string(),
        anyOf: z
          .array(z.union([z.string(), z.number()]))
          .min(1)
          .max(50)
          .optional(),
        min: z.number().optional(),
        max: z.number().optional(),
      })
      .refine(
        (c) => c.anyOf !== undefined || c.min !== undefined || c.max !== undefined,
        'needs anyOf, min or max',
      )
      .optional(),
  })
  .superRefine((q, ctx) => {
    const need = (
      field: 'options' | 'kano' | 'servqual' | 'matrix',
      types: readonly QuestionType[],
    ) => {
      if (types.includes(q.type) && q[field] === undefined)
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `a ${q.type} question needs ${field}`,
        })
    }
    const needs = (
      field: 'options' | 'rows' | 'tree' | 'slider',
      types: readonly QuestionType[],
    ) => {
      if (types.includes(q.type) && q[field] === undefined)
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `a ${q.type} question needs ${field}`,
        })
    }
    need('options', ['single', 'multiple'])
    needs('options', ['ranking', 'image_choice', 'choice_matrix'])
    needs('rows', ['choice_matrix'])
    needs('tree', ['cascade'])
    needs('slider', ['slider'])
    if (q.type === 'ranking' && q.options && q.options.length > RANKING_MAX_OPTIONS)
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: `a ranking question has at most ${RANKING_MAX_OPTIONS} options`,
      })
    if (q.type === 'image_choice')
      q.options?.forEach((o, i) => {
        if (!o.image)
          ctx.addIssue({
            code: 'custom',
            path: ['options', i, 'image'],
            message: 'an image choice needs an image',
          })
      })
    if (q.rows && new Set(q.rows.map((r) => r.key)).size !== q.rows.length)
      ctx.addIssue({ code: 'custom', path: ['rows'], message: 'row keys must be unique' })
    if (q.tree) {
      if (treeDepth(q.tree) > CASCADE_MAX_DEPTH)
        ctx.addIssue({
          code: 'custom',
          path: ['tree'],
          message: `the choice tree has at most ${CASCADE_MAX_DEPTH} levels`,
        })
      const leaves = cascadeLeaves(q.tree)
      if (leaves.length > 5000)
        ctx.addIssue({ code: 'custom', path: ['tree'], message: 'at most 5000 leaves' })
      if (new Set(leaves.map((l) => l.path)).size !== leaves.length)
        ctx.addIssue({
          code: 'custom',
          path: ['tree'],
          message: 'keys must be unique among the children of one node',
        })
    }
    need('kano', ['kano'])
    need('servqual', ['servqual'])
    need('matrix', ['matrix'])
    if (q.matrix && new Set(q.matrix.rows.map((r) => r.key)).size !== q.matrix.rows.length)
      ctx.addIssue({ code: 'custom', path: ['matrix', 'rows'], message: 'row keys must be unique' })
    if (q.options && new Set(q.options.map((o) => o.key)).size !== q.options.length)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'option keys must be unique' })
  })
export type Question = z.infer<typeof QuestionSchema>

/** An ISO 8601 date-time with a time part; shared by every schema that takes one. */
export const IsoDateTime = z
  .string()
  .refine(
    (s) => !Number.isNaN(Date.parse(s)) && /T/.test(s),
    'must be an ISO 8601 date-time, e.g. 2026-12-01T09:00:00+08:00',
  )

/** When an answer is flagged as possibly careless (response-quality.ts); 0 turns a check off. */
export const QualityThresholdsSchema = z.object({
  /** Faster than this many seconds per answered question is a speeder (default 1.5). */
  minSecondsPerAnswer: z
    .number()
    .min(0, 'must be 0 (off) or more')
    .max(60, 'must be at most 60 seconds')
    .default(1.5),
  /** This many answers on one rating scale, all the same, is a straight line (default 4). */
  straightLineMin: z
    .number()
    .int('must be a whole number')
    .min(0, 'must be 0 (off) or at least 2')
    .max(100, 'must be at most 100')
    .refine((n) => n === 0 || n >= 2, 'must be 0 (off) or at least 2')
    .default(4),
})
export type QualityThresholds = z.infer<typeof QualityThresholdsSchema>
export const DEFAULT_QUALITY_THRESHOLDS: QualityThresholds = QualityThresholdsSchema.parse({})

export const SurveySettingsSchema = z
  .object({
    /** URL parameters stored with each answer as segments, e.g. store, region, order_id. */
    hiddenFields: z
      .array(
        z
          .string()
          .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lowercase letters, digits or _ (at most 40)'),
      )
      .max(20)
      .default([]),
    /** Hidden fields taken only from a signed link token (signed-link.ts), never from plain link parameters. */
    signedFields: z.array(z.string()).max(20).default([]),
    /**
     * The hidden field holding each respondent's weight (a design or post-stratification weight
     * from the sample frame), or a numeric (slider) question's key whose answer is the weight: the unit roll-ups then also keep weighted sums and the league ranks
     * units on weighted figures with Kish's effective n (responses/respondent-weight.ts says what
     * a missing or bad weight does). Saving a changed field queues a rebuild of the survey's
     * weighted roll-up from its stored answers, run in the background
     * (responses/rollup-rebuild-job.service.ts); until it ends the league reads the old sums.
     */
    weightField: z.string().optional(),
    /** Answers are taken from this time on. */
    opensAt: IsoDateTime.optional(),
    /** Answers are refused after this time. */
    closesAt: IsoDateTime.optional(),
    /** Stop taking answers after this many. */
    responseQuota: z.number().int().min(1).max(100_000_000).optional(),
    /** Pilot: answers are marked pilot and kept out of dashboards, for item analysis before launch. */
    pilot: z.boolean().default(false),
    /**
     * Anonymous (internal) survey, e.g. employee satisfaction (issue 19): its answers are read only
     * through the internal-satisfaction report, which shows no group of fewer than `minGroup`
     * people and hides complements so that none can be derived (analytics/cell-suppression.ts);
     * the survey's dashboard, breakdowns, exports and files answer ANONYMOUS_SURVEY. Once set it
     * stays: a settings save that leaves it out keeps it (survey.service.ts, keptAnonymity).
     */
    anonymity: z.object({ minGroup: z.number().int().min(5).max(100).default(5) }).optional(),
    /** Thresholds of the answer-quality flags; they apply to answers stored from then on. */
    quality: QualityThresholdsSchema.optional(),
    /**
     * Given weights of the dashboard's CSI: per rating item (a question's key, or key.row for a
     * matrix row), any positive scale; an item not named weighs 1 (responses/question-analysis-csi.ts).
     */
    csiWeights: z
      .record(
        z
          .string()
          .regex(
            /^[a-z][a-z0-9_]{0,39}(\.[a-z0-9][a-z0-9_-]{0,39})?$/,
            'must be a question key or key.row',
          ),
        z.number().positive().max(1000),
      )
      .optional(),
    /**
     * The dashboard's CSI as the survey editor defines it: the rating items that make up the index
     * (question keys or key.row; all when absent) and the weighting shown unless the reader picks
     * another (falling back when the answers do not allow it).
     */
    csi: z
      .object({
        items: z
          .array(
            z
              .string()
              .regex(
                /^[a-z][a-z0-9_]{0,39}(\.[a-z0-9][a-z0-9_-]{0,39})?$/,
                'must be a question key or key.row',
              ),
          )
          .min(1)
          .max(200)
          .optional(),
        weighting: z.enum(['given', 'importance', 'drivers']).optional(),
      })
      .optional(),
  })
  .refine((s) => !s.opensAt || !s.closesAt || Date.parse(s.opensAt) < Date.parse(s.closesAt), {
    message: 'must be after opensAt',
    path: ['closesAt'],
  })
  .refine((s) => s.signedFields.every((f) => s.hiddenFields.includes(f)), {
    message: 'must name declared hidden fields',
    path: ['signedFields'],
  })
export type SurveySettings = z.infer<typeof SurveySettingsSchema>

export const SurveyInputSchema = z
  .object({
    title: LocalizedTextSchema,
    defaultLocale: LocaleSchema.default('zh-CN'),
    questions: z.array(QuestionSchema).min(1, 'a survey needs at least one question').max(100),
    settings: SurveySettingsSchema.default({ hiddenFields: [], signedFields: [], pilot: false }),
  })
  .superRefine((survey, ctx) => {
    const seenKeys = new Set<string>()
    const seenMetrics = new Set<string>()
    survey.questions.forEach((question, index) => {
      if (question.showIf && !seenKeys.has(question.showIf.question)) {
        ctx.addIssue({
          code: 'custom',
          path: ['questions', index, 'showIf', 'question'],
          message: `must name an earlier question, not "${question.showIf.question}"`,
        })
      }
      if (seenKeys.has(question.key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['questions', index, 'key'],
          message: `duplicate question key "${question.key}"`,
        })
      }
      seenKeys.add(question.key)
      // NPS, CSAT and CES feed the dashboard columns: one of each per survey.
      if (['nps', 'csat', 'ces'].includes(question.type) && seenMetrics.has(question.type)) {
        ctx.addIssue({
          code: 'custom',
          path: ['questions', index, 'type'],
          message: `a survey may hold one ${question.type} question; this is the second`,
        })
      }
      seenMetrics.add(question.type)
    })
    const weightProblem = weightFieldProblem(survey.settings, survey.questions)
    if (weightProblem)
      ctx.addIssue({ code: 'custom', path: ['settings', 'weightField'], message: weightProblem })
  })

/** Question types whose answer is one number, and so can hold a respondent's weight. */
export const WEIGHT_QUESTION_TYPES: readonly QuestionType[] = ['slider']

/**
 * Why settings.weightField cannot hold the respondents' weights, or null when it can: it must
 * name a declared hidden field or a numeric (slider) question (responses/respondent-weight.ts).
 */
function weightFieldProblem(
  settings: { weightField?: string | undefined; hiddenFields: readonly string[] },
  questions: ReadonlyArray<{ key: string; type: QuestionType }>,
): string | null {
  const field = settings.weightField
  if (field === undefined || settings.hiddenFields.includes(field)) return null
  const question = questions.find((q) => q.key === field)
  if (!question) return 'must name a declared hidden field or a numeric (slider) question'
  return WEIGHT_QUESTION_TYPES.includes(question.type)
    ? null
    : `question "${field}" is a ${question.type} question, not numeric: a weight must be a hidden field or a slider question`
}

/** What callers write (defaults may be left out); services work with the parsed output. */
export type SurveyInput = z.input<typeof SurveyInputSchema>

export const SURVEY_STATUSES = ['draft', 'published', 'closed'] as const
export type SurveyStatus = (typeof SURVEY_STATUSES)[number]

/** A survey as the API answers with it. */
export const SurveySchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: LocalizedTextSchema,
  status: z.enum(SURVEY_STATUSES),
  defaultLocale: LocaleSchema,
  questions: z.array(QuestionSchema),
  version: z.number(),
  createdAt: IsoTimeSchema,
  updatedAt: IsoTimeSchema,
  publishedAt: IsoTimeSchema.nullable(),
  closedAt: IsoTimeSchema.nullable(),
  settings: SurveySettingsSchema,
})
export type Survey = z.infer<typeof SurveySchema>

/** Contact details wherever Manyi takes them: answers, contact lists, feedback, the complaint form. */
export const PHONE = /^\+?[0-9 ()-]{5,20}$/
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

// Answers as respondents send them: their own file, re-exported for existing importers.
export {
  AnswerValueSchema,
  ResponseSubmissionSchema,
  type ResponseSubmission,
} from './response-submission.schema.js'
