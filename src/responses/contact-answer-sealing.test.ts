import { expect, it } from 'vitest'
import { describeEachDialect } from '../db/test-dialects.js'
import { withDataKeys } from '../personal-data/data-keys-binding.js'
import { parseDataKeys } from '../personal-data/keyring.js'
import { openContactAnswers, personalSealer, sealContactAnswers } from './contact-answer-sealing.js'

const KEY = `k:${Buffer.alloc(32, 7).toString('base64')}`
const QUESTIONS = [
  { key: 'nps', type: 'nps' },
  { key: 'contact', type: 'contact' },
  { key: 'grid', type: 'matrix_choice' },
]

describeEachDialect('contact answers at rest', (ctx) => {
  it('seals a contact question’s name, phone and e-mail, and opens them on reading', () => {
    const db = withDataKeys(ctx.store.db, parseDataKeys(KEY))
    const answers = {
      nps: 9,
      contact: { name: '王先生', phone: '13800000000', consent: true },
      // Shaped like a contact, but another question's: left as it is.
      grid: { name: 'a', email: 'b' },
    }
    const sealed = sealContactAnswers(answers, QUESTIONS, personalSealer(db))
    const stored = JSON.stringify(sealed)
    expect(stored).not.toContain('13800000000')
    expect(stored).not.toContain('王先生')
    expect(sealed.contact).toMatchObject({ consent: true, phone: expect.stringMatching(/^pd1:/) })
    expect(sealed.grid).toEqual({ name: 'a', email: 'b' })
    expect(sealed.nps).toBe(9)
    expect(openContactAnswers(db, JSON.parse(stored))).toEqual(answers)
    // The input is not changed in place.
    expect(answers.contact.phone).toBe('13800000000')
  })

  it('stores plaintext without a keyring, and reads answers stored before encryption', () => {
    const plain = { contact: { email: 'a@b.cn' } }
    expect(sealContactAnswers(plain, QUESTIONS, personalSealer(ctx.store.db))).toEqual(plain)
    const db = withDataKeys(ctx.store.db, parseDataKeys(KEY))
    expect(openContactAnswers(db, plain)).toEqual(plain)
    expect(openContactAnswers(ctx.store.db, { nps: 3 })).toEqual({ nps: 3 })
  })
})
