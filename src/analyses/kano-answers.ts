import type { KanoAnswer } from '../analytics/kano.js'

/** The spellings Manyi accepts for the five Kano answers: codes, 1–5, English and Chinese wordings. */
const SPELLINGS: Record<KanoAnswer, readonly string[]> = {
  like: ['like', '1', 'i like it', 'i like it that way', '我喜欢', '喜欢'],
  must_be: [
    'must_be',
    'must-be',
    '2',
    'i expect it',
    'it must be that way',
    '理应如此',
    '必须如此',
    '应该如此',
  ],
  neutral: ['neutral', '3', 'i am neutral', "i don't care", '无所谓', '中立'],
  live_with: [
    'live_with',
    'live-with',
    '4',
    'i can live with it',
    'i can tolerate it',
    '能忍受',
    '可以忍受',
  ],
  dislike: ['dislike', '5', 'i dislike it', 'i dislike it that way', '我不喜欢', '不喜欢'],
}

const LOOKUP = new Map<string, KanoAnswer>(
  Object.entries(SPELLINGS).flatMap(([answer, spellings]) =>
    spellings.map((s) => [s, answer as KanoAnswer]),
  ),
)

export function parseKanoAnswer(text: string): KanoAnswer | null {
  return LOOKUP.get(text.trim().toLowerCase()) ?? null
}

export const KANO_ALLOWED =
  'like, must_be, neutral, live_with, dislike (or 1–5, or 我喜欢/理应如此/无所谓/能忍受/我不喜欢)'
