import type { CustomRole, CustomRoleInput, RoleMatrix } from '../../../src/auth/custom-role.schema'
import { api } from './client'

/** The role matrix and custom roles (security administrators: roles:manage; docs/roles.md). */

export type { CustomRole, RoleMatrix }

export const fetchRoleMatrix = () => api<RoleMatrix>('GET', '/roles')
export const createRole = (input: CustomRoleInput) => api<CustomRole>('POST', '/roles', input)
export const updateRole = (id: string, input: CustomRoleInput) =>
  api<CustomRole>('PUT', `/roles/${id}`, input)
export const deleteRole = (id: string) => api<void>('DELETE', `/roles/${id}`)
