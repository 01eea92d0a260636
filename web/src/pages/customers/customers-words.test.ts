import { describe, expect, it } from 'vitest'
import { CUSTOMERS_EN, CUSTOMERS_ZH, transactionTypeKey } from './customers-words'

describe("a timeline transaction's type", () => {
  it('names the known types in both languages, however the source system spelt them', () => {
    expect(transactionTypeKey('order')).toBe('customers.txType.order')
    expect(transactionTypeKey(' Service order ')).toBe('customers.txType.service_order')
    expect(transactionTypeKey('service-order')).toBe('customers.txType.service_order')
    expect(CUSTOMERS_ZH['customers.txType.order']).toBe('订单')
    expect(CUSTOMERS_EN['customers.txType.service_order']).toBe('Service order')
  })

  it("leaves an organisation's own type to be shown as imported", () => {
    expect(transactionTypeKey('团购核销')).toBeNull()
    expect(transactionTypeKey('orders')).toBeNull()
  })
})
