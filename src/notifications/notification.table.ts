/** A member's notification in the app (migration 0029). */
export interface NotificationTable {
  id: string
  org_id: string
  /** The membership told. */
  member_id: string
  /** What happened: case_assigned, approval_requested, approval_decided … */
  kind: string
  /** JSON: the event's figures (case number, amount, decision), worded by the reader's app. */
  params: string
  /** Where in the app the evidence is (a path such as /app/cases/…). */
  link: string | null
  /** One notification per member and event. */
  dedupe_key: string
  created_at: number
  read_at: number | null
}

/** An organisation's group robot (migration 0029). */
export interface RobotChannelTable {
  id: string
  org_id: string
  /** wecom, dingtalk or feishu. */
  kind: string
  name: string
  /** Webhook address, sealed: its token is the credential. */
  url: string
  /** Signing secret, sealed; null when the robot does not check signatures. */
  secret: string | null
  /** JSON list of notification kinds it takes; empty = all. */
  kinds: string
  /** zh-CN or en-US: the language of its messages. */
  locale: string
  enabled: number
  created_at: number
  updated_at: number
}

/** A message waiting for a robot (migration 0029). */
export interface RobotOutboxTable {
  id: string
  org_id: string
  channel_id: string
  kind: string
  params: string
  link: string | null
  /** pending, sending, sent or failed. */
  state: string
  attempts: number
  /** When it may be tried (again). */
  next_at: number
  claimed_at: number | null
  sent_at: number | null
  error: string | null
  created_at: number
}

/** A member's choices for being told (migration 0031); no row = in-app only, no quiet hours. */
export interface NotificationSettingsTable {
  org_id: string
  member_id: string
  /** 1 = also by e-mail, to the member's address. */
  email: number
  /** Quiet hours: minutes after local midnight (organisation's time zone); both null = none. */
  quiet_from: number | null
  quiet_to: number | null
  updated_at: number
}

/** An e-mail waiting for a member (migration 0031), held until their quiet hours end. */
export interface NotificationMailTable {
  id: string
  org_id: string
  member_id: string
  kind: string
  params: string
  link: string | null
  /** pending, sending, sent or failed. */
  state: string
  attempts: number
  /** When it may be sent (the end of quiet hours, or a retry). */
  next_at: number
  claimed_at: number | null
  sent_at: number | null
  error: string | null
  created_at: number
}
