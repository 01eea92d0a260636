import type { Page } from 'playwright-core'

/**
 * Set a workbench option as a person does: a question or column is picked from the list the
 * table offers (typed into the picker's search, chosen with Enter), several one after another;
 * an option that is no column (a model, a number) is typed into its field.
 */
export async function setWorkbenchField(page: Page, key: string, value: string): Promise<void> {
  const picker = page.getByTestId(`pick-${key}`)
  if ((await picker.count()) === 0) {
    await page.getByTestId(`field-${key}`).fill(value)
    return
  }
  const dropdown = page.locator('.ant-select-dropdown:visible')
  await noListOpen(page)
  for (const part of value.split(',')) {
    if ((await dropdown.count()) === 0) await picker.click()
    await picker.locator('input').fill(part)
    // The option whose words are exactly the column's, clicked (not the first near match).
    await dropdown.getByTitle(part, { exact: true }).click()
  }
  await page.keyboard.press('Escape')
  await noListOpen(page)
}

/** Until no option list is open or closing (antd hides a closed one with a class once its animation ends). */
async function noListOpen(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    [...document.querySelectorAll('.ant-select-dropdown')].every(
      (list) =>
        list.classList.contains('ant-select-dropdown-hidden') ||
        getComputedStyle(list).display === 'none' ||
        list.getBoundingClientRect().height === 0,
    ),
  )
}

/** Upload a file to the workbench and wait until its columns are read. */
export async function uploadToWorkbench(page: Page, path: string): Promise<void> {
  await page.locator('input[type=file]').setInputFiles(path)
  // Read for this file (the same file again is answered from what was read before).
  const name = path.slice(path.lastIndexOf('/') + 1)
  await page.locator(`[data-testid="analysis-columns-read"][data-source="${name}"]`).waitFor()
}
