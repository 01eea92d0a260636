import type { WaitPromise, WaitPromiseStatus } from '../../../src/commitments/wait-promise.schema'
import { api } from './client'

// The waiting promise of service halls and which halls break it. Types from the server's schema.

export type { WaitPromise, WaitPromiseStatus }

export const fetchWaitPromises = () =>
  api<{ promises: WaitPromise[] }>('GET', '/wait-promises').then((r) => r.promises)
export const fetchWaitPromiseStatus = () => api<WaitPromiseStatus>('GET', '/wait-promises/status')
export const setWaitPromise = (body: {
  unitId: string | null
  minutes: number
  withinPercent: number
}) => api<WaitPromise>('PUT', '/wait-promises', body)
export const removeWaitPromise = (key: string) =>
  api<void>('DELETE', `/wait-promises/${encodeURIComponent(key)}`)
