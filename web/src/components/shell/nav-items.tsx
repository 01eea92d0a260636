import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CloudServerOutlined,
  CommentOutlined,
  CustomerServiceOutlined,
  FormOutlined,
  FundOutlined,
  HomeOutlined,
  IdcardOutlined,
  MessageOutlined,
  NotificationOutlined,
  PieChartOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  SmileOutlined,
  TeamOutlined,
  TrophyOutlined,
  CheckSquareOutlined,
  FilePdfOutlined,
  FieldTimeOutlined,
  SendOutlined,
  ThunderboltOutlined,
  UserOutlined,
} from '@ant-design/icons'
import type { ReactNode } from 'react'
import { worksOwnCases } from '../home-path'
import type { ShellMessageKey } from './shell-i18n'

/**
 * The admin app's navigation, one entry per page, in the order the side menu shows them.
 * A new page adds ONE entry here (the side menu, the phone drawer and the breadcrumbs all read
 * this list); its route goes into app.tsx as before.
 *
 * group: where it sits — measure (surveys and what they collect), listen (what customers say),
 * recover (cases and their deadlines), analyse (figures across surveys), settings.
 */
export type NavGroup = 'home' | 'measure' | 'listen' | 'recover' | 'analyse' | 'settings'

export interface NavItem {
  /** The page's address inside the app (no /app prefix); also the menu key. */
  to: string
  label: ShellMessageKey
  icon: ReactNode
  group: NavGroup
  /** data-testid of the link (browser tests follow it). */
  testId: string
  /** The permission the page needs; none: everyone signed in. */
  permission?: string
  /** Shown only when this holds for the member (e.g. the agent's own cases page). */
  when?: (permissions: readonly string[]) => boolean
  /** The instance operator's pages: for operators only, whatever their role. */
  operatorOnly?: boolean
  /** Deeper addresses under this page and their breadcrumb words, first match wins. */
  subPages?: ReadonlyArray<{ pattern: RegExp; label: ShellMessageKey }>
}

export const NAV_GROUPS: ReadonlyArray<{ group: NavGroup; label: ShellMessageKey }> = [
  { group: 'home', label: 'shell.group.home' },
  { group: 'measure', label: 'shell.group.measure' },
  { group: 'listen', label: 'shell.group.listen' },
  { group: 'recover', label: 'shell.group.recover' },
  { group: 'analyse', label: 'shell.group.analyse' },
  { group: 'settings', label: 'shell.group.settings' },
]

export const NAV_ITEMS: readonly NavItem[] = [
  {
    to: '/home',
    label: 'shell.home',
    icon: <HomeOutlined />,
    group: 'home',
    testId: 'nav-home',
    permission: 'responses:read',
    when: (p) => !worksOwnCases(p),
  },
  {
    to: '/my-cases',
    label: 'shell.myCases',
    icon: <HomeOutlined />,
    group: 'home',
    testId: 'nav-my-cases',
    permission: 'cases:work',
    when: worksOwnCases,
  },
  {
    to: '/surveys',
    label: 'surveys',
    icon: <FormOutlined />,
    group: 'measure',
    testId: 'nav-surveys',
    permission: 'surveys:read',
    subPages: [
      { pattern: /^\/surveys\/new$/, label: 'newSurvey' },
      { pattern: /^\/surveys\/[^/]+\/edit$/, label: 'edit' },
      { pattern: /^\/surveys\/[^/]+\/distribution$/, label: 'distribution' },
      { pattern: /^\/surveys\/[^/]+$/, label: 'dashboard' },
    ],
  },
  {
    to: '/programmes',
    label: 'shell.programmes',
    icon: <SendOutlined />,
    group: 'measure',
    testId: 'nav-programmes',
    permission: 'distributions:read',
  },
  {
    to: '/text',
    label: 'textInsights',
    icon: <CommentOutlined />,
    group: 'listen',
    testId: 'nav-text',
    permission: 'cases:read',
  },
  {
    to: '/cases',
    label: 'cases',
    icon: <CustomerServiceOutlined />,
    group: 'recover',
    testId: 'nav-cases',
    permission: 'cases:read',
    subPages: [{ pattern: /^\/cases\/[^/]+$/, label: 'shell.caseDetail' }],
  },
  {
    to: '/reply-scripts',
    label: 'rs.nav',
    icon: <MessageOutlined />,
    group: 'recover',
    testId: 'nav-reply-scripts',
    permission: 'cases:read',
  },
  {
    to: '/customers',
    label: 'shell.customers',
    icon: <IdcardOutlined />,
    group: 'recover',
    testId: 'nav-customers',
    permission: 'customers:read',
    // The list pages under /customers are named for themselves; any other path there is one customer.
    subPages: [
      { pattern: /^\/customers\/retention$/, label: 'shell.customerRetention' },
      { pattern: /^\/customers\/churn$/, label: 'shell.customerChurn' },
      { pattern: /^\/customers\/loyalty$/, label: 'shell.customerLoyalty' },
      { pattern: /^\/customers\/[^/]+$/, label: 'shell.customerDetail' },
    ],
  },
  {
    to: '/sla-board',
    label: 'slaBoard',
    icon: <AlertOutlined />,
    group: 'recover',
    testId: 'nav-sla',
    permission: 'cases:supervise',
  },
  {
    to: '/commitments',
    label: 'shell.commitments',
    icon: <FieldTimeOutlined />,
    group: 'recover',
    testId: 'nav-commitments',
    permission: 'cases:read',
  },
  {
    to: '/notices',
    label: 'shell.notices',
    icon: <ThunderboltOutlined />,
    group: 'recover',
    testId: 'nav-notices',
    permission: 'cases:read',
  },
  {
    to: '/follow-up-calls',
    label: 'shell.followUpCalls',
    icon: <CustomerServiceOutlined />,
    group: 'recover',
    testId: 'nav-follow-up-calls',
    permission: 'cases:work',
  },
  {
    to: '/appointments',
    label: 'shell.appointments',
    icon: <CalendarOutlined />,
    group: 'recover',
    testId: 'nav-appointments',
    permission: 'cases:read',
  },
  {
    to: '/complaints',
    label: 'complaintAnalytics',
    icon: <PieChartOutlined />,
    group: 'recover',
    testId: 'nav-complaints',
    permission: 'cases:read',
  },
  {
    to: '/analyses',
    label: 'analyses',
    icon: <BarChartOutlined />,
    group: 'analyse',
    testId: 'nav-analyses',
    permission: 'analyses:run',
  },
  {
    to: '/segments',
    label: 'seg.title',
    icon: <FundOutlined />,
    group: 'analyse',
    testId: 'nav-segments',
    permission: 'responses:read',
  },
  {
    to: '/units/league',
    label: 'league.nav',
    icon: <TrophyOutlined />,
    group: 'analyse',
    testId: 'nav-league',
    permission: 'responses:read',
  },
  {
    to: '/internal-satisfaction',
    label: 'internal.nav',
    icon: <SmileOutlined />,
    group: 'analyse',
    testId: 'nav-internal-satisfaction',
    permission: 'responses:read',
  },
  {
    to: '/appraisal',
    label: 'appraisal.nav',
    icon: <TrophyOutlined />,
    group: 'analyse',
    testId: 'nav-appraisal',
    permission: 'appraisal:manage',
  },
  {
    to: '/training',
    label: 'training.nav',
    icon: <FormOutlined />,
    group: 'analyse',
    testId: 'nav-training',
    permission: 'employees:read',
  },
  {
    to: '/maturity',
    label: 'maturity.nav',
    icon: <FundOutlined />,
    group: 'analyse',
    testId: 'nav-maturity',
    permission: 'units:read',
  },
  {
    to: '/enterprise-csi',
    label: 'ecsi.nav',
    icon: <BarChartOutlined />,
    group: 'analyse',
    testId: 'nav-enterprise-csi',
    permission: 'cases:read',
  },
  {
    to: '/plans',
    label: 'shell.plans',
    icon: <CheckSquareOutlined />,
    group: 'analyse',
    testId: 'nav-plans',
    permission: 'responses:read',
  },
  {
    to: '/reports',
    label: 'shell.reports',
    icon: <FilePdfOutlined />,
    group: 'analyse',
    testId: 'nav-reports',
    permission: 'responses:read',
  },
  {
    to: '/alerts',
    label: 'shell.alerts',
    icon: <NotificationOutlined />,
    group: 'analyse',
    testId: 'nav-alerts',
    permission: 'responses:read',
    subPages: [{ pattern: /^\/alerts\/[^/]+$/, label: 'shell.alertDetail' }],
  },
  {
    to: '/case-settings',
    label: 'caseSettings',
    icon: <SettingOutlined />,
    group: 'settings',
    testId: 'nav-case-settings',
    permission: 'cases:configure',
  },
  {
    to: '/units',
    label: 'units.nav',
    icon: <ApartmentOutlined />,
    group: 'settings',
    testId: 'nav-units',
    permission: 'units:read',
  },
  {
    to: '/employees',
    label: 'employees.nav',
    icon: <IdcardOutlined />,
    group: 'settings',
    testId: 'nav-employees',
    permission: 'employees:read',
  },
  {
    to: '/my-scorecard',
    label: 'employees.myNav',
    icon: <IdcardOutlined />,
    group: 'home',
    testId: 'nav-my-scorecard',
    // Whoever may not read all employees' scorecards reads their own here.
    when: (permissions) => !permissions.includes('employees:read'),
  },
  {
    to: '/my-appraisal',
    label: 'appraisal.myNav',
    icon: <TrophyOutlined />,
    group: 'home',
    testId: 'nav-my-appraisal',
    when: (permissions) => !permissions.includes('employees:read'),
  },
  {
    to: '/users',
    label: 'users',
    icon: <TeamOutlined />,
    group: 'settings',
    testId: 'nav-users',
    permission: 'users:read',
  },
  {
    to: '/roles',
    label: 'roles',
    icon: <SafetyCertificateOutlined />,
    group: 'settings',
    testId: 'nav-roles',
    permission: 'roles:manage',
  },
  {
    to: '/audit',
    label: 'auditLog',
    icon: <AuditOutlined />,
    group: 'settings',
    testId: 'nav-audit',
    permission: 'audit:read',
  },
  {
    to: '/organisation',
    label: 'organisationSettings',
    icon: <BankOutlined />,
    group: 'settings',
    testId: 'nav-organisation',
    permission: 'organisation:write',
  },
  {
    to: '/account',
    label: 'myAccount',
    icon: <UserOutlined />,
    group: 'settings',
    testId: 'nav-account',
  },
  {
    to: '/operator',
    label: 'operatorConsole',
    icon: <CloudServerOutlined />,
    group: 'settings',
    testId: 'nav-operator',
    operatorOnly: true,
  },
]

/** The entries this member may open, in menu order. */
export function navItemsFor(me: {
  permissions: readonly string[]
  isOperator?: boolean
}): NavItem[] {
  return NAV_ITEMS.filter(
    (item) =>
      (item.operatorOnly ? me.isOperator === true : true) &&
      (!item.permission || me.permissions.includes(item.permission)) &&
      (!item.when || item.when(me.permissions)),
  )
}

/** The entry an address belongs to: the longest `to` that is the address or a parent of it. */
export function navItemOf(items: readonly NavItem[], pathname: string): NavItem | undefined {
  return items
    .filter((item) => pathname === item.to || pathname.startsWith(`${item.to}/`))
    .sort((a, b) => b.to.length - a.to.length)[0]
}
