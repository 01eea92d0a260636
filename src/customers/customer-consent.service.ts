import { requirePermission } from '../auth/permission.service.js'
import { recordAudit } from '../audit/audit.service.js'
import type { Db } from '../db/database.js'
import { isRecordWithinUnits, type Scope } from '../db/scope.js'
import { NotFoundError, ValidationError } from '../shared/errors.js'
import { parseInput } from '../shared/validation.js'
import { consentsOf, upsertConsent } from './customer-consent.repository.js'
import {
  CONSENT_PURPOSES,
  type Consent,
  ConsentInputSchema,
  ConsentListSchema,
  type ConsentPurpose,
  ConsentSchema,
} from './customer-consent.schema.js'
import { keyLookups, keysFrom, sealedKey } from './customer-keys.js'
import { keysByLookups } from './customer-lookup.repository.js'
import { customersByIds } from './customer.repository.js'

// Consent per purpose (issue 18): a customer gives or withdraws consent for survey invitations,
// service messages or marketing, with the time and where it came from. The invitation sender asks
// `contactCustomers` which customers an address belongs to and whether they withdrew consent.

export {
  CONSENT_PURPOSES,
  type Consent,
  ConsentInputSchema,
  ConsentListSchema,
  type ConsentPurpose,
  ConsentSchema,
}

function purposeOf(raw: string): ConsentPurpose {
  if ((CONSENT_PURPOSES as readonly string[]).includes(raw)) return raw as ConsentPurpose
  throw new ValidationError('CONSENT_PURPOSE_UNKNOWN', `No consent purpose "${raw}".`, [
    { path: 'purpose', reason: 'unknown purpose', allowed: CONSENT_PURPOSES.join(', ') },
  ])
}

async function customerInScope(scope: Scope, customerId: string): Promise<void> {
  const [row] = await customersByIds(scope.db, scope.orgId, [customerId])
  if (!row || !isRecordWithinUnits(scope, row.unit_id))
    throw new NotFoundError('CUSTOMER_NOT_FOUND', `No customer ${customerId}.`, [
      { path: 'id', reason: 'unknown customer' },
    ])
}

function toConsent(row: { purpose: string; granted: boolean; source: string; recordedAt: number }) {
  return {
    purpose: row.purpose as ConsentPurpose,
    granted: row.granted,
    source: row.source,
    recordedAt: new Date(row.recordedAt).toISOString(),
  }
}

export async function customerConsents(scope: Scope, customerId: string): Promise<Consent[]> {
  requirePermission(scope.actor, 'customers:read')
  await customerInScope(scope, customerId)
  return (await consentsOf(scope.db, scope.orgId, [customerId])).map(toConsent)
}

/** Record consent given or withdrawn for one purpose; audited (ids only). */
export async function setCustomerConsent(
  scope: Scope,
  customerId: string,
  rawPurpose: string,
  input: unknown,
): Promise<Consent> {
  requirePermission(scope.actor, 'contacts:write')
  const purpose = purposeOf(rawPurpose)
  const body = parseInput(ConsentInputSchema, input, 'consent')
  await customerInScope(scope, customerId)
  const row = {
    customerId,
    purpose,
    granted: body.granted,
    source: body.source,
    recordedAt: scope.now,
  }
  await scope.db.transaction().execute(async (trx) => {
    await upsertConsent(trx, scope.orgId, row)
    await recordAudit(trx, scope, {
      action: body.granted ? 'customer.consent.grant' : 'customer.consent.withdraw',
      entity: 'customer',
      entityId: customerId,
      detail: { purpose, source: body.source },
    })
  })
  return toConsent(row)
}

/** The customers a contact's addresses belong to (merged ones lead to the kept customer). */
export interface ContactCustomers {
  customerIds: string[]
  /** One of them withdrew consent for the purpose. */
  consentWithdrawn: boolean
  /**
   * Who the contact is, to record a send under: `customer:<id>` for each customer, and each
   * address normalised as a customer key (`email:<blind index>`, `phone:<blind index>`).
   */
  identities: string[]
  /** Every stored form those identities may have (blind indexes under older keys too). */
  identityLookups: string[]
}

/** For the invitation sender (no actor): who an address is, and whether they withdrew consent. */
export async function contactCustomers(
  db: Db,
  orgId: string,
  addresses: { email: string | null; phone: string | null },
  purpose: ConsentPurpose,
): Promise<ContactCustomers> {
  const keys = keysFrom([
    ['email', addresses.email],
    ['phone', addresses.phone],
  ])
  const wanted = keys.map((key) => ({ kind: key.kind, lookups: keyLookups(db, key) }))
  const held = await keysByLookups(db, orgId, wanted)
  const direct = [...new Set(held.map((k) => k.customer_id))]
  const rows = await customersByIds(db, orgId, direct)
  const customerIds = [...new Set(rows.map((r) => r.merged_into ?? r.id))]
  const consents = await consentsOf(db, orgId, customerIds, purpose)
  const ofCustomers = customerIds.map((id) => `customer:${id}`)
  return {
    customerIds,
    consentWithdrawn: consents.some((c) => !c.granted),
    identities: [...ofCustomers, ...keys.map((key) => `${key.kind}:${sealedKey(db, key).lookup}`)],
    identityLookups: [
      ...ofCustomers,
      ...wanted.flatMap((w) => w.lookups.map((lookup) => `${w.kind}:${lookup}`)),
    ],
  }
}
