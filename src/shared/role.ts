/** Browser-safe: the roles a user or token can have, most powerful first (src/auth/roles.ts says what each may do). */
export const ROLES = ['admin', 'supervisor', 'analyst', 'agent', 'viewer'] as const
export type Role = (typeof ROLES)[number]
