import type { PlansWord } from './plans-words'

type Words = (key: PlansWord, vars?: Record<string, string | number>) => string

/** The six root-cause categories of the fishbone (人/机/料/法/环/测), as the server names them. */
export const FISHBONE_CAUSES = [
  'man',
  'machine',
  'material',
  'method',
  'environment',
  'measurement',
] as const

/** The server's limit of a cause category's length (PlanInputSchema.causeCategory). */
const MAX_CATEGORY = 50

/**
 * The root-cause categories a plan may take: the fishbone's six in words, then the organisation's
 * own — those its plans already use — and, while one is typing a name that is none of these, that
 * name as a new category of the organisation's own.
 */
export function causeOptions(
  t: Words,
  used: readonly string[],
  typed: string,
): Array<{ value: string; label: string }> {
  const fishbone: ReadonlySet<string> = new Set(FISHBONE_CAUSES)
  const options: Array<{ value: string; label: string }> = FISHBONE_CAUSES.map((c) => ({
    value: c,
    label: t(`plans.cause.${c}`),
  }))
  const own = [...new Set(used.map((u) => u.trim()))].filter((u) => u && !fishbone.has(u)).sort()
  options.push(...own.map((u) => ({ value: u, label: u })))
  const name = typed.trim().slice(0, MAX_CATEGORY)
  if (name && !options.some((o) => o.value === name || o.label === name))
    options.push({ value: name, label: t('plans.cause.own', { name }) })
  return options
}
