import type { MessageKey } from '../i18n/i18n'
import { zhCN } from '../i18n/zh-CN'

/**
 * A word for a code the server sends (a channel, a SERVQUAL dimension, a result field) in the
 * reader's language, or the code itself when the dictionaries have no word for it (a channel an
 * integration named itself).
 */
export function wordFor(
  t: (key: MessageKey, vars?: Record<string, string | number>) => string,
  prefix: string,
  code: string,
): string {
  const key = `${prefix}.${code}`
  return key in zhCN ? t(key as MessageKey) : code
}
