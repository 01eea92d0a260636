// What other domains (the loyalty ledger) read of customers' activity in arrival order.
export {
  answerLinksSince,
  customerUnit,
  customersOfCases,
  transactionsCreatedSince,
} from './customer-activity.repository.js'
