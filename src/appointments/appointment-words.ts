import { randomBytes } from 'node:crypto'
import type { Locale } from '../shared/locale.js'
import { formatInTimeZone } from '../shared/timezone.js'

/** What an appointment message says to the customer, in their language. */
export type AppointmentMessageKind = 'confirmation' | 'reminder' | 'cancellation'

export function appointmentText(
  kind: AppointmentMessageKind,
  locale: Locale,
  facts: { unitName: string; startsAt: number; timeZone: string; link: string },
): { subject: string; text: string } {
  const time = formatInTimeZone(facts.startsAt, facts.timeZone)
  if (locale === 'en-US') {
    const subject = {
      confirmation: 'Appointment confirmed',
      reminder: 'Appointment reminder',
      cancellation: 'Appointment cancelled',
    }[kind]
    const text = {
      confirmation: `[${subject}] ${facts.unitName}, ${time}. To cancel or change it: ${facts.link}`,
      reminder: `[${subject}] You are expected at ${facts.unitName} tomorrow, ${time}. To cancel or change it: ${facts.link}`,
      cancellation: `[${subject}] Your appointment at ${facts.unitName}, ${time}, is cancelled.`,
    }[kind]
    return { subject: `${subject}: ${facts.unitName} ${time}`, text }
  }
  const subject = { confirmation: '预约成功', reminder: '预约提醒', cancellation: '预约已取消' }[
    kind
  ]
  const text = {
    confirmation: `【${subject}】${facts.unitName}，${time}。如需取消或改约：${facts.link}`,
    reminder: `【${subject}】您预约了明天 ${time} 在${facts.unitName}办理，请准时到达。如需取消或改约：${facts.link}`,
    cancellation: `【${subject}】您在${facts.unitName} ${time} 的预约已取消。`,
  }[kind]
  return { subject: `${subject}：${facts.unitName} ${time}`, text }
}

/**
 * A new booking's short code the customer can quote (at the hall, on the phone): six random
 * hexadecimal digits in capitals. Stored, unique per organisation (migration 0082): a booking
 * that draws a code already taken draws again.
 */
export function drawBookingCode(): string {
  return randomBytes(3).toString('hex').toUpperCase()
}

/** A code as staff type it (`a1b 2c3`, ` A1B2C3 `) in the stored form, or null if it is not one. */
export function normaliseBookingCode(typed: string): string | null {
  const code = typed.replace(/[\s-]/g, '').toUpperCase()
  return /^[0-9A-F]{6}$/.test(code) ? code : null
}
