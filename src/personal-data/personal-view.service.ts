import { can } from '../auth/permission.service.js'
import type { Actor } from '../db/scope.js'
import { maskPersonal, type PersonalField } from './masking.js'

export { maskPersonal, type PersonalField, PERSONAL_FIELDS } from './masking.js'

/** Whether the actor sees personal fields unmasked (`personal-data:read`). */
export function seesPersonalData(actor: Actor): boolean {
  return can(actor, 'personal-data:read')
}

/**
 * How personal values are shown to `actor`: as they are with `personal-data:read`, masked
 * (138****5678) without. Every response carrying a customer's name, e-mail, phone or address
 * passes its values through this, in the service that builds it.
 */
export function personalViewFor(
  actor: Actor,
): (field: PersonalField, value: string | null) => string | null {
  if (seesPersonalData(actor)) return (_field, value) => value
  return (field, value) => maskPersonal(field, value)
}

/**
 * A survey's contact answer ({ name, phone, email, consent }) with its personal parts masked;
 * anything else is returned as it is.
 */
export function maskContactAnswer(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
  const masked: Record<string, unknown> = { ...(value as Record<string, unknown>) }
  for (const field of ['name', 'phone', 'email', 'address'] as const) {
    const part = masked[field]
    if (typeof part === 'string') masked[field] = maskPersonal(field, part)
  }
  return masked
}

/** Whether the actor's exports carry personal fields in full (`personal-data:export`). */
export function exportsPersonalData(actor: Actor): boolean {
  return can(actor, 'personal-data:export')
}
