import { z } from 'zod'
import { PASSWORD_MAX, PASSWORD_MIN } from './password-policy.js'

export { PASSWORD_MIN }

export const RoleSchema = z.enum(['admin', 'supervisor', 'analyst', 'agent', 'viewer'])

/** E-mails are compared and stored lowercased, so case never makes two accounts. */
export const EmailSchema = z.string().trim().toLowerCase().email('must be an e-mail address')

export const LoginBodySchema = z.object({
  email: EmailSchema,
  password: z.string().min(1, 'must not be empty').max(200),
})

export const CreateUserSchema = z.object({
  email: EmailSchema,
  displayName: z.string().trim().min(1).max(100),
  /** Checked by the password policy (src/auth/password-policy.ts): PASSWORD_TOO_WEAK says why. */
  password: z.string().max(PASSWORD_MAX, `must be at most ${PASSWORD_MAX} characters`),
  role: RoleSchema,
  locale: z.enum(['zh-CN', 'en-US']).default('zh-CN'),
})
export type CreateUser = z.infer<typeof CreateUserSchema>
