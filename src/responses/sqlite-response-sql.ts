import { DAILY_COUNT_UPSERT_SQLITE } from './daily-counts.js'

/** The SQLite statements of the response write path, shared by the in-thread and worker writers. */

export const RESPONSE_COLUMNS = [
  'id',
  'org_id',
  'survey_id',
  'survey_version',
  'client_response_id',
  'answers',
  'nps',
  'csat',
  'ces',
  'comment',
  'locale',
  'channel',
  'segments',
  'submitted_at',
  'local_day',
  'duration_ms',
  'quality_flags',
  'invitation_id',
] as const

export const SQLITE_RESPONSE_INSERT = `insert into responses (${RESPONSE_COLUMNS.join(', ')})
  values (${RESPONSE_COLUMNS.map(() => '?').join(', ')})
  on conflict (survey_id, client_response_id) do nothing`

export { DAILY_COUNT_UPSERT_SQLITE }
