import { escapeHtml } from '../shared/html.js'
import type { DistributionSettings, EmailMessage } from './distribution.schema.js'

/** What one invitation says: subject, text and HTML bodies, and the links in them. */
export interface InvitationMessage {
  subject: string
  text: string
  html: string
  link: string
  unsubscribeLink: string
  openPixel: string
}

export const DEFAULT_EMAIL: Record<'zh-CN' | 'en-US', EmailMessage> = {
  'zh-CN': {
    subject: '邀请您参与「{survey}」',
    body: '{name}您好：\n\n感谢您选择我们的服务。诚邀您花几分钟时间填写「{survey}」，您的意见将帮助我们改进服务。\n\n{link}\n\n此链接为您专属，仅可提交一次。',
  },
  'en-US': {
    subject: 'Your opinion on “{survey}”',
    body: 'Dear {name},\n\nThank you for choosing us. Would you take a few minutes to answer “{survey}”? Your views help us improve.\n\n{link}\n\nThis link is personal and takes one answer.',
  },
}

const REMINDER_PREFIX = { 'zh-CN': '【提醒】', 'en-US': 'Reminder: ' } as const
const UNSUBSCRIBE_TEXT = {
  'zh-CN': '不想再收到问卷邀请？退订：',
  'en-US': 'No more survey invitations? Unsubscribe: ',
} as const
const FRIEND = { 'zh-CN': '客户', 'en-US': 'customer' } as const

export interface MessageInput {
  settings: DistributionSettings
  baseUrl: string
  surveySlug: string
  surveyTitle: string
  contactName: string
  token: string
  reminder: boolean
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(name|survey|link)\}/g, (_, key: string) => values[key] ?? '')
}

/**
 * Build the personal message. Names and titles are escaped in the HTML body;
 * the link is the one thing that becomes markup.
 */
export function invitationMessage(input: MessageInput): InvitationMessage {
  const locale = input.settings.locale
  const template = input.settings.email ?? DEFAULT_EMAIL[locale]
  const link = `${input.baseUrl}/s/${input.surveySlug}?i=${input.token}&lang=${locale}`
  const unsubscribeLink = `${input.baseUrl}/u/${input.token}`
  const values = { name: input.contactName || FRIEND[locale], survey: input.surveyTitle, link }
  const subject =
    (input.reminder ? REMINDER_PREFIX[locale] : '') +
    fill(template.subject, values).replace(/[\r\n]+/g, ' ')
  const text = `${fill(template.body, values)}\n\n${UNSUBSCRIBE_TEXT[locale]}${unsubscribeLink}\n`
  const htmlBody = escapeHtml(fill(template.body, { ...values, link: '\u0000' }))
    .split('\u0000')
    .join(`<a href="${escapeHtml(link)}">${escapeHtml(link)}</a>`)
    .replace(/\n/g, '<br>')
  const openPixel = `${input.baseUrl}/i/${input.token}/open.gif`
  const html = `<!doctype html><html lang="${locale}"><body style="font-family:sans-serif;line-height:1.6">${htmlBody}<p style="color:#667085;font-size:12px">${escapeHtml(UNSUBSCRIBE_TEXT[locale])}<a href="${escapeHtml(unsubscribeLink)}">${escapeHtml(unsubscribeLink)}</a></p><img src="${escapeHtml(openPixel)}" width="1" height="1" alt=""></body></html>`
  return { subject, text, html, link, unsubscribeLink, openPixel }
}
