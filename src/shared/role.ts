/**
 * Browser-safe: the built-in roles a membership or token can have, most powerful first
 * (src/auth/roles.ts says what each may do; docs/roles.md shows the matrix).
 *
 * 等保 2.0 三员分立: `admin` is the organisation (system) administrator, `security_admin` the
 * security administrator and `auditor` the audit administrator; no built-in role holds all three
 * areas. `employee` is self-service: only one's own profile and sessions.
 */
export const ROLES = [
  'admin',
  'security_admin',
  'auditor',
  'supervisor',
  'analyst',
  'agent',
  'viewer',
  'employee',
] as const
export type Role = (typeof ROLES)[number]

/** The three areas 等保 2.0 keeps apart: system administration, security administration, audit. */
export const SEPARATED_AREAS = ['system', 'security', 'audit'] as const
export type SeparatedArea = (typeof SEPARATED_AREAS)[number]
