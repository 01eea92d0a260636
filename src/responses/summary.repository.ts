import { sql } from 'kysely'
import { recordsWithinUnits, type Scope } from '../db/scope.js'
import { SCORE_COLUMNS } from './daily-count-columns.js'
import { emptyDayCounts, type DayCounts } from './summary-rollup.js'
import { splitWindowByDays } from './summary-window.js'
import { parseJsonRecord } from '../shared/own-keys.js'
import { parseStoredSegments } from './response.repository.js'

export interface SummaryWindow {
  orgId: string
  surveyId: string
  /** Instants, from inclusive, to exclusive. */
  from: number
  to: number
  timezone: string
  channel?: string
  /** Only answers whose segments hold this field and value. */
  segment?: { field: string; value: string }
}

/** The store to read, and the units the reader is limited to (Scope.units; absent = all). */
type Reader = Pick<Scope, 'db' | 'features' | 'units'>

/**
 * Per local day and channel, the count of every answer value of every metric:
 * whole days from response_daily_counts (a few rows a day), partial days at
 * the window's ends by scanning their responses.
 */
export async function dailyScoreCounts(
  reader: Reader,
  window: SummaryWindow,
): Promise<DayCounts[]> {
  // The day counts are kept per channel, not per segment or unit: a segment filter or a reader
  // limited to some units scans the window's answers.
  if (window.segment || reader.units !== undefined)
    return scanResponses(reader, window, { from: window.from, to: window.to })
  const parts = splitWindowByDays(window.from, window.to, window.timezone)
  const reads = parts.edges.map((edge) => scanResponses(reader, window, edge))
  if (parts.days) reads.push(readDailyCounts(reader, window, parts.days))
  return (await Promise.all(reads)).flat()
}

function channelFilter(window: SummaryWindow) {
  return window.channel === undefined ? sql`` : sql` and channel = ${window.channel}`
}

function unitFilter(reader: Reader) {
  const units = recordsWithinUnits(reader)
  return units === undefined ? sql`` : sql` and unit_id in (${sql.join(units)})`
}

function segmentFilter(reader: Reader, window: SummaryWindow) {
  return window.segment === undefined
    ? sql``
    : sql` and ${reader.features.jsonText('segments', window.segment.field)} = ${window.segment.value}`
}

async function readDailyCounts(
  reader: Reader,
  window: SummaryWindow,
  days: { from: number; to: number },
): Promise<DayCounts[]> {
  const sums = SCORE_COLUMNS.map((c) => `sum(${c.column}) as ${c.column}`).join(', ')
  const result = await sql<Record<string, number | string>>`
    select local_day as day, channel, sum(responses) as responses, ${sql.raw(sums)}
    from response_daily_counts
    where org_id = ${window.orgId} and survey_id = ${window.surveyId}
      and local_day >= ${days.from} and local_day < ${days.to}${channelFilter(window)}
    group by local_day, channel`.execute(reader.db)
  return result.rows.map(rowToDayCounts)
}

async function scanResponses(
  reader: Reader,
  window: SummaryWindow,
  span: { from: number; to: number },
): Promise<DayCounts[]> {
  const counts = SCORE_COLUMNS.map(
    (c) => `${reader.features.countWhen(`${c.metric} = ${c.score}`)} as ${c.column}`,
  ).join(', ')
  const result = await sql<Record<string, number | string>>`
    select local_day as day, channel, count(*) as responses, ${sql.raw(counts)}
    from responses
    where org_id = ${window.orgId} and survey_id = ${window.surveyId}
      and submitted_at >= ${span.from} and submitted_at < ${span.to}${channelFilter(window)}${segmentFilter(reader, window)}${unitFilter(reader)}
      and quality_flags not like ${'%pilot%'}
    group by local_day, channel`.execute(reader.db)
  return result.rows.map(rowToDayCounts)
}

function rowToDayCounts(row: Record<string, number | string>): DayCounts {
  const day = emptyDayCounts(Number(row.day))
  day.channel = String(row.channel)
  day.responses = Number(row.responses)
  for (const { metric, score, column } of SCORE_COLUMNS) {
    const distribution = day[metric]
    distribution.counts[score - distribution.min] = Number(row[column] ?? 0)
  }
  return day
}

export interface CommentRow {
  id: string
  comment: string
  nps: number | null
  csat: number | null
  channel: string
  submitted_at: number
}

export async function latestComments(
  reader: Reader,
  window: SummaryWindow,
  limit: number,
): Promise<CommentRow[]> {
  let query = reader.db
    .selectFrom('responses')
    .select(['id', 'comment', 'nps', 'csat', 'channel', 'submitted_at'])
    .where('org_id', '=', window.orgId)
    .where('survey_id', '=', window.surveyId)
    .where('submitted_at', '>=', window.from)
    .where('submitted_at', '<', window.to)
    .where('comment', 'is not', null)
    .where('quality_flags', 'not like', '%pilot%')
  const units = recordsWithinUnits(reader)
  if (units) query = query.where('unit_id', 'in', units)
  if (window.channel !== undefined) query = query.where('channel', '=', window.channel)
  if (window.segment !== undefined)
    query = query.where(
      reader.features.jsonText('segments', window.segment.field),
      '=',
      window.segment.value,
    )
  const rows = await query.orderBy('submitted_at', 'desc').limit(limit).execute()
  return rows as CommentRow[]
}

const SEGMENT_SAMPLE = 500

/** Segment fields and their values seen in a survey's answers (from up to 500 distinct combinations). */
export async function segmentValues(
  reader: Reader,
  orgId: string,
  surveyId: string,
): Promise<Record<string, string[]>> {
  const rows = await reader.db
    .selectFrom('responses')
    .select('segments')
    .distinct()
    .where('org_id', '=', orgId)
    .where('survey_id', '=', surveyId)
    .$if(reader.units !== undefined, (q) => q.where('unit_id', 'in', recordsWithinUnits(reader)!))
    .limit(SEGMENT_SAMPLE)
    .execute()
  // A Map: segment names come from respondents, and one named `constructor` must not find Object's.
  const fields = new Map<string, Set<string>>()
  for (const row of rows) {
    for (const [field, value] of Object.entries(parseStoredSegments(row.segments))) {
      const values = fields.get(field) ?? new Set<string>()
      fields.set(field, values.add(String(value)))
    }
  }
  return Object.fromEntries([...fields].map(([field, values]) => [field, [...values].sort()]))
}

/** The stored answers in a window (for analyses of question types the day counts do not cover). */
export async function answersInWindow(
  reader: Reader,
  window: SummaryWindow,
  pilot: 'exclude' | 'only' | 'include' = 'exclude',
): Promise<
  Array<{
    answers: Record<string, unknown>
    segments: string | null
    flags: string[]
    submittedAt: number
  }>
> {
  let query = reader.db
    .selectFrom('responses')
    .select(['answers', 'segments', 'quality_flags', 'submitted_at'])
    .where('org_id', '=', window.orgId)
    .where('survey_id', '=', window.surveyId)
    .where('submitted_at', '>=', window.from)
    .where('submitted_at', '<', window.to)
  const units = recordsWithinUnits(reader)
  if (units) query = query.where('unit_id', 'in', units)
  if (window.channel !== undefined) query = query.where('channel', '=', window.channel)
  if (window.segment !== undefined)
    query = query.where(
      reader.features.jsonText('segments', window.segment.field),
      '=',
      window.segment.value,
    )
  if (pilot !== 'include')
    query = query.where('quality_flags', pilot === 'only' ? 'like' : 'not like', '%pilot%')
  return (await query.execute()).map((row) => ({
    answers: parseJsonRecord(row.answers),
    // The stored segments carry a weighted survey's respondent weight (respondent-weight.ts).
    segments: row.segments,
    flags: row.quality_flags ? row.quality_flags.split(',') : [],
    submittedAt: Number(row.submitted_at),
  }))
}

/**
 * The headline scores of each answer in the window with its stored segments (which carry the
 * respondent weight's hidden field), for a weighted survey's dashboard: the day counts hold no
 * weights, so the window is scanned. Pilot answers are left out, as in the day counts.
 */
export async function headlineScoresWithSegments(
  reader: Reader,
  window: SummaryWindow,
): Promise<
  Array<{
    nps: number | null
    csat: number | null
    ces: number | null
    segments: string | null
    /** The answers, for a weight taken from a numeric question (respondent-weight.ts). */
    answers: Record<string, unknown>
    /** The answer's channel, for the weighted channel comparison. */
    channel: string
    submittedAt: number
  }>
> {
  let query = reader.db
    .selectFrom('responses')
    .select(['nps', 'csat', 'ces', 'segments', 'answers', 'channel', 'submitted_at'])
    .where('org_id', '=', window.orgId)
    .where('survey_id', '=', window.surveyId)
    .where('submitted_at', '>=', window.from)
    .where('submitted_at', '<', window.to)
    .where('quality_flags', 'not like', '%pilot%')
  const units = recordsWithinUnits(reader)
  if (units) query = query.where('unit_id', 'in', units)
  if (window.channel !== undefined) query = query.where('channel', '=', window.channel)
  if (window.segment !== undefined)
    query = query.where(
      reader.features.jsonText('segments', window.segment.field),
      '=',
      window.segment.value,
    )
  const rows = await query.execute()
  const score = (v: unknown) => (v === null || v === undefined ? null : Number(v))
  return rows.map((r) => ({
    nps: score(r.nps),
    csat: score(r.csat),
    ces: score(r.ces),
    segments: r.segments as string | null,
    answers: parseJsonRecord(r.answers),
    channel: String(r.channel),
    submittedAt: Number(r.submitted_at),
  }))
}
