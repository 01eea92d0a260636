import { describe, expect, it } from 'vitest'
import { maskAddress, maskEmail, maskName, maskPersonal, maskPhone } from './masking.js'

describe('masking personal values', () => {
  it('keeps the first three and last four digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskPhone('+86 138 1234 5678')).toBe('138****5678')
    expect(maskPhone('021-6234567')).toBe('******4567')
    expect(maskPhone('95598')).toBe('***98')
  })

  it('keeps the first letter of an e-mail and its domain', () => {
    expect(maskEmail('zhang.san@example.com')).toBe('z***@example.com')
    expect(maskEmail(' Li@Example.cn ')).toBe('L***@Example.cn')
    expect(maskEmail('not-an-address')).toBe('***')
  })

  it('keeps the family name of a Chinese name and hides the given name of a Latin one', () => {
    expect(maskName('张三')).toBe('张*')
    expect(maskName('欧阳娜娜')).toBe('欧***')
    expect(maskName('John Smith')).toBe('J*** Smith')
    expect(maskName('Madonna')).toBe('M***')
  })

  it('keeps the first part of an address: the region, or a Latin address’s city', () => {
    expect(maskAddress('上海市浦东新区世纪大道100号')).toBe('上海市浦东新区****')
    expect(maskAddress('广东省深圳市南山区科技园8栋')).toBe('广东省深圳市南山区****')
    expect(maskAddress('12 Baker Street, London')).toBe('****, London')
    expect(maskAddress('世纪大道100号')).toBe('****')
  })

  it('masks by field and keeps null', () => {
    expect(maskPersonal('phone', '13912345678')).toBe('139****5678')
    expect(maskPersonal('email', null)).toBeNull()
  })
})
