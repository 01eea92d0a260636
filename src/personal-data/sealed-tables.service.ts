import { APPOINTMENT_BOOKING_SEALING } from '../appointments/appointment-sealing.service.js'
import { CHANNEL_SETTINGS_SEALING } from '../channels/channel-sealing.service.js'
import { CUSTOMER_KEY_SEALING } from '../customers/customer-sealing.service.js'
import { CONTACT_SEALING, UNSUBSCRIBE_SEALING } from '../distribution/contact-sealing.service.js'
import { FEEDBACK_SEALING } from '../feedback/feedback-sealing.service.js'
import {
  NOTICE_MESSAGE_SEALING,
  NOTICE_SETTINGS_SEALING,
} from '../notices/notice-sealing.service.js'
import { ROBOT_CHANNEL_SEALING } from '../notifications/robot-channel-sealing.service.js'
import { ORGANISATION_SEALING } from '../organisations/organisation-sealing.service.js'
import { DRAFT_SEALING, RESPONSE_SEALING } from '../responses/response-sealing.service.js'
import type { SealedTable } from './sealed-table.service.js'

/**
 * Every table holding customers' personal values or secrets sealed with the keyring, each given by
 * its owner's service (which does the table's queries): what the start-up sweep, `manyi keys
 * encrypt-existing` and `manyi keys reseal` go through, in this order. A new table with sealed
 * values needs an entry here (and a line in docs/personal-data.md); sealed-tables.test.ts fails
 * for a sealed column left out. Sign-in secrets (mfa_totp, sso_providers) are re-sealed by
 * resealSignInSecrets.
 */
export const SEALED_TABLES = [
  FEEDBACK_SEALING,
  CONTACT_SEALING,
  UNSUBSCRIBE_SEALING,
  RESPONSE_SEALING,
  DRAFT_SEALING,
  CUSTOMER_KEY_SEALING,
  NOTICE_SETTINGS_SEALING,
  NOTICE_MESSAGE_SEALING,
  ROBOT_CHANNEL_SEALING,
  CHANNEL_SETTINGS_SEALING,
  APPOINTMENT_BOOKING_SEALING,
  ORGANISATION_SEALING,
] as const satisfies ReadonlyArray<SealedTable<{ id: string }>>

/** A table the sweep seals. */
export type SealedTableName = (typeof SEALED_TABLES)[number]['table']
