import { createUser } from '../auth/auth.service.js'
import { placeTeam, usersWithEmails } from '../auth/team.service.js'
import { ConflictError } from '../shared/errors.js'
import { newSecret } from '../shared/ids.js'
import type { Scope } from '../db/scope.js'

/** The people of the demo's service department: a supervisor and four agents. */
const TEAM = [
  { email: 'zhao.demo@manyi.local', displayName: '赵主管', role: 'supervisor' },
  { email: 'wang.demo@manyi.local', displayName: '王客服', role: 'agent' },
  { email: 'li.demo@manyi.local', displayName: '李客服', role: 'agent' },
  { email: 'zhang.demo@manyi.local', displayName: '张客服', role: 'agent' },
  { email: 'chen.demo@manyi.local', displayName: '陈客服', role: 'agent' },
] as const

/**
 * The organisation's security administrator and auditor (等保 2.0 三员分立, docs/roles.md), next
 * to the administrator who loads the demo: not in the service department.
 */
const OFFICERS = [
  { email: 'sun.demo@manyi.local', displayName: '孙安全', role: 'security_admin' },
  { email: 'zhou.demo@manyi.local', displayName: '周审计', role: 'auditor' },
] as const

const PEOPLE = [...TEAM, ...OFFICERS]

export interface DemoTeam {
  supervisorId: string
  agentIds: string[]
  securityAdminId: string
  auditorId: string
}

/**
 * Before the demo writes anything: a user of this organisation who already has
 * a demo e-mail is reused only if they have the persona's role. Anyone else
 * (an administrator, an analyst) would silently become a demo agent — their
 * department and supervisor changed, demo cases put in their name — so the
 * demo refuses and says who. A deleted user's e-mail is free (as for adding a
 * user): the demo never puts cases in a deleted user's name, and makes a new
 * persona instead.
 */
export async function checkDemoTeam(scope: Scope): Promise<void> {
  const existing = await usersWithEmails(
    scope,
    PEOPLE.map((m) => m.email),
  )
  const clashes = existing.flatMap((user) => {
    const persona = PEOPLE.find((m) => m.email === user.email)!
    return user.role === persona.role
      ? []
      : [
          {
            path: `team.${user.email}`,
            reason: `already a user with role ${user.role}`,
            allowed: persona.role,
          },
        ]
  })
  if (clashes.length > 0) {
    throw new ConflictError(
      'DEMO_TEAM_CONFLICT',
      'Users of this organisation have e-mails the demo team uses, with other roles; change their e-mails or roles first. Nothing was loaded.',
      clashes,
    )
  }
}

/**
 * The demo team in `department`, the agents reporting to the supervisor, so
 * cases have owners and the SLA and complaint pages have people to compare;
 * and the security administrator and the auditor.
 * They have random passwords: personas, not accounts to log in with (an
 * administrator may set a password on the users page). Loading the demo
 * again reuses them, unless they were deleted: then a new persona is made.
 */
export async function loadDemoTeam(scope: Scope, department: string): Promise<DemoTeam> {
  const ids: string[] = []
  for (const member of PEOPLE) {
    const [existing] = await usersWithEmails(scope, [member.email])
    ids.push(
      existing?.id ??
        (await createUser(
          { db: scope.db, orgId: scope.orgId },
          { ...member, password: newSecret(18) },
          scope.now,
        )),
    )
  }
  const [supervisorId, ...rest] = ids as [string, ...string[]]
  const agentIds = rest.slice(0, TEAM.length - 1)
  const [securityAdminId, auditorId] = rest.slice(TEAM.length - 1) as [string, string]
  await placeTeam(scope, { department, supervisorId, memberIds: agentIds })
  return { supervisorId, agentIds, securityAdminId, auditorId }
}
