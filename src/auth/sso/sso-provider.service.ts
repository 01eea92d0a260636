import { recordAudit } from '../../audit/audit.service.js'
import type { Scope } from '../../db/scope.js'
import { NotFoundError } from '../../shared/errors.js'
import { newId } from '../../shared/ids.js'
import { parseInput } from '../../shared/validation.js'
import { requirePermission } from '../roles.js'
import { sealSecret } from './sealed-secret.js'
import {
  findProviderById,
  insertProvider,
  listProviders,
  type SsoProviderRecord,
  updateProvider,
} from './sso.repository.js'
import {
  ProviderConfigSchema,
  SsoProviderBodySchema,
  type ProviderConfig,
  type SsoProvider,
} from './sso.schema.js'

/** An organisation's single sign-on providers, managed by `security:manage`; secrets are write-only. */

/** A stored provider's kind and settings, checked. */
export function providerConfig(record: SsoProviderRecord): ProviderConfig {
  return ProviderConfigSchema.parse({ kind: record.kind, settings: JSON.parse(record.settings) })
}

function toProvider(record: SsoProviderRecord): SsoProvider {
  const config = providerConfig(record)
  return {
    id: record.id,
    kind: config.kind,
    name: record.name,
    settings: config.settings,
    hasSecret: record.secret !== null,
    enabled: record.enabled,
  }
}

export async function listSsoProviders(scope: Scope): Promise<SsoProvider[]> {
  requirePermission(scope.actor, 'security:manage')
  return (await listProviders(scope.db, scope.orgId)).map(toProvider)
}

export async function createSsoProvider(scope: Scope, input: unknown): Promise<SsoProvider> {
  requirePermission(scope.actor, 'security:manage')
  const body = parseInput(SsoProviderBodySchema, input, 'provider')
  const id = newId()
  await insertProvider(scope.db, {
    id,
    orgId: scope.orgId,
    kind: body.kind,
    name: body.name,
    settings: JSON.stringify(body.settings),
    secret: body.secret === undefined ? null : sealSecret(scope.db, body.secret),
    enabled: body.enabled,
    now: scope.now,
  })
  await recordAudit(scope.db, scope, {
    action: 'sso.provider_created',
    entity: 'sso_provider',
    entityId: id,
    detail: { kind: body.kind },
  })
  return toProvider((await findProviderById(scope.db, id))!)
}

export async function updateSsoProvider(
  scope: Scope,
  id: string,
  input: unknown,
): Promise<SsoProvider> {
  requirePermission(scope.actor, 'security:manage')
  const body = parseInput(SsoProviderBodySchema, input, 'provider')
  const updated = await updateProvider(scope.db, scope.orgId, id, {
    name: body.name,
    settings: JSON.stringify(body.settings),
    ...(body.secret === undefined ? {} : { secret: sealSecret(scope.db, body.secret) }),
    enabled: body.enabled,
    now: scope.now,
  })
  if (!updated) throw new NotFoundError('SSO_PROVIDER_NOT_FOUND', 'No such sign-in provider.')
  await recordAudit(scope.db, scope, {
    action: 'sso.provider_updated',
    entity: 'sso_provider',
    entityId: id,
    detail: { enabled: body.enabled, secretChanged: body.secret !== undefined },
  })
  return toProvider((await findProviderById(scope.db, id))!)
}

/** The login page's buttons: the organisation's enabled providers, names only. */
export async function listSignInButtons(
  db: Scope['db'],
  orgId: string,
): Promise<Array<Pick<SsoProvider, 'id' | 'kind' | 'name'>>> {
  return (await listProviders(db, orgId))
    .filter((p) => p.enabled)
    .map((p) => ({ id: p.id, kind: p.kind as SsoProvider['kind'], name: p.name }))
}
