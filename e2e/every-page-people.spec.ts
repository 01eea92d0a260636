import { it } from 'vitest'
import { type DemoStore, demoStore } from './demo-store.js'
import { visitPages } from './every-page-visits.js'
import { useE2eHarness } from './harness.js'

// Every page of the admin app is split over every-page-*.spec.ts, so that the two test workers
// share them; all start from one store with the demo's 3,000 answers loaded once (demo-store.ts).
let demo: DemoStore
const harness = useE2eHarness(
  process.env.MANYI_E2E_WEB_DIR ? { webDir: process.env.MANYI_E2E_WEB_DIR } : {},
  async () => {
    demo = await demoStore()
    return { storeFrom: demo.file }
  },
)

it('the unit, employee, customer, settings, user and audit pages open on demo data, in both languages, without a script error', async () => {
  await visitPages(harness, [
    [
      'admin',
      [
        '/units',
        '/employees',
        '/internal-satisfaction',
        '/customers',
        '/customers/churn',
        '/customers/retention',
        '/text',
        '/case-settings',
        '/users',
        '/account',
        '/organisation',
      ],
    ],
    ['security', ['/users', '/roles']],
    ['auditor', ['/audit']],
  ])
}, 480_000)
