import type { LocalizedText } from '../../../src/surveys/survey.schema'

export function localizedText(text: LocalizedText, locale: string): string {
  return (locale === 'en-US' ? text['en-US'] : undefined) || text['zh-CN']
}
