import type { replyScriptsZhCN } from './reply-scripts.zh-CN'

/** The script library page (/app/reply-scripts). Loaded with the page (usePageWords). */
export const replyScriptsEnUS: Record<keyof typeof replyScriptsZhCN, string> = {
  'rs.title': 'Script library',
  'rs.intro':
    'Reply and apology scripts per complaint cause and channel, inserted from a case’s “Reply to customer”. Variables: {customerName}, {caseNumber}, {deadline} (the resolution deadline).',
  'rs.new': 'New script',
  'rs.edit': 'Edit',
  'rs.kind': 'Kind',
  'rs.kind.reply': 'Reply',
  'rs.kind.apology': 'Apology',
  'rs.cause': 'Cause',
  'rs.channel': 'Channel',
  'rs.any': 'Any',
  'rs.titleField': 'Title',
  'rs.bodyZh': 'Chinese text',
  'rs.bodyEn': 'English text (optional)',
  'rs.active': 'Active',
  'rs.retired': 'Retired',
  'rs.uses': 'Uses',
  'rs.recovery': 'Recovery where used',
  'rs.recoveryOf': '{rate} ({recovered}/{n}, 95% interval {low}–{high})',
  'rs.noResolved': 'No resolved case yet',
  'rs.save': 'Save',
  'rs.cancel': 'Cancel',
}
