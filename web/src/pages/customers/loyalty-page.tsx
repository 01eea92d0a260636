import { Space, Typography } from 'antd'
import { usePageWords } from '../../i18n/page-words'
import { LoyaltyMembersCard } from './loyalty-members'
import { LoyaltyProgrammeEditor } from './loyalty-programme-editor'
import { TierSatisfactionCard } from './loyalty-satisfaction'
import { LOYALTY_SETUP_EN, LOYALTY_SETUP_ZH } from './loyalty-setup-words'

export type LoyaltySetupWords = ReturnType<typeof usePageWords<keyof typeof LOYALTY_SETUP_ZH>>

/**
 * The loyalty programme (/customers/loyalty): its tiers, earning and expiry rules, edited with
 * every refusal of the server's schema named before saving; its members by tier and balance;
 * a member's ledger with the check that it adds up to the balance; and tiers read against
 * their members' satisfaction.
 */
export function LoyaltyPage() {
  const words = usePageWords(LOYALTY_SETUP_ZH, LOYALTY_SETUP_EN)
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3}>{words.t('setup.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{words.t('setup.intro')}</Typography.Paragraph>
      <LoyaltyProgrammeEditor words={words} />
      <LoyaltyMembersCard words={words} />
      <TierSatisfactionCard />
    </Space>
  )
}
