import { it } from 'vitest'
import { type DemoStore, demoStore } from './demo-store.js'
import { firstCaseId, visitPages } from './every-page-visits.js'
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

it('the segment, league, plan and case pages open on demo data, in both languages, without a script error', async () => {
  const caseId = await firstCaseId(harness)
  await visitPages(harness, [
    [
      'admin',
      [
        '/segments',
        '/units/league',
        '/plans',
        '/alerts',
        '/reports',
        '/my-cases',
        '/cases',
        `/cases/${caseId}`,
        '/sla-board',
        '/complaints',
        '/reply-scripts',
        '/appraisal',
        '/training',
      ],
    ],
  ])
}, 480_000)
