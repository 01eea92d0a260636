import { expect, it } from 'vitest'
import { useE2eHarness } from './harness.js'
import { loggedInPage } from './login.js'
import { chooseWorkbenchMethod, setWorkbenchField, uploadToWorkbench } from './workbench-pick.js'

const harness = useE2eHarness()

it('analyses an uploaded file: key drivers as bars, an ECSI model as a path diagram', async () => {
  const page = await loggedInPage(harness.browser, harness.server.url)
  await page.getByTestId('nav-analyses').click()

  await chooseWorkbenchMethod(page, '关键驱动因素')
  await uploadToWorkbench(page, 'src/analytics/__fixtures__/mtcars.csv')
  // Picked from the file's own columns, never typed.
  await setWorkbenchField(page, 'outcome', 'mpg')
  await setWorkbenchField(page, 'predictors', 'cyl,disp,hp,gear')
  await page.getByTestId('run-analysis').click()
  await page.getByTestId('driver-bars').waitFor()
  const drivers = await page.getByTestId('table-drivers').textContent()
  // Johnson's relative weights (rwa README): cyl 29.32%, disp 28.51%, hp 29.80%, gear 12.37%.
  for (const share of ['29.323', '28.510', '29.797', '12.370']) expect(drivers).toContain(share)

  await chooseWorkbenchMethod(page, 'ACSI/ECSI 结构模型（PLS）')
  await uploadToWorkbench(page, 'src/analytics/__fixtures__/ecsi_mobi.csv')
  await page.getByTestId('field-model').fill(
    JSON.stringify({
      constructs: {
        Image: ['IMAG1', 'IMAG2', 'IMAG3', 'IMAG4', 'IMAG5'],
        Quality: ['PERQ1', 'PERQ2', 'PERQ3', 'PERQ4', 'PERQ5', 'PERQ6', 'PERQ7'],
        Satisfaction: ['CUSA1', 'CUSA2', 'CUSA3'],
        Loyalty: ['CUSL1', 'CUSL2', 'CUSL3'],
      },
      paths: [
        { from: 'Image', to: 'Satisfaction' },
        { from: 'Quality', to: 'Satisfaction' },
        { from: 'Satisfaction', to: 'Loyalty' },
        { from: 'Image', to: 'Loyalty' },
      ],
    }),
  )
  await page.getByTestId('run-analysis').click()
  await page.getByTestId('path-diagram').waitFor()
  const paths = await page.getByTestId('table-paths').textContent()
  expect(paths).toContain('Satisfaction')
  expect(paths).toContain('Loyalty')
  await page.waitForTimeout(500)
  await page.screenshot({ path: 'test-results/analysis-plspm.png', fullPage: true })

  // A column whose numbers are no NPS answers (miles per gallon): the server's message names it.
  await chooseWorkbenchMethod(page, 'NPS 净推荐值')
  await uploadToWorkbench(page, 'src/analytics/__fixtures__/mtcars.csv')
  await setWorkbenchField(page, 'column', 'mpg')
  await page.getByTestId('run-analysis').click()
  // Worded in the user's language, naming the file and the column, never a raw code.
  await expect.poll(() => page.getByTestId('analysis-error').textContent()).toContain('mpg')
  expect(await page.getByTestId('analysis-error').textContent()).not.toMatch(/[A-Z]{3,}_[A-Z_]+/)
  await page.context().close()
})
