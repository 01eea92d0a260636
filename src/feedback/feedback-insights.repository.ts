import type { Db } from '../db/database.js'

/**
 * The reads of the text analytics over the feedback table: counts by
 * analysis, the latest texts, and feedback behind a chart. Comments only:
 * records without text ("—", a score without a comment) are left out.
 */

export interface FeedbackFilter {
  channel?: string
  store?: string
  kind?: string
  /** Only records of these units (Scope.units through recordsWithinUnits); absent = all. */
  units?: readonly string[] | undefined
  /**
   * Answers of these surveys are left out: the anonymous ones (feedback-insights.service.ts), whose
   * comments only the internal-satisfaction report shows, with its small-group suppression.
   */
  excludedSurveys?: readonly string[]
}

function feedbackIn(db: Db, orgId: string, from: number, to: number, filter: FeedbackFilter) {
  let query = db
    .selectFrom('feedback')
    .where('org_id', '=', orgId)
    .where('received_at', '>=', from)
    .where('received_at', '<', to)
    .where('text', '<>', '—')
  if (filter.channel) query = query.where('channel', '=', filter.channel)
  if (filter.store) query = query.where('store', '=', filter.store)
  if (filter.kind) query = query.where('kind', '=', filter.kind)
  if (filter.units) query = query.where('unit_id', 'in', [...filter.units])
  const excluded = filter.excludedSurveys
  if (excluded && excluded.length > 0)
    query = query.where((eb) =>
      eb.or([eb('survey_id', 'is', null), eb('survey_id', 'not in', [...excluded])]),
    )
  return query
}

/** One combination of topics, sentiment and language (before / from `splitAt`) and how many records have it. */
export interface AnalysisCountRow {
  topics: string | null
  sentiment: string | null
  language: string | null
  /** 1 when received at or after splitAt, else 0. */
  recent: number
  n: number
}

/**
 * Counts of the whole window, done by the database: one row per combination
 * of topics, sentiment, language (and, with `splitAt`, before/after it) —
 * a few hundred rows however many comments there are.
 */
export async function feedbackAnalysisCounts(
  db: Db,
  orgId: string,
  from: number,
  to: number,
  filter: FeedbackFilter,
  splitAt = to,
): Promise<AnalysisCountRow[]> {
  const rows = await feedbackIn(db, orgId, from, to, filter)
    .select((eb) => [
      'topics',
      'sentiment',
      'language',
      eb.case().when('received_at', '>=', splitAt).then(1).else(0).end().as('recent'),
      eb.fn.countAll<number>().as('n'),
    ])
    .groupBy(['topics', 'sentiment', 'language', 'recent'])
    .execute()
  return rows.map((r) => ({
    topics: r.topics,
    sentiment: r.sentiment,
    language: r.language,
    recent: Number(r.recent),
    n: Number(r.n),
  }))
}

/** The texts (and topics) of the latest `limit` comments of the window, newest first. */
export async function latestFeedbackTexts(
  db: Db,
  orgId: string,
  from: number,
  to: number,
  filter: FeedbackFilter,
  limit: number,
): Promise<Array<{ text: string; topics: string | null }>> {
  const rows = await feedbackIn(db, orgId, from, to, filter)
    .select(['text', 'topics'])
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => ({ text: r.text, topics: r.topics }))
}

export interface AnalysedFeedback {
  id: string
  channel: string
  kind: string
  text: string
  sentiment: string | null
  sentimentScore: number | null
  topics: string | null
  language: string | null
  store: string | null
  receivedAt: number
}

/** Comments of the organisation, newest first, narrowed by what the database can filter on. */
export async function listAnalysedFeedback(
  db: Db,
  orgId: string,
  where: {
    from?: number
    to?: number
    sentiment?: string
    channel?: string
    store?: string
    /** Only records of these units (Scope.units through recordsWithinUnits); absent = all. */
    units?: readonly string[] | undefined
    /** Answers of these (anonymous) surveys are left out (FeedbackFilter.excludedSurveys). */
    excludedSurveys?: readonly string[]
  },
  limit: number,
): Promise<AnalysedFeedback[]> {
  let query = db
    .selectFrom('feedback')
    .select([
      'id',
      'channel',
      'kind',
      'text',
      'sentiment',
      'sentiment_score',
      'topics',
      'language',
      'store',
      'received_at',
    ])
    .where('org_id', '=', orgId)
    .where('text', '<>', '—')
  if (where.from !== undefined) query = query.where('received_at', '>=', where.from)
  if (where.to !== undefined) query = query.where('received_at', '<', where.to)
  if (where.sentiment) query = query.where('sentiment', '=', where.sentiment)
  if (where.channel) query = query.where('channel', '=', where.channel)
  if (where.store) query = query.where('store', '=', where.store)
  if (where.units) query = query.where('unit_id', 'in', [...where.units])
  const excluded = where.excludedSurveys
  if (excluded && excluded.length > 0)
    query = query.where((eb) =>
      eb.or([eb('survey_id', 'is', null), eb('survey_id', 'not in', [...excluded])]),
    )
  const rows = await query.orderBy('received_at', 'desc').limit(limit).execute()
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    kind: r.kind,
    text: r.text,
    sentiment: r.sentiment,
    sentimentScore: r.sentiment_score,
    topics: r.topics,
    language: r.language,
    store: r.store,
    receivedAt: Number(r.received_at),
  }))
}
