export interface TextConfigTable {
  org_id: string
  /** JSON: TextConfig */
  config: string
  updated_at: number
}

/** An early warning raised by a background check (an emerging topic …), once per key and day. */
export interface AlertTable {
  id: string
  org_id: string
  /** emerging_topic … */
  kind: string
  key: string
  /** Local day number it was raised on. */
  day: number
  title: string
  /** JSON */
  detail: string
  created_at: number
}

/** An agent's correction of one feedback record's analysis (migration 0023). */
export interface TextCorrectionTable {
  id: string
  org_id: string
  feedback_id: string
  /** positive | neutral | negative, or null when only the topics were corrected. */
  sentiment: string | null
  /** Comma-joined topic keys, or null when only the sentiment was corrected. */
  topics: string | null
  previous_sentiment: string | null
  previous_topics: string | null
  corrected_by: string
  created_at: number
}

/** The organisation's own sentiment model, learned from its corrections (migration 0023). */
export interface TextModelTable {
  org_id: string
  /** JSON: OrgSentimentModel */
  model: string
  corrections: number
  /** created_at of the newest correction it learned from. */
  corrections_until: number
  accuracy_before: number
  accuracy_after: number
  folds: number
  trained_at: number
}
