import type { Db } from '../db/database.js'
import { isSealedValue, readField, storeField } from '../personal-data/personal-field.service.js'

// A contact question's answer ({ name, phone, email, consent }) holds personal values: stored
// sealed under the application key like feedback's and contacts' customer fields
// (docs/personal-data.md), opened again where the repository reads an answer set. Answers
// stored before this — and every answer of a store without keys — stay plaintext and read as
// they are.

const PERSONAL_KEYS = ['name', 'phone', 'email'] as const
const CONTACT_KEYS = new Set<string>([...PERSONAL_KEYS, 'consent'])

/** The personal value of an answer as stored: sealed when the store carries the keyring. */
export type SealPersonal = (value: string) => string

/** How answers of this store are sealed (the value itself without a keyring). */
export function personalSealer(db: Db): SealPersonal {
  return (value) => storeField(db, value).sealed ?? value
}

function isContactAnswer(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const keys = Object.keys(value)
  return (
    keys.length > 0 &&
    keys.every((k) => CONTACT_KEYS.has(k)) &&
    PERSONAL_KEYS.some((k) => typeof (value as Record<string, unknown>)[k] === 'string')
  )
}

function mapContactAnswers<T>(
  answers: Record<string, T>,
  change: (value: string) => string,
  isContact: (key: string) => boolean = () => true,
): Record<string, T> {
  let changed: Record<string, T> | null = null
  for (const [key, answer] of Object.entries(answers)) {
    if (!isContact(key) || !isContactAnswer(answer)) continue
    const contact: Record<string, unknown> = { ...answer }
    for (const field of PERSONAL_KEYS)
      if (typeof contact[field] === 'string') contact[field] = change(contact[field] as string)
    changed ??= { ...answers }
    changed[key] = contact as T
  }
  return changed ?? answers
}

/** The answer set to store: each contact question's name, phone and e-mail sealed. */
export function sealContactAnswers<T>(
  answers: Record<string, T>,
  questions: ReadonlyArray<{ key: string; type: string }>,
  seal: SealPersonal,
): Record<string, T> {
  const contactKeys = new Set(questions.filter((q) => q.type === 'contact').map((q) => q.key))
  if (contactKeys.size === 0) return answers
  return mapContactAnswers(answers, seal, (key) => contactKeys.has(key))
}

/**
 * A stored answer set with its contact answers' sealed values opened (only envelopes are opened,
 * so no other answer can change).
 */
export function openContactAnswers(
  db: Db,
  answers: Record<string, unknown>,
): Record<string, unknown> {
  return mapContactAnswers(answers, (value) =>
    isSealedValue(value) ? (readField(db, null, value) ?? value) : value,
  )
}

/**
 * A stored answer set with its contact questions' (`contactKeys`) personal values sealed under the
 * current key: plaintext stored before sealing existed, and envelopes under an older key. Needs
 * the store handle with the keyring.
 */
export function resealContactAnswers<T>(
  db: Db,
  answers: Record<string, T>,
  contactKeys: ReadonlySet<string>,
): Record<string, T> {
  const seal = personalSealer(db)
  return mapContactAnswers(
    answers,
    (value) => seal(isSealedValue(value) ? (readField(db, null, value) ?? value) : value),
    (key) => contactKeys.has(key),
  )
}

/** The personal fields of a contact answer, each a place in the stored JSON a sweep looks at. */
export const CONTACT_PERSONAL_KEYS = PERSONAL_KEYS
