import { z } from 'zod'

/**
 * Browser-safe building blocks of the response schemas (the wire contract): the
 * server's serializer checks every answer against them, the admin app derives
 * its types from them with z.infer.
 */

/**
 * A computed figure that may not be finite (a lift over a zero baseline is
 * Infinity, a statistic of a constant column NaN). JSON has no such numbers:
 * they go out as null, as JSON.stringify writes them.
 */
export const FigureSchema = z
  .custom<number>((value) => typeof value === 'number')
  .meta({ type: 'number', nullable: true, description: 'null when not finite' })

/** An instant, as ISO 8601 in UTC (`2026-11-26T08:00:00.000Z`). */
export const IsoTimeSchema = z.string().meta({ format: 'date-time' })

/** A label in Chinese, and in English when one was given. */
export const LabelSchema = z.object({ 'zh-CN': z.string(), 'en-US': z.string().optional() })

/** A 95% interval, or null when it cannot be computed. */
export const IntervalSchema = z.tuple([FigureSchema, FigureSchema]).nullable()

/** Free-form details (an audit entry's, an alert's): any JSON object. */
export const DetailSchema = z.record(z.string(), z.unknown())

/**
 * True when A and B are assignable to each other: a compile-time check that a
 * service's declared result and the schema its route answers with agree.
 */
export type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
