import { Menu, type MenuProps } from 'antd'
import { NavLink } from 'react-router'
import { useShellI18n } from './shell-i18n'
import { NAV_GROUPS, type NavItem } from './nav-items'

type MenuItems = NonNullable<MenuProps['items']>

/**
 * The pages grouped under their headings (Measure, Listen, Recover, Analyse, Settings), each a
 * real link with its icon, the current page marked. Collapsed, only the icons show (the name in
 * a tooltip) and dividers stand for the headings.
 */
export function SideMenu({
  items,
  active,
  collapsed = false,
  onNavigate,
}: {
  items: readonly NavItem[]
  active: NavItem | undefined
  collapsed?: boolean
  onNavigate?: () => void
}) {
  const { t } = useShellI18n()
  const menuItems: MenuItems = []
  for (const { group, label } of NAV_GROUPS) {
    const children = items
      .filter((item) => item.group === group)
      .map((item) => ({
        key: item.to,
        icon: item.icon,
        label: (
          <NavLink to={item.to} data-testid={item.testId} onClick={onNavigate}>
            {t(item.label)}
          </NavLink>
        ),
      }))
    if (children.length === 0) continue
    if (collapsed) {
      if (menuItems.length > 0) menuItems.push({ type: 'divider', key: `divider-${group}` })
      menuItems.push(...children)
    } else menuItems.push({ type: 'group', key: `group-${group}`, label: t(label), children })
  }
  return (
    <Menu
      mode="inline"
      inlineCollapsed={collapsed}
      selectedKeys={active ? [active.to] : []}
      items={menuItems}
      className="app-side-menu"
    />
  )
}
