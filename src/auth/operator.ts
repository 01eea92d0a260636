import { z } from 'zod'
import { recordAudit } from '../audit/audit.service.js'
import type { Db } from '../db/database.js'
import type { Actor } from '../db/scope.js'
import {
  configureOrganisation,
  OrganisationConfigurationSchema,
} from '../organisations/organisation-profile.service.js'
import {
  createOrganisation,
  DEFAULT_TIMEZONE,
  organisationStatuses,
  setOrganisationSuspended,
  type OrganisationStatus,
} from '../organisations/organisation.service.js'
import { ForbiddenError, NotFoundError } from '../shared/errors.js'
import { newSecret } from '../shared/ids.js'
import { isValidTimeZone } from '../shared/timezone.js'
import { parseInput } from '../shared/validation.js'
import type { Principal } from './auth.service.js'
import { createUser } from './auth.service.js'
import { EmailSchema } from './auth.schema.js'
import { findIdentityOfEmail } from './identity.service.js'
import { countMembersByOrganisation } from './user.repository.js'

/**
 * The operator of the instance — an identity flag, not an organisation role — creates, lists,
 * suspends, resumes and configures organisations. The operator sees organisations (name, zone,
 * state, how many members), never their customer data. These functions work across
 * organisations and take the store handle `db` and who operates (`OperatorCaller`).
 */

export interface OperatorCaller {
  /** How the operator appears in the organisations' audit logs. */
  actor: Actor
  now: number
}

/** The operator's request: signed in (a session, never an API token) as an operator. */
export function requireOperator(principal: Principal | null | undefined): OperatorCaller['actor'] {
  if (principal?.actor.type !== 'user' || !principal.identity?.isOperator)
    throw new ForbiddenError(
      'OPERATOR_REQUIRED',
      'Only an operator of this instance may do this (signed in, not with an API token).',
    )
  return { type: 'system', id: `operator:${principal.identity.id}`, role: 'admin' }
}

/** The operator acting through the command line. */
export const CLI_OPERATOR: Actor = { type: 'system', id: 'cli', role: 'admin' }

export const CreateOrganisationSchema = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(80, 'must be at most 80 characters'),
  timezone: z
    .string()
    .refine(isValidTimeZone, 'must be an IANA time zone, e.g. Asia/Shanghai')
    .default(DEFAULT_TIMEZONE),
  admin: z.object({
    email: EmailSchema,
    displayName: z.string().trim().min(1).max(100),
    /** Left out: a password is generated and shown once. */
    password: z.string().max(200).optional(),
    locale: z.enum(['zh-CN', 'en-US']).default('zh-CN'),
  }),
})

export interface OperatorOrganisation {
  id: string
  name: string
  timezone: string
  createdAt: string
  suspendedAt: string | null
  status: 'active' | 'suspended'
  /** Members not deleted. */
  members: number
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

function operatorView(o: OrganisationStatus, members: Map<string, number>): OperatorOrganisation {
  return {
    id: o.id,
    name: o.name,
    timezone: o.timezone,
    createdAt: new Date(o.createdAt).toISOString(),
    suspendedAt: iso(o.suspendedAt),
    status: o.suspendedAt === null ? 'active' : 'suspended',
    members: members.get(o.id) ?? 0,
  }
}

export async function listOrganisationsForOperator(db: Db): Promise<OperatorOrganisation[]> {
  const [organisations, members] = await Promise.all([
    organisationStatuses(db),
    countMembersByOrganisation(db),
  ])
  return organisations.map((o) => operatorView(o, members))
}

/** One organisation as the operator sees it; ORGANISATION_NOT_FOUND when there is none. */
export async function oneOrganisationForOperator(
  db: Db,
  orgId: string,
): Promise<OperatorOrganisation> {
  return oneOrganisation(db, orgId)
}

async function oneOrganisation(db: Db, orgId: string): Promise<OperatorOrganisation> {
  const [organisation] = await organisationStatuses(db, [orgId])
  if (!organisation)
    throw new NotFoundError('ORGANISATION_NOT_FOUND', `No organisation ${orgId}.`, [
      { path: 'id', reason: 'unknown organisation' },
    ])
  return operatorView(organisation, await countMembersByOrganisation(db, orgId))
}

export interface CreatedOrganisation {
  organisation: OperatorOrganisation
  admin: { id: string; email: string }
  /** Set when no password was given and the administrator is a new person: shown this once. */
  generatedPassword?: string
  /** The administrator's e-mail was a known person: they sign in with their own password. */
  existingPerson: boolean
}

/**
 * A new organisation, named (its administrator is not asked for the name) and with its first
 * administrator: a new person with the given or a generated password, or a known person, who
 * keeps their own password. Audited in the new organisation.
 */
export async function createOrganisationAsOperator(
  db: Db,
  caller: OperatorCaller,
  input: unknown,
): Promise<CreatedOrganisation> {
  const values = parseInput(CreateOrganisationSchema, input, 'organisation')
  const existingPerson = (await findIdentityOfEmail(db, values.admin.email)) !== undefined
  const generated = values.admin.password === undefined ? newSecret(12) : undefined
  const created = await db.transaction().execute(async (trx) => {
    const organisation = await createOrganisation(trx, values.name, caller.now, values.timezone)
    await configureOrganisation(trx, organisation.id, { name: values.name }, caller.now)
    const adminId = await createUser(
      { db: trx, orgId: organisation.id },
      { ...values.admin, password: values.admin.password ?? generated, role: 'admin' },
      caller.now,
    )
    const scope = { orgId: organisation.id, actor: caller.actor, now: caller.now }
    await recordAudit(trx, scope, {
      action: 'organisation.create',
      entity: 'organisation',
      entityId: organisation.id,
      detail: { timezone: values.timezone, adminId },
    })
    return { orgId: organisation.id, adminId }
  })
  return {
    organisation: await oneOrganisation(db, created.orgId),
    admin: { id: created.adminId, email: values.admin.email },
    ...(generated && !existingPerson ? { generatedPassword: generated } : {}),
    existingPerson,
  }
}

/** Suspend (its people cannot sign in, its sessions and tokens are refused) or resume. Audited. */
export async function setOrganisationSuspension(
  db: Db,
  caller: OperatorCaller,
  orgId: string,
  suspended: boolean,
): Promise<OperatorOrganisation> {
  const before = await oneOrganisation(db, orgId)
  if ((before.status === 'suspended') !== suspended) {
    await db.transaction().execute(async (trx) => {
      await setOrganisationSuspended(trx, orgId, suspended ? caller.now : null)
      await recordAudit(
        trx,
        { orgId, actor: caller.actor, now: caller.now },
        {
          action: suspended ? 'organisation.suspend' : 'organisation.resume',
          entity: 'organisation',
          entityId: orgId,
          detail: {},
        },
      )
    })
  }
  return oneOrganisation(db, orgId)
}

/** Rename an organisation or change its time zone. Audited. */
export async function configureOrganisationAsOperator(
  db: Db,
  caller: OperatorCaller,
  orgId: string,
  input: unknown,
): Promise<OperatorOrganisation> {
  const values = parseInput(OrganisationConfigurationSchema, input, 'organisation')
  await oneOrganisation(db, orgId)
  await db.transaction().execute(async (trx) => {
    await configureOrganisation(trx, orgId, values, caller.now)
    await recordAudit(
      trx,
      { orgId, actor: caller.actor, now: caller.now },
      { action: 'organisation.configure', entity: 'organisation', entityId: orgId, detail: values },
    )
  })
  return oneOrganisation(db, orgId)
}
