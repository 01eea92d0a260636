import { recordQueueEvents } from '../commitments/queue.service.js'
import { listWaitPromises, setWaitPromise } from '../commitments/wait-promise.service.js'
import type { Scope } from '../db/scope.js'
import { unitByCode } from '../units/unit.service.js'
import { DemoRandom } from './demo-random.js'

/**
 * The demo's waiting promise (issue 20): the organisation promises 90 % of visitors a call within
 * 20 minutes; the third city's hall (530300, a smaller hall with longer services) promises 85 %
 * within 25. After the week of queue events (demo-hall-waits.ts, which ends yesterday) the first
 * city's hall (530100) has a bad last three hours up to the moment of loading: three counters
 * open, one closes after the first hour, tickets keep coming about one every 2.6 minutes and the
 * queue builds up, so the waiting page's promise card shows a hall breaking the promise today and
 * now. Loaded before 03:00 local, part of those hours fall on yesterday and fewer are judged today.
 * Loading again adds nothing (the default promise is found).
 */

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const BUSY_HALL = '530100'
const OVERRIDE_HALL = '530300'
const MEAN_SERVICE = 8
const MEAN_GAP = 2.6

interface DemoEvent {
  eventId: string
  unit: string
  type: 'taken' | 'called' | 'served' | 'left' | 'opened' | 'closed'
  ticket?: string
  counter?: string
  occurredAt: string
}

/** The busy hall's events in [now − 3 h, now): only what has happened by `now`. */
export function busyHallEvents(now: number, seed = 2026): DemoEvent[] {
  const random = new DemoRandom(seed)
  const open = now - 3 * HOUR
  const closeOne = open + HOUR
  const events: Array<Omit<DemoEvent, 'eventId' | 'unit' | 'occurredAt'> & { at: number }> = []
  const free = [open, open, open]
  for (let c = 0; c < 3; c++) events.push({ type: 'opened', counter: `C${c + 1}`, at: open })
  let counterClosed = false
  let at = open
  for (let ticket = 1; ; ticket++) {
    at += -Math.log(1 - random.next()) * MEAN_GAP * MINUTE
    if (at >= now) break
    // Counter 3 closes after its current service once the first hour is over.
    if (!counterClosed && at >= closeOne) {
      counterClosed = true
      events.push({ type: 'closed', counter: 'C3', at: Math.max(closeOne, free[2]!) })
      free.pop()
    }
    const label = `B${String(ticket).padStart(3, '0')}`
    let counter = 0
    for (let k = 1; k < free.length; k++) if (free[k]! < free[counter]!) counter = k
    const start = Math.max(at, free[counter]!)
    events.push({ type: 'taken', ticket: label, at })
    if (start - at > 25 * MINUTE && random.chance(1 / 3)) {
      if (at + 20 * MINUTE < now) events.push({ type: 'left', ticket: label, at: at + 20 * MINUTE })
      continue
    }
    const service = -Math.log(1 - random.next()) * MEAN_SERVICE * MINUTE
    free[counter] = start + service
    const name = `C${counter + 1}`
    if (start < now) events.push({ type: 'called', ticket: label, counter: name, at: start })
    if (start + service < now)
      events.push({ type: 'served', ticket: label, counter: name, at: start + service })
  }
  return events
    .filter((e) => e.at < now)
    .sort((a, b) => a.at - b.at)
    .map(({ at: when, ...e }, i) => ({
      eventId: `demo-q-busy-${BUSY_HALL}-${now}-${i + 1}`,
      unit: BUSY_HALL,
      occurredAt: new Date(Math.floor(when)).toISOString(),
      ...e,
    }))
}

export async function loadDemoWaitPromise(
  scope: Scope,
): Promise<{ promises: number; events: number }> {
  if ((await listWaitPromises(scope)).promises.some((p) => p.unitId === null))
    return { promises: 0, events: 0 }
  const busy = await unitByCode(scope, BUSY_HALL)
  if (!busy) return { promises: 0, events: 0 }
  await setWaitPromise(scope, { unitId: null, minutes: 20, withinPercent: 90 })
  let promises = 1
  const override = await unitByCode(scope, OVERRIDE_HALL)
  if (override) {
    await setWaitPromise(scope, { unitId: override.id, minutes: 25, withinPercent: 85 })
    promises++
  }
  const events = busyHallEvents(scope.now)
  await recordQueueEvents(scope, { events })
  return { promises, events: events.length }
}
