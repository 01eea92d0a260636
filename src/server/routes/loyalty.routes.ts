import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import {
  AdjustInputSchema,
  LoyaltyAccountSchema,
  LoyaltyMembersQuerySchema,
  LoyaltyMembersSchema,
  LoyaltyProgrammeSchema,
  RedeemInputSchema,
  TierSatisfactionSchema,
} from '../../loyalty/loyalty.schema.js'
import {
  adjustPoints,
  loyaltyAccount,
  loyaltyProgramme,
  redeemPoints,
  setLoyaltyProgramme,
} from '../../loyalty/loyalty.service.js'
import { loyaltyMembers } from '../../loyalty/loyalty-members.service.js'
import { tierSatisfaction } from '../../loyalty/loyalty-satisfaction.service.js'
import type { AppDeps } from '../deps.js'
import { scopeOf } from '../plugins/auth.js'

const CustomerParams = z.object({ customerId: z.string() })
type CustomerRequest = { Params: { customerId: string } }

/** Loyalty: the programme (tiers, earning, expiry), members' accounts and the points ledger. */
export function loyaltyRoutes(app: FastifyInstance, deps: AppDeps): void {
  const tags = ['loyalty']
  app.get(
    '/api/v1/loyalty/programme',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary: "The organisation's loyalty programme (null until set up)",
        response: { 200: LoyaltyProgrammeSchema.nullable() },
      },
    },
    async (request) => loyaltyProgramme(scopeOf(deps, request)),
  )
  app.put(
    '/api/v1/loyalty/programme',
    {
      config: { permission: 'cases:configure' },
      schema: {
        tags,
        summary:
          'Set the loyalty programme: tiers by points earned, points per yuan and per answered survey, expiry in days, start',
        body: LoyaltyProgrammeSchema,
        response: { 200: LoyaltyProgrammeSchema },
      },
    },
    async (request) => setLoyaltyProgramme(scopeOf(deps, request), request.body),
  )
  app.get(
    '/api/v1/loyalty/members',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags,
        summary:
          "The programme's members, highest balance first, with tier, balance and keys (masked without personal-data:read); within the caller's units",
        querystring: LoyaltyMembersQuerySchema,
        response: { 200: LoyaltyMembersSchema },
      },
    },
    async (request) => loyaltyMembers(scopeOf(deps, request), request.query),
  )
  app.get(
    '/api/v1/loyalty/tier-satisfaction',
    {
      config: { permission: 'customers:read' },
      schema: {
        tags,
        summary:
          "Per tier and for non-members: members, their latest NPS answers (NPS and mean score with 95% intervals) and points earned and redeemed per member; within the caller's units",
        response: { 200: TierSatisfactionSchema },
      },
    },
    async (request) => tierSatisfaction(scopeOf(deps, request)),
  )
  app.get<CustomerRequest>(
    '/api/v1/loyalty/accounts/:customerId',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags,
        summary:
          "A member's points: balance, tier, the sum of the ledger (always the balance) and the newest entries",
        params: CustomerParams,
        response: { 200: LoyaltyAccountSchema },
      },
    },
    async (request) => loyaltyAccount(scopeOf(deps, request), request.params.customerId),
  )
  app.post<CustomerRequest>(
    '/api/v1/loyalty/accounts/:customerId/redeem',
    {
      config: { permission: 'cases:work' },
      schema: {
        tags,
        summary:
          'Redeem points (soonest-expiring first); more than the balance is refused with nothing written; a repeated requestId redeems once',
        params: CustomerParams,
        body: RedeemInputSchema,
        response: { 200: LoyaltyAccountSchema },
      },
    },
    async (request) =>
      redeemPoints(scopeOf(deps, request), request.params.customerId, request.body),
  )
  app.post<CustomerRequest>(
    '/api/v1/loyalty/accounts/:customerId/adjust',
    {
      config: { permission: 'cases:supervise' },
      schema: {
        tags,
        summary: 'Correct a balance by hand with a reason (audited); never below 0',
        params: CustomerParams,
        body: AdjustInputSchema,
        response: { 200: LoyaltyAccountSchema },
      },
    },
    async (request) =>
      adjustPoints(scopeOf(deps, request), request.params.customerId, request.body),
  )
}
