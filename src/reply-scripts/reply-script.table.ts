/** A reply or apology template of the script library (migration 0054). */
export interface ReplyScriptTable {
  id: string
  org_id: string
  /** `reply` or `apology`. */
  kind: string
  /** The case cause it is for; null = any cause. */
  cause: string | null
  /** The channel it is for (phone, wechat, email …); null = any channel. */
  channel: string | null
  title: string
  body_zh: string
  body_en: string | null
  /** 1 = offered in the reply box, 0 = retired. */
  active: number
  created_at: number
  updated_at: number
}

/** One use of a script in a case's reply (migration 0054). */
export interface ReplyScriptUseTable {
  id: string
  org_id: string
  script_id: string
  case_id: string
  /** The member who used it. */
  used_by: string
  used_at: number
}
