import type { Page } from 'playwright-core'

/**
 * Set a workbench option as a person does: a question or column is picked from the list the
 * table offers (typed into the picker's search, chosen with Enter), several one after another;
 * an option that is no column (a model, a number) is typed into its field.
 */
export async function setWorkbenchField(page: Page, key: string, value: string): Promise<void> {
  const picker = page.getByTestId(`pick-${key}`)
  // Wait until the option is on the page in one form or the other: right after a method is chosen
  // or a file read, neither may be there yet, and counting the picker then took the typed-field
  // path for a picked option (plans-more-findings' first attempt timed out on 'field-outcome').
  await page.locator(`[data-testid="pick-${key}"], [data-testid="field-${key}"]`).first().waitFor()
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

/**
 * Choose the workbench's method as a person does, until the picker shows it: a click on an
 * option while the page is still settling (just loaded, or the last list still closing) was
 * sometimes lost, and the method's fields never came (plans-more-findings and analysis-words
 * failed their first attempts on it in a clean-clone run).
 */
export async function chooseWorkbenchMethod(page: Page, title: string): Promise<void> {
  const picker = page.getByTestId('analysis-method')
  const chosen = picker.getByTitle(title, { exact: true })
  for (let attempt = 0; attempt < 3; attempt++) {
    await noListOpen(page)
    await picker.click()
    await page.locator('.ant-select-dropdown:visible').getByTitle(title, { exact: true }).click()
    try {
      await chosen.waitFor({ timeout: 5_000 })
      return
    } catch {
      await page.keyboard.press('Escape')
    }
  }
  await chosen.waitFor()
}

/** Until no option list is open or closing (antd hides a closed one with a class once its animation ends). */
export async function noListOpen(page: Page): Promise<void> {
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
