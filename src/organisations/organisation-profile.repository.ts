import type { Db } from '../db/database.js'

/**
 * The `organisation_profiles` table (name chosen, branding) and the organisation's name and
 * time zone as its administrator sets them: the only code that writes them.
 */

export interface ProfileRecord {
  namedAt: number | null
  brandColor: string | null
  logoType: string | null
  logoVersion: string | null
}

export interface LogoRecord {
  data: Buffer
  type: string
  version: string
}

export async function findProfileRecord(db: Db, orgId: string): Promise<ProfileRecord | undefined> {
  // The logo's bytes stay in the table: pages only need to know whether there is one.
  const row = await db
    .selectFrom('organisation_profiles')
    .select(['named_at', 'brand_color', 'logo_type', 'logo_version'])
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  return (
    row && {
      namedAt: row.named_at === null ? null : Number(row.named_at),
      brandColor: row.brand_color,
      logoType: row.logo_type,
      logoVersion: row.logo_version,
    }
  )
}

/** What a respondent page shows of the organisation, in one query: its name, colour and logo version. */
export async function findPageBrandRecord(
  db: Db,
  orgId: string,
): Promise<{ name: string; brandColor: string | null; logoVersion: string | null } | undefined> {
  const row = await db
    .selectFrom('organisations as o')
    .leftJoin('organisation_profiles as p', 'p.org_id', 'o.id')
    .select(['o.name', 'p.brand_color', 'p.logo_version'])
    .where('o.id', '=', orgId)
    .executeTakeFirst()
  return (
    row && {
      name: row.name,
      brandColor: row.brand_color ?? null,
      logoVersion: row.logo_version ?? null,
    }
  )
}

export async function findLogoRecord(db: Db, orgId: string): Promise<LogoRecord | undefined> {
  const row = await db
    .selectFrom('organisation_profiles')
    .select(['logo', 'logo_type', 'logo_version'])
    .where('org_id', '=', orgId)
    .executeTakeFirst()
  if (!row?.logo || !row.logo_type || !row.logo_version) return undefined
  return { data: Buffer.from(row.logo), type: row.logo_type, version: row.logo_version }
}

/** Insert the organisation's profile row or change the given columns of it. */
async function upsertProfile(
  db: Db,
  orgId: string,
  changes: {
    named_at?: number
    brand_color?: string | null
    logo?: Buffer | null
    logo_type?: string | null
    logo_version?: string | null
  },
  now: number,
): Promise<void> {
  await db
    .insertInto('organisation_profiles')
    .values({ org_id: orgId, ...changes, updated_at: now })
    .onConflict((oc) => oc.column('org_id').doUpdateSet({ ...changes, updated_at: now }))
    .execute()
}

export async function updateNameAndZone(
  db: Db,
  orgId: string,
  values: { name?: string; timezone?: string },
  now: number,
): Promise<void> {
  const set = {
    ...(values.name !== undefined ? { name: values.name } : {}),
    ...(values.timezone !== undefined ? { timezone: values.timezone } : {}),
  }
  if (Object.keys(set).length > 0)
    await db.updateTable('organisations').set(set).where('id', '=', orgId).execute()
  // A chosen name: the administrator's first sign-in no longer asks for one.
  if (values.name !== undefined) await upsertProfile(db, orgId, { named_at: now }, now)
}

export async function updateBranding(
  db: Db,
  orgId: string,
  branding: {
    brandColor: string | null
    /** undefined: keep the logo; null: remove it. */
    logo?: { data: Buffer; type: string; version: string } | null
  },
  now: number,
): Promise<void> {
  const logo =
    branding.logo === undefined
      ? {}
      : {
          logo: branding.logo?.data ?? null,
          logo_type: branding.logo?.type ?? null,
          logo_version: branding.logo?.version ?? null,
        }
  await upsertProfile(db, orgId, { brand_color: branding.brandColor, ...logo }, now)
}
