/**
 * When an outbox row that was not sent is tried again. Shared by the four outboxes that send one
 * message per row (notification e-mails, robot messages, notice messages, appointment messages),
 * which had each written the same delays and the same calculation. Four retries 1 min, 5 min,
 * 30 min and 2 h after the attempts that failed: a gateway or mail server that is down for a
 * short while is waited out, one that stays down for hours marks the message failed the same day,
 * where the sender and the page of the message can see it.
 */
export const OUTBOX_RETRY_DELAYS_MS: readonly number[] = [60_000, 300_000, 1_800_000, 7_200_000]

/** What becomes of a row after an attempt that did not send it. */
export type OutboxRetry = { retry: true; nextAt: number } | { retry: false; nextAt: number }

/**
 * The next attempt after the `attempts`-th (counting the one just made) failed at `now`: again
 * after the delay of that attempt, or never (failed for good) when the failure was permanent or
 * every delay has been used. A row given up keeps `nextAt` = `now`.
 */
export function nextOutboxAttempt(attempts: number, now: number, permanent = false): OutboxRetry {
  const delay = permanent ? undefined : OUTBOX_RETRY_DELAYS_MS[attempts - 1]
  return delay === undefined ? { retry: false, nextAt: now } : { retry: true, nextAt: now + delay }
}
