import { z } from 'zod'
import { recordAudit } from '../audit/audit.service.js'
import { requirePermission } from '../auth/permission.service.js'
import type { Db } from '../db/database.js'
import type { OrgScope, Scope } from '../db/scope.js'
import {
  feedbackForCases,
  markFeedbackForReanalysis,
  reanalyseAllFeedback,
} from '../feedback/feedback-lookup.service.js'
import { feedbackById } from '../feedback/feedback.service.js'
import { ValidationError } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { parseInput } from '../shared/validation.js'
import { noWakeJobs, type WakeJobs } from '../shared/wake-jobs.js'
import { detectLanguage, normalizeForAnalysis } from './normalize-text.js'
import {
  type CorrectedDoc,
  crossValidatedAccuracy,
  type OrgSentimentModel,
  parseOrgModel,
  trainOrgModel,
} from './org-sentiment.js'
import { type TopicCorrectionDoc, trainTopicExamples } from './org-topics.js'
import { segment } from './segmenter.js'
import { sentimentModelFor } from './sentiment-model.js'
import { loadTextConfig, type TextConfigCache } from './text-config.js'
import {
  correctionsFor,
  correctionTotals,
  findTextModel,
  listCorrections,
  saveTextModel,
  upsertCorrection,
} from './text-corrections.repository.js'
import type { SentimentLearning, TextCorrection } from './text-corrections.schema.js'
import { compileUserWords } from './user-words.js'

export const CorrectionInputSchema = z
  .object({
    sentiment: z.enum(['positive', 'neutral', 'negative']).optional(),
    topics: z.array(z.string().min(1).max(40)).max(20).optional(),
  })
  .refine((v) => v.sentiment !== undefined || v.topics !== undefined, {
    message: 'give the sentiment, the topics or both',
  })

/** Fewer sentiment corrections than this teach nothing reliable; the model waits for more. */
export const MIN_CORRECTIONS = 10
/** An organisation's model is retrained at most this often while corrections keep coming. */
export const RETRAIN_EVERY_MS = 5 * 60_000
/** Corrections read for one training, newest first. */
const TRAINING_LIMIT = 20_000

/**
 * An agent corrects the sentiment and/or topics of one feedback record (one click on the text
 * insights page or the case page). Stored and audited; the record's labels follow at once where
 * Manyi lists them, and the organisation's model is retrained in the background.
 */
export async function correctAnalysis(
  scope: Scope,
  feedbackId: string,
  input: unknown,
  wakeJobs: WakeJobs = noWakeJobs,
  cache?: TextConfigCache,
): Promise<TextCorrection> {
  requirePermission(scope.actor, 'cases:work')
  const q = parseInput(CorrectionInputSchema, input, 'correction')
  const feedback = await feedbackById(scope, feedbackId)
  if (q.topics) {
    const known = new Set((await loadTextConfig(scope, cache)).topics.map((t) => t.key))
    const unknown = q.topics.findIndex((t) => !known.has(t))
    if (unknown >= 0)
      throw new ValidationError('VALIDATION_FAILED', `Unknown topic "${q.topics[unknown]}".`, [
        { path: `topics.${unknown}`, reason: 'not a topic of this organisation' },
      ])
  }
  const previous = (await listCorrectionsFor(scope.db, scope.orgId, feedbackId)) ?? null
  const correction = {
    id: newId(scope.now),
    orgId: scope.orgId,
    feedbackId,
    // A correction of one part keeps an earlier correction of the other.
    sentiment: q.sentiment ?? previous?.sentiment ?? null,
    topics: q.topics ? [...new Set(q.topics)].join(',') : (previous?.topics ?? null),
    previousSentiment: feedback.analysis?.sentiment ?? null,
    previousTopics: feedback.analysis?.topics?.join(',') ?? null,
    correctedBy: scope.actor.id,
    createdAt: scope.now,
  }
  await scope.db.transaction().execute(async (trx) => {
    await upsertCorrection(trx, correction)
    // Analysed again at once (the analysis applies stored corrections), so the insights count it.
    await markFeedbackForReanalysis({ db: trx, orgId: scope.orgId }, [feedbackId])
    await recordAudit(trx, scope, {
      action: 'text_correction.create',
      entity: 'feedback',
      entityId: feedbackId,
      detail: {
        sentiment: correction.sentiment,
        topics: correction.topics,
        previousSentiment: correction.previousSentiment,
      },
    })
  })
  wakeJobs()
  return toWire(correction)
}

async function listCorrectionsFor(db: Db, orgId: string, feedbackId: string) {
  return (await correctionsFor(db, orgId, [feedbackId])).get(feedbackId)
}

const toWire = (c: {
  feedbackId: string
  sentiment: string | null
  topics: string | null
  previousSentiment: string | null
  createdAt: number
}): TextCorrection => ({
  feedbackId: c.feedbackId,
  sentiment: (c.sentiment as TextCorrection['sentiment']) ?? null,
  topics: c.topics === null ? null : c.topics.split(',').filter(Boolean),
  previousSentiment: (c.previousSentiment as TextCorrection['previousSentiment']) ?? null,
  correctedAt: new Date(c.createdAt).toISOString(),
})

/** How the organisation's corrections have taught its model: counts and accuracy before/after. */
export async function getSentimentLearning(scope: Scope): Promise<SentimentLearning> {
  requirePermission(scope.actor, 'cases:read')
  const [totals] = await correctionTotals(scope.db, scope.orgId)
  const model = await findTextModel(scope.db, scope.orgId)
  const recent = await listCorrections(scope.db, scope.orgId, 20)
  return {
    corrections: totals?.count ?? 0,
    minimum: MIN_CORRECTIONS,
    pending: (totals?.newest ?? 0) > (model?.correctionsUntil ?? 0),
    // A model trained from topic corrections alone has learned no sentiment to measure.
    model:
      model && model.corrections > 0
        ? {
            trainedAt: new Date(model.trainedAt).toISOString(),
            corrections: model.corrections,
            accuracyBefore: model.accuracyBefore,
            accuracyAfter: model.accuracyAfter,
            folds: model.folds,
          }
        : null,
    recent: recent.map(toWire),
  }
}

/** The organisation's own model, if it has one (analysis adds it to the shipped model). */
export async function organisationSentimentModel(
  scope: OrgScope,
): Promise<OrgSentimentModel | null> {
  const row = await findTextModel(scope.db, scope.orgId)
  return row ? parseOrgModel(row.model) : null
}

/**
 * Background: retrain each organisation's model from its own corrections (never another's),
 * when it has new ones and was not trained in the last RETRAIN_EVERY_MS, measure the before/after
 * accuracy by k-fold cross-validation, store it, and have the organisation's feedback analysed
 * again with it (corrected records keep their corrections).
 */
export async function runSentimentTraining(db: Db, now: number): Promise<{ trained: number }> {
  let trained = 0
  for (const org of await correctionTotals(db)) {
    const model = await findTextModel(db, org.orgId)
    if (model && org.newest <= model.correctionsUntil) continue
    if (model && now - model.trainedAt < RETRAIN_EVERY_MS) continue
    const all = await listCorrections(db, org.orgId, TRAINING_LIMIT)
    const corrections = all.filter((c) => c.sentiment !== null)
    const topicCorrections = all.filter((c) => c.topics !== null)
    // Sentiment is learned from MIN_CORRECTIONS on; topic corrections teach from the first one.
    if (corrections.length < MIN_CORRECTIONS && topicCorrections.length === 0) continue
    const config = await loadTextConfig({ db, orgId: org.orgId })
    const userWords = compileUserWords(config.userWords)
    const texts = await feedbackForCases(
      db,
      all.map((c) => c.feedbackId),
    )
    const tokensOf = (feedbackId: string) => {
      const feedback = texts.get(feedbackId)
      if (!feedback) return null
      const text = normalizeForAnalysis(feedback.text).text
      return { text, tokens: segment(text, userWords) }
    }
    const docs: CorrectedDoc[] = []
    for (const c of corrections) {
      const read = tokensOf(c.feedbackId)
      if (!read) continue
      docs.push({ ...read, label: c.sentiment as CorrectedDoc['label'] })
      if (docs.length % 50 === 49) await new Promise<void>((resolve) => setImmediate(resolve))
    }
    const topicDocs: TopicCorrectionDoc[] = []
    for (const c of topicCorrections) {
      const read = tokensOf(c.feedbackId)
      if (!read) continue
      topicDocs.push({
        tokens: read.tokens,
        topics: (c.topics ?? '').split(',').filter(Boolean),
        previousTopics: (c.previousTopics ?? '').split(',').filter(Boolean),
      })
      if (topicDocs.length % 50 === 49) await new Promise<void>((resolve) => setImmediate(resolve))
    }
    const learnsSentiment = docs.length >= MIN_CORRECTIONS
    if (!learnsSentiment && topicDocs.length === 0) continue
    const accuracy = crossValidatedAccuracy(learnsSentiment ? docs : [], (d) =>
      sentimentModelFor(detectLanguage(d.text)),
    )
    const own: OrgSentimentModel = {
      ...(learnsSentiment ? trainOrgModel(docs) : { weights: {}, bias: 0 }),
      topicExamples: trainTopicExamples(topicDocs),
    }
    await saveTextModel(db, {
      orgId: org.orgId,
      model: JSON.stringify(own),
      corrections: docs.length,
      correctionsUntil: org.newest,
      accuracyBefore: Math.round(accuracy.before * 1e4) / 1e4,
      accuracyAfter: Math.round(accuracy.after * 1e4) / 1e4,
      folds: accuracy.folds,
      trainedAt: now,
    })
    await reanalyseAllFeedback({ db, orgId: org.orgId })
    trained++
  }
  return { trained }
}
