import * as OpenCC from 'opencc-js'

/** Analysis reads at most this much of a comment; the rest is stored but not scored. */
export const ANALYSIS_MAX_CHARS = 5000

const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' })

/**
 * Text as the analysis sees it: well-formed (lone surrogates from broken
 * input replaced), markup removed (comments are stored as written and only
 * escaped when shown), whitespace collapsed, Traditional Chinese folded to
 * Simplified (OpenCC), cut to ANALYSIS_MAX_CHARS.
 */
export function normalizeForAnalysis(text: string): { text: string; truncated: boolean } {
  const wellFormed = text.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    '\uFFFD',
  )
  const plain = wellFormed
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]{0,200}>/g, ' ')
    .replace(/&(lt|gt|amp|quot|#39|nbsp);/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  const truncated = plain.length > ANALYSIS_MAX_CHARS
  const cut = truncated ? plain.slice(0, ANALYSIS_MAX_CHARS) : plain
  return { text: /[\u3400-\u9fff]/.test(cut) ? toSimplified(cut) : cut, truncated }
}

import type { Language } from './text.schema.js'
export type { Language } from './text.schema.js'

/**
 * zh, en or mixed by script: Han characters against Latin letters. Text with
 * neither (only emoji, digits or punctuation) is "none". A few Latin letters
 * in Chinese (app, wifi, a brand) do not make it mixed.
 */
export function detectLanguage(text: string): Language {
  const han = (text.match(/[\u3400-\u9fff\uf900-\ufaff]/g) ?? []).length
  const latinWords = (text.match(/[A-Za-z]{2,}/g) ?? []).length
  if (han === 0 && latinWords === 0) return 'none'
  if (han === 0) return 'en'
  if (latinWords === 0) return 'zh'
  return latinWords >= 3 && latinWords * 2 >= han / 2 ? 'mixed' : 'zh'
}
