import { bootstrapFirstAdmin } from '../auth/bootstrap.js'
import type { Store } from '../db/connect.js'
import type { Scope } from '../db/scope.js'
import { loadDemoHallWaits } from './demo-hall-waits.js'
import { loadDemoUnits } from './demo-units.js'

// The set-up the demo hall tests share (demo-hall-waits, demo-wait-promise): a fresh organisation
// at `now` with the demo's units and their seeded week of queue events and answers.

/** The organisation's administrator scope and what the hall waits loaded. */
export async function demoHallsAt(
  store: Pick<Store, 'db' | 'features'>,
  now: number,
): Promise<{ scope: Scope; waits: Awaited<ReturnType<typeof loadDemoHallWaits>> }> {
  const created = await bootstrapFirstAdmin(store.db, 'admin@demo.test', 'demo-password-123', now)
  const scope: Scope = {
    db: store.db,
    features: store.features,
    orgId: created!.orgId,
    actor: { type: 'user', id: 'demo', role: 'admin' },
    now,
  }
  await loadDemoUnits(scope)
  return { scope, waits: await loadDemoHallWaits(scope) }
}
