import { z } from 'zod'
import { ROLES } from '../shared/role.js'

/** Browser-safe: custom roles and the role matrix as the API answers them. */

export const CustomRoleInputSchema = z.object({
  name: z.string().trim().min(1).max(60),
  description: z.string().trim().max(300).default(''),
  /** Names from the permission list; never all three separated areas (system, security, audit). */
  permissions: z.array(z.string().min(1).max(60)).min(1).max(100),
})
export type CustomRoleInput = z.infer<typeof CustomRoleInputSchema>

export const CustomRoleSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  permissions: z.array(z.string()),
  /** How many members of the organisation hold it; a role in use cannot be deleted. */
  members: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type CustomRole = z.infer<typeof CustomRoleSchema>

export const PermissionInfoSchema = z.object({
  name: z.string(),
  /** The 等保 2.0 area it belongs to. */
  area: z.enum(['system', 'security', 'audit']),
  customerData: z.boolean(),
})

export const RoleMatrixSchema = z.object({
  permissions: z.array(PermissionInfoSchema),
  builtIn: z.array(z.object({ role: z.enum(ROLES), permissions: z.array(z.string()) })),
  custom: z.array(CustomRoleSchema),
  /** Which members hold which custom role (members with a built-in role are not listed). */
  assignments: z.array(z.object({ userId: z.string(), customRoleId: z.string() })),
})
export type RoleMatrix = z.infer<typeof RoleMatrixSchema>
