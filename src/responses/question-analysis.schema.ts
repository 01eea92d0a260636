import { z } from 'zod'
import { LocalizedTextSchema } from '../surveys/survey.schema.js'
import { FigureSchema as F } from '../shared/wire-schema.js'
import { TypeAnalysesShape } from './question-analysis-types.schema.js'

/**
 * Browser-safe: what GET /api/v1/surveys/:id/analysis answers with — Kano,
 * SERVQUAL, CSM, IPA, choice counts and scale reliability (question-analysis.ts).
 */

const KanoCategorySchema = z.enum(['A', 'O', 'M', 'I', 'R', 'Q'])

export const KanoFeatureSchema = z.object({
  feature: z.string(),
  n: z.number(),
  counts: z.record(KanoCategorySchema, z.number()),
  modalCategory: KanoCategorySchema,
  category: KanoCategorySchema,
  better: F.nullable(),
  worse: F.nullable(),
  totalStrength: F.nullable(),
  categoryStrength: F.nullable(),
  fong: z.object({ difference: F, threshold: F, isSignificant: z.boolean() }).nullable(),
  chiSquare: F.nullable(),
  chiSquareDf: z.number(),
  chiSquareP: F.nullable(),
  continuous: z.object({ functionalMean: F, dysfunctionalMean: F }).optional(),
})

export const ServqualSchema = z.object({
  n: z.number(),
  items: z.array(
    z.object({
      item: z.string(),
      dimension: z.string(),
      expectation: F,
      perception: F,
      gap: F,
    }),
  ),
  dimensions: z.array(z.object({ dimension: z.string(), expectation: F, perception: F, gap: F })),
  unweighted: F,
  meanItemGap: F,
  weighted: F.nullable(),
  perRespondentWeighted: z.array(F).nullable(),
})

export const CsmSchema = z.object({
  n: z.number(),
  csm: F.nullable(),
  csm100: F.nullable(),
  satisfactionRatio: F.nullable(),
  satisfiedScores: z.array(z.number()).readonly(),
  distribution: z.array(z.number()),
})

export const IpaSchema = z.object({
  crosshair: z.object({
    importance: F,
    performance: F,
    rule: z.enum(['data-centred', 'fixed']),
  }),
  attributes: z.array(
    z.object({
      name: z.string(),
      importance: F,
      performance: F,
      quadrant: z.enum([
        'I_concentrate_here',
        'II_keep_up_the_good_work',
        'III_low_priority',
        'IV_possible_overkill',
      ]),
    }),
  ),
})

export const ReliabilitySchema = z.object({
  n: z.number(),
  k: z.number(),
  alpha: F,
  /** null when undefined (the mean inter-item r is −1/(k − 1)). */
  standardizedAlpha: F.nullable(),
  /** Feldt's 95% interval of α; null below 3 answers or when α is 1. */
  ci95: z.tuple([F, F]).nullable(),
  /** Items that correlate negatively with the rest (worded the other way?). */
  negativelyCorrelated: z.array(z.string()),
  items: z.array(
    z.object({
      item: z.string(),
      itemTotalCorrelation: F,
      /** null for a two-item scale: one item would remain. */
      alphaIfDeleted: F.nullable(),
      isWeak: z.boolean(),
    }),
  ),
})

/** One rating item: a Likert statement, a 0–10 rating or a matrix row (analytics/scale-item.ts). */
export const ScaleItemSchema = z.object({
  key: z.string(),
  type: z.enum(['likert5', 'likert7', 'rating10', 'matrix']),
  title: LocalizedTextSchema,
  group: LocalizedTextSchema.optional(),
  n: z.number(),
  scale: z.tuple([z.number(), z.number()]),
  mean: F.nullable(),
  sd: F.nullable(),
  ci95: z.tuple([F, F]).nullable(),
  distribution: z.array(z.number()),
  topTwoShare: F.nullable(),
  lowConfidence: z.boolean(),
})

const CsiFiguresSchema = z.object({
  n: z.number(),
  score: F.nullable(),
  ci95: z.tuple([F, F]).nullable(),
  lowConfidence: z.boolean(),
})

/** The live weighted CSI on the survey's rating questions (analytics/survey-csi.ts). */
export const CsiSchema = CsiFiguresSchema.extend({
  weighting: z.enum(['given', 'importance', 'drivers']),
  possible: z.array(z.enum(['given', 'importance', 'drivers'])),
  items: z.array(
    z.object({
      key: z.string(),
      weight: F,
      score: F,
      title: LocalizedTextSchema,
      group: LocalizedTextSchema.optional(),
    }),
  ),
  trend: z.array(CsiFiguresSchema.extend({ period: z.string() })),
})

export const QuestionAnalysisSchema = z.object({
  n: z.number(),
  kano: z.array(KanoFeatureSchema.extend({ key: z.string(), title: LocalizedTextSchema })),
  servqual: ServqualSchema.nullable(),
  csm: z.array(CsmSchema.extend({ key: z.string(), title: LocalizedTextSchema })),
  ipa: IpaSchema.extend({ titles: z.record(z.string(), LocalizedTextSchema) }).nullable(),
  items: z.array(ScaleItemSchema),
  choices: z.array(
    z.object({
      key: z.string(),
      title: LocalizedTextSchema,
      n: z.number(),
      counts: z.array(
        z.object({ option: z.string(), label: LocalizedTextSchema, count: z.number() }),
      ),
    }),
  ),
  reliability: z.array(ReliabilitySchema.extend({ scale: z.string() })),
  csi: CsiSchema.nullable(),
  ...TypeAnalysesShape,
})

const WeightedBase = {
  key: z.string(),
  /** Answers with a valid weight (the raw n of the weighted figure). */
  n: z.number(),
  /** Answers left out of the weighted figure for lack of a valid weight. */
  unweighted: z.number(),
  /** Kish's effective n = (Σw)²/Σw². */
  effectiveN: F,
}

/** The analyses weighted by the survey's respondent weights (weighted-question-analysis.ts). */
export const WeightedQuestionAnalysisSchema = z.object({
  weightField: z.string(),
  answers: z.number(),
  weighted: z.number(),
  items: z.array(
    z.object({
      ...WeightedBase,
      mean: F,
      ci95: z.tuple([F, F]).nullable(),
      distribution: z.array(F),
      topTwoShare: F,
    }),
  ),
  choices: z.array(
    z.object({
      ...WeightedBase,
      shares: z.array(z.object({ option: z.string(), share: F })),
    }),
  ),
  csm: z.array(
    z.object({
      ...WeightedBase,
      csm: F,
      csm100: F,
      satisfactionRatio: F,
      shares: z.array(F),
    }),
  ),
  kano: z.array(
    z.object({
      ...WeightedBase,
      shares: z.record(KanoCategorySchema, F),
      modalCategory: KanoCategorySchema,
      better: F.nullable(),
      worse: F.nullable(),
    }),
  ),
  servqual: z
    .object({
      n: z.number(),
      unweighted: z.number(),
      effectiveN: F,
      gap: F,
      dimensions: z.array(
        z.object({ dimension: z.string(), expectation: F, perception: F, gap: F }),
      ),
    })
    .nullable(),
  ipa: IpaSchema.nullable(),
  reliability: z.array(
    z.object({
      scale: z.string(),
      n: z.number(),
      effectiveN: F,
      alpha: F,
      ci95: z.tuple([F, F]).nullable(),
    }),
  ),
  /** Analyses shown unweighted on a weighted survey, said so on the page. */
  notWeighted: z.array(z.enum(['csi', 'otherTypes'])),
})

/** The route's answer: the analyses, the window, and how many answers look careless. */
export const SurveyAnalysisSchema = QuestionAnalysisSchema.extend({
  from: z.string(),
  to: z.string(),
  quality: z.object({ speeders: z.number(), straightLiners: z.number() }),
  weighted: WeightedQuestionAnalysisSchema.nullable(),
})
export type SurveyAnalysis = z.infer<typeof SurveyAnalysisSchema>
