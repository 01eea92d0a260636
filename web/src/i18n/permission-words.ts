import { useI18n } from './i18n'
import { permissionWordsEnUS } from './permission-words.en-US'
import { permissionWordsZhCN } from './permission-words.zh-CN'

/** What a permission allows, in the reader's language (its name where no words exist). */
export function usePermissionWord(): (permission: string) => string {
  const { locale } = useI18n()
  const words = locale === 'en-US' ? permissionWordsEnUS : permissionWordsZhCN
  return (permission) => words[`perm.${permission}`] ?? permission
}
