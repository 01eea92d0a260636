import { z } from 'zod'

export const RoleSchema = z.enum(['admin', 'supervisor', 'analyst', 'agent', 'viewer'])

export const LoginBodySchema = z.object({
  email: z.string().trim().toLowerCase().email('must be an e-mail address'),
  password: z.string().min(1, 'must not be empty').max(200),
})

export const PASSWORD_MIN = 10

export const CreateUserSchema = z.object({
  email: z.string().trim().toLowerCase().email('must be an e-mail address'),
  displayName: z.string().trim().min(1).max(100),
  password: z.string().min(PASSWORD_MIN, `must be at least ${PASSWORD_MIN} characters`).max(200),
  role: RoleSchema,
  locale: z.enum(['zh-CN', 'en-US']).default('zh-CN'),
})
export type CreateUser = z.infer<typeof CreateUserSchema>

export const CreateTokenSchema = z.object({
  name: z.string().trim().min(1).max(100),
  role: RoleSchema,
})
