import { employeesEnUS } from '../../i18n/employees.en-US'
import { employeesZhCN } from '../../i18n/employees.zh-CN'
import { usePageWords } from '../../i18n/page-words'

/** The employees page's words, loaded with it rather than with the login page (its JavaScript budget). */
export function useEmployeeWords() {
  return usePageWords(employeesZhCN, employeesEnUS)
}
