import type { Db } from '../db/database.js'
import { organisationTimezone } from '../organisations/organisation.service.js'
import type { Scope } from '../db/scope.js'
import { newSecret } from '../shared/ids.js'
import type { TtlCache } from '../shared/ttl-cache.js'
import {
  fillMissingPublicFormKey,
  findCaseConfigRow,
  findPublicFormKey,
  insertCaseConfigRow,
} from './case-config.repository.js'
import { CaseConfigSchema, type CaseConfig } from './case-config.schema.js'

// The organisation's case configuration as the rest of the code reads it: made with defaults (and a
// first public form key) on first read, through the app's cache where the caller has it. The schema
// is in case-config.schema.ts.

export {
  CaseConfigSchema,
  DEFAULT_CAUSES,
  PRIORITIES,
  PUBLIC_FORM_KEY,
  type CaseConfig,
  type Priority,
} from './case-config.schema.js'

/**
 * The app's configurations by organisation (deps.caches.caseConfigs, made in src/server/deps.ts):
 * other instances see a changed configuration within its time to live (5 s); this app at once, as
 * the service that saves one deletes the organisation's entry.
 */
export type CaseConfigCache = TtlCache<string, CaseConfig>

/**
 * The organisation's configuration (defaults until someone saves one) with its public form key,
 * made on first read; from `cache` when given and fresh (hot paths: the public complaint form),
 * else read. Its calendar is in the organisation's time zone unless it keeps its own on purpose.
 */
export async function loadCaseConfig(
  scope: Pick<Scope, 'db' | 'orgId' | 'now'>,
  cache?: CaseConfigCache,
): Promise<CaseConfig> {
  // The zone is looked up each time (one read by key), never cached with the rest: a zone changed
  // on the organisation's settings page applies at once.
  const hit = cache?.get(scope.orgId)
  if (hit) return inOrganisationZone(scope, hit)
  const config = await readCaseConfig(scope.db, scope.orgId, scope.now)
  cache?.set(scope.orgId, config)
  return inOrganisationZone(scope, config)
}

/** A new form key: 16 URL-safe characters, 96 random bits. */
export function newPublicFormKey(): string {
  return newSecret(12)
}

/** The current form key, straight from the database (no cache: a rotated key must show at once). */
export async function currentPublicFormKey(
  scope: Pick<Scope, 'db' | 'orgId' | 'now'>,
): Promise<string> {
  const { db, orgId, now } = scope
  return (
    (await findPublicFormKey(db, orgId)) ?? (await readCaseConfig(db, orgId, now)).publicFormKey!
  )
}

/**
 * The calendar in the organisation's time zone (its settings page's), unless it keeps its own on
 * purpose (calendar.ownTimezone): due times, exports and labels then agree with everything else
 * the organisation reads in its zone.
 */
export async function inOrganisationZone(
  scope: Pick<Scope, 'db' | 'orgId'>,
  config: CaseConfig,
): Promise<CaseConfig> {
  if (config.calendar.ownTimezone) return config
  const timezone = await organisationTimezone(scope)
  return timezone === config.calendar.timezone
    ? config
    : { ...config, calendar: { ...config.calendar, timezone } }
}

async function readCaseConfig(db: Db, orgId: string, now: number): Promise<CaseConfig> {
  const row = await findCaseConfigRow(db, orgId)
  if (!row) {
    await insertCaseConfigRow(db, orgId, CaseConfigSchema.parse({}), newPublicFormKey(), now)
    return readCaseConfig(db, orgId, now)
  }
  let key = row.publicFormKey
  if (key === null) {
    // Not expected after migration 0008, which gives every row a key; made here rather than failing the form.
    await fillMissingPublicFormKey(db, orgId, newPublicFormKey())
    key = (await findPublicFormKey(db, orgId)) ?? null
  }
  return { ...row.config, publicFormKey: key! }
}
