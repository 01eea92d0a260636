import { z } from 'zod'
import type { Db } from '../db/database.js'
import { parseStoredJson } from '../shared/stored-json.js'

/** The text_configs and alerts tables: the only code that queries them. */

/** The stored JSON of an organisation's text settings, if it has any (text-config.ts parses it). */
export async function findTextConfigJson(db: Db, orgId: string): Promise<unknown> {
  const row = await db
    .selectFrom('text_configs')
    .select('config')
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  return row ? parseStoredJson(z.unknown(), row.config, 'text_configs.config') : undefined
}

export async function saveTextConfigJson(
  db: Db,
  orgId: string,
  config: unknown,
  now: number,
): Promise<void> {
  const json = JSON.stringify(config)
  await db
    .insertInto('text_configs')
    .values({ org_id: orgId, config: json, updated_at: now })
    .onConflict((oc) => oc.column('org_id').doUpdateSet({ config: json, updated_at: now }))
    .execute()
}

export interface NewAlert {
  id: string
  orgId: string
  kind: string
  key: string
  day: number
  title: string
  detail: Record<string, unknown>
  createdAt: number
}

/** Raises an alert unless one of the same kind and key was raised that day; whether it was new. */
export async function insertAlertOncePerDay(db: Db, alert: NewAlert): Promise<boolean> {
  const result = await db
    .insertInto('alerts')
    .values({
      id: alert.id,
      org_id: alert.orgId,
      kind: alert.kind,
      key: alert.key,
      day: alert.day,
      title: alert.title,
      detail: JSON.stringify(alert.detail),
      created_at: alert.createdAt,
    })
    .onConflict((oc) => oc.columns(['org_id', 'kind', 'key', 'day']).doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
}

const AlertDetailSchema = z.record(z.string(), z.unknown())

export interface StoredAlert {
  id: string
  kind: string
  key: string
  title: string
  detail: Record<string, unknown>
  createdAt: number
}

/** The organisation's latest alerts, newest first. */
export async function latestAlerts(db: Db, orgId: string, limit: number): Promise<StoredAlert[]> {
  const rows = await db
    .selectFrom('alerts')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    key: r.key,
    title: r.title,
    detail: parseStoredJson(AlertDetailSchema, r.detail, 'alerts.detail'),
    createdAt: Number(r.created_at),
  }))
}
