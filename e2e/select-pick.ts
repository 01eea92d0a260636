import type { Locator, Page } from 'playwright-core'
import { expect } from 'vitest'

/**
 * Choose `names` in a multiple select as a person does (the list opened, each option clicked),
 * until the select shows every one of them: on a loaded machine an option's click can land while
 * the list is still opening or its options are still arriving, and then does not take; a notice
 * announced so went to one county only (its customers' SMS never came). An option shown chosen
 * already is not clicked again (a second click would take it away).
 */
export async function chooseOptions(page: Page, select: Locator, names: string[]): Promise<void> {
  const list = page.locator('.ant-select-dropdown:visible')
  const chosen = async (name: string) => ((await select.textContent()) ?? '').includes(name)
  for (const name of names)
    await expect
      .poll(
        async () => {
          if (await chosen(name)) return true
          if ((await list.count()) === 0) await select.click()
          await list
            .locator('.ant-select-item-option', { hasText: name })
            .click({ timeout: 5_000 })
            .catch(() => undefined)
          return chosen(name)
        },
        { timeout: 30_000 },
      )
      .toBe(true)
}
