import type { FastifyInstance, FastifyReply } from 'fastify'
import {
  bookAppointment,
  bookingOfToken,
  bookingOrganisation,
  cancelByCustomer,
  freeSlots,
  ownBookingFacts,
  rescheduleByCustomer,
} from '../../appointments/appointment-booking.service.js'
import { pageBranding } from '../../organisations/organisation-profile.service.js'
import { AppError } from '../../shared/errors.js'
import type { Locale } from '../../shared/locale.js'
import type { AppDeps } from '../deps.js'
import {
  type BookingProblem,
  bookingPage,
  managePage,
  type PageUnit,
} from '../pages/appointment-page.js'
import { pageLocale, sendPage } from '../pages/page-reply.js'

type BookRequest = {
  Params: { orgId: string }
  Querystring: { lang?: string; unit?: string }
  Body: Record<string, string>
}
type ManageRequest = {
  Params: { orgId: string; token: string }
  Querystring: { lang?: string; booked?: string }
  Body: Record<string, string>
}

/**
 * The public appointment pages at /book/<organisation id>: no login; a booking is a POSTed form,
 * the customer's own page is addressed by its unguessable token. Posts are limited per client
 * like the complaint form; the pages plugin answers an unknown organisation and the rate limit.
 */
export function appointmentPageRoutes(app: FastifyInstance, deps: AppDeps): void {
  const rateLimit = {
    max: Math.max(5, Math.floor(deps.config.publicRateLimit / 30)),
    timeWindow: '1 minute',
  }
  const db = deps.store.db

  async function common(orgId: string) {
    const organisation = await bookingOrganisation(db, orgId, deps.clock())
    return {
      orgId,
      organisation: { name: organisation.name, timezone: organisation.timezone },
      units: organisation.units as PageUnit[],
      brand: await pageBranding({ db, orgId }),
    }
  }

  async function slotsOf(orgId: string, unitId: string, except?: string) {
    return (await freeSlots(db, orgId, unitId, deps.clock()))
      .filter((s) => s.id !== except)
      .map((s) => ({ id: s.id, startsAt: s.startsAt, free: s.capacity - s.booked }))
  }

  app.get<BookRequest>('/book/:orgId', { schema: { hide: true } }, async (request, reply) => {
    const state = await common(request.params.orgId)
    request.pageTimeZone = state.organisation.timezone
    const unit = state.units.find((u) => u.id === request.query.unit) ?? null
    const slots = unit ? await slotsOf(state.orgId, unit.id) : []
    const markup = bookingPage(pageLocale(request), { ...state, unit, slots })
    return sendPage(reply.header('cache-control', 'no-store'), 200, markup)
  })

  app.post<BookRequest>(
    '/book/:orgId',
    { schema: { hide: true }, config: { rateLimit } },
    async (request, reply) => {
      const state = await common(request.params.orgId)
      request.pageTimeZone = state.organisation.timezone
      const locale = pageLocale(request)
      const body = request.body ?? {}
      reply.header('cache-control', 'no-store')
      try {
        const { token } = await bookAppointment(
          { db, linkSecrets: deps.caches.linkSecrets },
          state.orgId,
          body,
          locale,
          deps.clock(),
        )
        return reply.redirect(`/book/${state.orgId}/manage/${token}?lang=${locale}&booked=1`, 303)
      } catch (error) {
        const problem = problemOf(error)
        if (!problem) throw error
        const unit = state.units.find((u) => u.id === body.unit) ?? null
        const values = {
          slotId: problem === 'full' || problem === 'gone' ? '' : String(body.slotId ?? ''),
          name: String(body.name ?? '').slice(0, 60),
          phone: String(body.phone ?? '').slice(0, 20),
          email: String(body.email ?? '').slice(0, 254),
          address: String(body.address ?? '').slice(0, 200),
        }
        const slots = unit ? await slotsOf(state.orgId, unit.id) : []
        return sendProblem(
          reply,
          problem,
          bookingPage(locale, { ...state, unit, slots, values, problem }),
        )
      }
    },
  )

  async function manage(
    request: { params: ManageRequest['Params']; query: ManageRequest['Querystring'] },
    locale: Locale,
    problem?: BookingProblem,
  ) {
    const state = await common(request.params.orgId)
    const booking = await bookingOfToken(db, state.orgId, request.params.token)
    const now = deps.clock()
    const changeable = booking.status === 'booked' && booking.startsAt > now
    const path = `/book/${state.orgId}/manage/${request.params.token}`
    return managePage(locale, {
      ...state,
      token: request.params.token,
      unit: state.units.find((u) => u.id === booking.unitId) ?? null,
      booking: {
        startsAt: booking.startsAt,
        status: booking.status as 'booked',
        ...ownBookingFacts(db, booking),
      },
      changeable,
      slots: changeable ? await slotsOf(state.orgId, booking.unitId, booking.slotId) : [],
      justBooked: request.query.booked === '1',
      link: `${deps.baseUrl}${path}`,
      ...(problem ? { problem } : {}),
    })
  }

  app.get<ManageRequest>(
    '/book/:orgId/manage/:token',
    { schema: { hide: true }, config: { rateLimit } },
    async (request, reply) => {
      const markup = await manage(request, pageLocale(request))
      return sendPage(reply.header('cache-control', 'no-store'), 200, markup)
    },
  )

  app.post<ManageRequest>(
    '/book/:orgId/manage/:token',
    { schema: { hide: true }, config: { rateLimit } },
    async (request, reply) => {
      const { orgId, token } = request.params
      const locale = pageLocale(request)
      const body = request.body ?? {}
      reply.header('cache-control', 'no-store')
      try {
        if (body.action === 'cancel') await cancelByCustomer(db, orgId, token, deps.clock())
        else await rescheduleByCustomer(db, orgId, token, body, deps.clock())
        return reply.redirect(`/book/${orgId}/manage/${token}?lang=${locale}`, 303)
      } catch (error) {
        const problem = problemOf(error)
        if (!problem) throw error
        return sendProblem(reply, problem, await manage({ ...request, query: {} }, locale, problem))
      }
    },
  )
}

const STATUS: Record<BookingProblem, number> = {
  missing: 400,
  badPhone: 400,
  badEmail: 400,
  badAddress: 400,
  full: 409,
  gone: 404,
  closed: 409,
}

function sendProblem(reply: FastifyReply, problem: BookingProblem, markup: string) {
  return sendPage(reply, STATUS[problem], markup)
}

/** What the visitor is told about a refused booking; undefined: not the booking's own refusal. */
function problemOf(error: unknown): BookingProblem | undefined {
  if (!(error instanceof AppError)) return undefined
  if (error.code === 'SLOT_FULL') return 'full'
  if (error.code === 'SLOT_NOT_FOUND') return 'gone'
  if (error.code === 'BOOKING_CLOSED') return 'closed'
  if (error.code !== 'VALIDATION_FAILED') return undefined
  const fields = error.details.map((d) => d.path)
  if (fields.includes('phone') && !fields.some((f) => ['name', 'slotId', 'consent'].includes(f)))
    return 'badPhone'
  if (fields.length === 1 && fields[0] === 'email') return 'badEmail'
  if (fields.length === 1 && fields[0] === 'address') return 'badAddress'
  return 'missing'
}
