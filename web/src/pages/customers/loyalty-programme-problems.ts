import {
  type LoyaltyProgramme,
  LoyaltyProgrammeSchema,
} from '../../../../src/loyalty/loyalty.schema'
import type { LOYALTY_SETUP_ZH } from './loyalty-setup-words'

export type SetupWord = keyof typeof LOYALTY_SETUP_ZH

/** One refusal of the programme, as a word of the page and the tier it concerns (1-based). */
export interface ProgrammeProblem {
  word: SetupWord
  tier: number | null
}

const FIELD_WORDS: Record<string, SetupWord> = {
  code: 'setup.problem.code',
  nameZh: 'setup.problem.nameZh',
  nameEn: 'setup.problem.nameEn',
  minPoints: 'setup.problem.minPoints',
  pointsPerYuan: 'setup.problem.pointsPerYuan',
  pointsPerFeedback: 'setup.problem.pointsPerFeedback',
  expiryDays: 'setup.problem.expiryDays',
  startsAt: 'setup.problem.startsAt',
}

/** The three rules over the whole tier list, by the schema's own messages. */
const TIER_LIST_WORDS: Record<string, SetupWord> = {
  'the first tier starts at 0 points': 'setup.problem.firstTier',
  'each tier needs more points than the one before': 'setup.problem.ascending',
  'each tier has its own code': 'setup.problem.duplicateCode',
}

/**
 * Every refusal the server's own schema (LoyaltyProgrammeSchema) makes of a draft, as words of
 * the page: checked in the browser with the same schema, so the words cover exactly what the
 * server would refuse; a refusal the words do not know falls back to `setup.problem.other`.
 */
export function programmeProblems(draft: unknown): ProgrammeProblem[] {
  const result = LoyaltyProgrammeSchema.safeParse(draft)
  if (result.success) return []
  const seen = new Set<string>()
  return result.error.issues.flatMap((issue) => {
    const [head, index, field] = issue.path
    let problem: ProgrammeProblem
    if (head === 'tiers' && typeof index === 'number' && typeof field === 'string')
      problem = { word: FIELD_WORDS[field] ?? 'setup.problem.other', tier: index + 1 }
    else if (head === 'tiers' && issue.path.length === 1)
      problem = {
        word:
          issue.code === 'custom'
            ? (TIER_LIST_WORDS[issue.message] ?? 'setup.problem.other')
            : 'setup.problem.tierCount',
        tier: null,
      }
    else
      problem = {
        word: (typeof head === 'string' && FIELD_WORDS[head]) || 'setup.problem.other',
        tier: null,
      }
    const key = `${problem.word}:${problem.tier}`
    if (seen.has(key)) return []
    seen.add(key)
    return [problem]
  })
}

/** A draft's problems as sentences of the page's language. */
export function problemTexts(
  problems: readonly ProgrammeProblem[],
  t: (key: SetupWord, vars?: Record<string, string | number>) => string,
): string[] {
  return problems.map((p) =>
    p.tier === null ? t(p.word) : t('setup.problem.inTier', { n: p.tier, problem: t(p.word) }),
  )
}

export type { LoyaltyProgramme }
