import { requirePermission } from '../auth/permission.service.js'
import { recordAudit } from '../audit/audit.service.js'
import type { Scope } from '../db/scope.js'
import { EMAIL, PHONE } from '../surveys/survey.schema.js'
import { NotFoundError, ValidationError, type FieldIssue } from '../shared/errors.js'
import { newId } from '../shared/ids.js'
import { truncateText, unstorableCell } from '../shared/storable-text.js'
import type { Table } from '../tabular/tabular.service.js'
import {
  contactListExists,
  insertContactList,
  insertContacts,
  listContactListsWithCounts,
  type NewContact,
} from './contact.repository.js'
import type { ContactList } from './distribution.schema.js'
import { listUnits } from '../units/unit.service.js'
import { matchContactsToCustomers } from '../customers/customer-contact-match.service.js'

/** Header names recognised for the three contact fields (case-insensitive); other columns become attributes. */
const FIELD_HEADERS = {
  email: ['email', 'e-mail', 'mail', '邮箱', '电子邮件', '电子邮箱'],
  phone: ['phone', 'mobile', 'tel', '手机', '手机号', '电话'],
  name: ['name', '姓名', '名称', '客户名称'],
} as const

export const CONTACT_LIST_MAX = 200_000
const ATTRIBUTE = /^[a-z][a-z0-9_]{0,39}$/

/** A contact whose keys name two customers: imported, matched to none (CUSTOMER_KEY_CONFLICT). */
export interface ContactCustomerConflict {
  path: string
  code: 'CUSTOMER_KEY_CONFLICT'
  customerIds: string[]
}

export interface ContactImportReport {
  list: ContactList
  imported: number
  skipped: number
  issues: FieldIssue[]
  /** How the imported contacts met the customer master (matched on arrival). */
  customers: {
    /** Customers created for contacts no customer held a key of. */
    created: number
    /** Contacts matched to a customer that existed before the row. */
    matched: number
    /** Contacts of no customer: no key known and unknown customers refused. */
    unmatched: number
    conflicts: ContactCustomerConflict[]
  }
}

/** A contact read from the file, with its row (for reporting a customer conflict on it). */
type ParsedContact = NewContact & { row: string }

function headerRole(header: string): keyof typeof FIELD_HEADERS | null {
  const h = header.trim().toLowerCase()
  for (const [field, names] of Object.entries(FIELD_HEADERS))
    if ((names as readonly string[]).includes(h)) return field as keyof typeof FIELD_HEADERS
  return null
}

/**
 * Read contacts from a table: each needs a valid e-mail or phone; an address
 * seen twice is reported, not imported twice. Attribute columns (store,
 * order_id …) must be identifier-like, since surveys match them to hidden fields.
 */
export function parseContacts(table: Table): { contacts: ParsedContact[]; issues: FieldIssue[] } {
  const roles = table.headers.map(headerRole)
  const issues: FieldIssue[] = []
  if (!roles.includes('email') && !roles.includes('phone')) {
    issues.push({
      path: table.file,
      reason: 'needs an email or phone column',
      allowed: [...FIELD_HEADERS.email, ...FIELD_HEADERS.phone].join(', '),
    })
    return { contacts: [], issues }
  }
  table.headers.forEach((h, i) => {
    if (roles[i] === null && !ATTRIBUTE.test(h.trim().toLowerCase()))
      issues.push({
        path: `${table.file}:1:${h}`,
        reason:
          'attribute columns are named with lowercase letters, digits and _ (e.g. store, order_id)',
      })
  })
  if (issues.length > 0) return { contacts: [], issues }
  if (table.rows.length > CONTACT_LIST_MAX)
    issues.push({
      path: table.file,
      reason: `has ${table.rows.length} rows`,
      allowed: `at most ${CONTACT_LIST_MAX}`,
    })
  const seen = new Set<string>()
  const contacts: ParsedContact[] = []
  table.rows.slice(0, CONTACT_LIST_MAX).forEach((row, r) => {
    const at = (column: string) => `${table.file}:${r + 2}:${column}`
    const contact: ParsedContact = {
      email: null,
      phone: null,
      name: '',
      attributes: {},
      row: `${table.file}:${r + 2}`,
    }
    // A character no store can keep (U+0000, an unpaired surrogate) rejects this row alone.
    const unstorable = unstorableCell(row)
    let problem: FieldIssue | null = unstorable
      ? {
          path: at(table.headers[unstorable.index] ?? String(unstorable.index + 1)),
          reason: unstorable.reason,
        }
      : null
    table.headers.forEach((header, i) => {
      const cell = (row[i] ?? '').trim()
      const role = roles[i]
      if (role === 'email' && cell) {
        if (EMAIL.test(cell) && cell.length <= 254) contact.email = cell.toLowerCase()
        else
          problem ??= {
            path: at(header),
            reason: `"${cell.slice(0, 60)}" is not an e-mail address`,
          }
      } else if (role === 'phone' && cell) {
        if (PHONE.test(cell)) contact.phone = cell.replace(/[ ()-]/g, '')
        else
          problem ??= { path: at(header), reason: `"${cell.slice(0, 60)}" is not a phone number` }
      } else if (role === 'name') contact.name = truncateText(cell, 100)
      else if (role === null && cell)
        contact.attributes[header.trim().toLowerCase()] = truncateText(cell, 200)
    })
    if (!problem && !contact.email && !contact.phone)
      problem = {
        path: at(
          table.headers[
            roles.indexOf('email') >= 0 ? roles.indexOf('email') : roles.indexOf('phone')
          ]!,
        ),
        reason: 'needs an e-mail address or a phone number',
      }
    const address = contact.email ?? contact.phone!
    if (!problem && seen.has(address))
      problem = {
        path: at(contact.email ? 'email' : 'phone'),
        reason: `${address} appears earlier in the file`,
      }
    if (problem) issues.push(problem)
    else {
      seen.add(address)
      contacts.push(contact)
    }
  })
  return { contacts, issues }
}

/**
 * Each contact's unit from its `unit` column (a unit code of the organisation, closed units
 * included); a code no unit has is a problem of that contact, which is then left out.
 */
async function withUnits(
  scope: Scope,
  contacts: ParsedContact[],
  issues: FieldIssue[],
): Promise<ParsedContact[]> {
  if (!contacts.some((c) => c.attributes.unit)) return contacts
  const codes = new Map((await listUnits(scope)).map((u) => [u.code, u.id]))
  return contacts.flatMap((contact) => {
    const code = contact.attributes.unit?.trim()
    if (!code) return [contact]
    const unitId = codes.get(code)
    if (unitId) return [{ ...contact, unitId }]
    issues.push({ path: 'unit', reason: `no unit has the code "${code}"` })
    return []
  })
}

/**
 * Create a contact list from a table. All-or-nothing by default: any bad row
 * rejects the file with every problem listed; `skipInvalid` keeps the good rows.
 * Each contact is matched to its customer by its keys in the same transaction (created when
 * unknown, unless `unknownCustomers` is 'refuse', as for transactions); a contact whose keys name
 * two customers is imported, matched to neither, and reported in `customers.conflicts`.
 */
export async function importContactList(
  scope: Scope,
  name: string,
  table: Table,
  options: { skipInvalid?: boolean; unknownCustomers?: 'create' | 'refuse' } = {},
): Promise<ContactImportReport> {
  requirePermission(scope.actor, 'contacts:write')
  const listName = name.trim()
  if (!listName || listName.length > 200)
    throw new ValidationError('VALIDATION_FAILED', 'The list needs a name.', [
      { path: 'name', reason: 'must be 1–200 characters' },
    ])
  const parsed = parseContacts(table)
  const issues = [...parsed.issues]
  const contacts = await withUnits(scope, parsed.contacts, issues)
  if (contacts.length === 0 || (issues.length > 0 && !options.skipInvalid)) {
    throw new ValidationError(
      'CONTACTS_INVALID',
      `${issues.length} problem(s) in ${table.file}; nothing was imported.`,
      issues.length > 0 ? issues.slice(0, 200) : [{ path: table.file, reason: 'has no contacts' }],
    )
  }
  const listId = newId()
  const customers: ContactImportReport['customers'] = {
    created: 0,
    matched: 0,
    unmatched: 0,
    conflicts: [],
  }
  await scope.db.transaction().execute(async (trx) => {
    const matches = await matchContactsToCustomers(trx, scope.orgId, scope.now, contacts, {
      unknownCustomers: options.unknownCustomers ?? 'create',
    })
    matches.forEach((match, i) => {
      if (match.outcome === 'linked') customers[match.created ? 'created' : 'matched'] += 1
      else if (match.outcome === 'conflict')
        customers.conflicts.push({
          path: contacts[i]!.row,
          code: match.code,
          customerIds: match.customerIds,
        })
      else customers.unmatched += 1
    })
    await insertContactList(trx, {
      id: listId,
      orgId: scope.orgId,
      name: listName,
      createdAt: scope.now,
    })
    await insertContacts(trx, scope.orgId, listId, contacts, scope.now)
    await recordAudit(trx, scope, {
      action: 'contact_list.import',
      entity: 'contact_list',
      entityId: listId,
      detail: {
        name: listName,
        contacts: contacts.length,
        skipped: issues.length,
        customersCreated: customers.created,
        customerConflicts: customers.conflicts.length,
      },
    })
  })
  return {
    list: {
      id: listId,
      name: listName,
      contacts: contacts.length,
      createdAt: new Date(scope.now).toISOString(),
    },
    imported: contacts.length,
    skipped: issues.length,
    issues,
    customers,
  }
}

export async function listContactLists(scope: Scope): Promise<ContactList[]> {
  requirePermission(scope.actor, 'distributions:read')
  const lists = await listContactListsWithCounts(scope.db, scope.orgId)
  return lists.map((l) => ({
    id: l.id,
    name: l.name,
    contacts: l.contacts,
    createdAt: new Date(l.createdAt).toISOString(),
  }))
}

export async function assertContactListExists(scope: Scope, listId: string): Promise<void> {
  if (!(await contactListExists(scope.db, scope.orgId, listId)))
    throw new NotFoundError('CONTACT_LIST_NOT_FOUND', `No contact list ${listId}.`, [
      { path: 'listId', reason: 'unknown contact list' },
    ])
}
