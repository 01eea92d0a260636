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

it('the survey, commitment and review pages open on demo data, in both languages, without a script error', async () => {
  const { surveyId } = demo
  await visitPages(harness, [
    [
      'admin',
      [
        '/home',
        '/surveys',
        '/surveys/new',
        '/programmes',
        `/surveys/${surveyId}`,
        `/surveys/${surveyId}/edit`,
        `/surveys/${surveyId}/distribution`,
        '/analyses',
        '/commitments',
        '/notices',
        '/reviews',
      ],
    ],
  ])
}, 480_000)
