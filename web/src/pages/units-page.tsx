import { useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Input,
  Row,
  Space,
  Tag,
  Tree,
  type TreeDataNode,
  type TreeProps,
  Typography,
} from 'antd'
import { useMemo, useState } from 'react'
import { fetchMe } from '../api/endpoints'
import { usePageWords } from '../i18n/page-words'
import { useUnitWords } from './units/unit-words'
import { CreateUnitDialog } from './units/create-unit-dialog'
import { UnitDetail } from './units/unit-detail'
import { UnitImportDialog } from './units/unit-import-dialog'
import { UnitQrDialog } from './units/unit-qr-dialog'
import { useUnitTypeLabel } from './units/unit-types'
import { childrenByParent, fetchUnits, moveUnit, type UnitRecord } from './units/units-api'
import { unitNameIn } from './units/unit-name'

const READ_ONLY_ZH = {
  'units.readOnlyHint':
    '在单元树中选择一个单元，可查看其地址与营业时间。新建、调整、合并和撤销单元由管理员负责。',
} as const
const READ_ONLY_EN: Record<keyof typeof READ_ONLY_ZH, string> = {
  'units.readOnlyHint':
    'Select a unit in the tree to see its address and opening hours. Administrators create, move, merge and close units.',
}

/**
 * The organisation's unit tree: drag a unit onto another to give it a new parent (kept in the
 * history), select one to rename, move, merge or close it, create units, import them from a
 * file with a report per row, and print per-unit QR sheets for a survey.
 */
export function UnitsPage() {
  const { t, locale, errorText } = useUnitWords()
  const typeLabel = useUnitTypeLabel()
  const queryClient = useQueryClient()
  const units = useQuery({ queryKey: ['units'], queryFn: fetchUnits })
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe, retry: false })
  // Without units:write (supervisors, analysts, agents, viewers) the tree is to look at: no
  // buttons, drags or forms the server would refuse.
  const mayWrite = me.data?.permissions.includes('units:write') ?? false
  const readOnlyWords = usePageWords(READ_ONLY_ZH, READ_ONLY_EN)
  const [selected, setSelected] = useState<string | null>(null)
  const [search, setSearch] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [dialog, setDialog] = useState<'create' | 'import' | 'qr' | null>(null)
  const [expanded, setExpanded] = useState<React.Key[] | null>(null)

  const list = units.data ?? []
  const byId = useMemo(() => new Map(list.map((u) => [u.id, u])), [list])
  const tree = useMemo(() => {
    const children = childrenByParent(list)
    const needle = search.trim().toLowerCase()
    const matches = (u: UnitRecord) =>
      needle === '' ||
      u.code.toLowerCase().includes(needle) ||
      u.nameZh.toLowerCase().includes(needle) ||
      (u.nameEn ?? '').toLowerCase().includes(needle)
    const build = (parent: string | null): TreeDataNode[] =>
      (children.get(parent) ?? []).flatMap((u) => {
        const below = build(u.id)
        if (!matches(u) && below.length === 0) return []
        return [
          {
            key: u.id,
            title: (
              <span data-testid={`unit-node-${u.code}`}>
                {unitNameIn(u, locale)}{' '}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {u.code}
                </Typography.Text>{' '}
                <Tag style={{ marginInlineEnd: 0 }}>{typeLabel(u.type)}</Tag>
                {u.closedAt !== null && (
                  <Tag color="default" style={{ marginInlineStart: 4 }}>
                    {t('units.closedTag')}
                  </Tag>
                )}
              </span>
            ),
            children: below,
            disabled: false,
          },
        ]
      })
    return build(null)
  }, [list, search, t, typeLabel, locale])

  // The top two levels open at first (a province and its cities); searching opens everything. A
  // member limited to units gets only their subtrees: their own units are the top of their tree.
  const defaultExpanded = useMemo(() => {
    const listed = new Set(list.map((u) => u.id))
    const top = list.filter((u) => u.parentId === null || !listed.has(u.parentId)).map((u) => u.id)
    return [...top, ...list.filter((u) => u.parentId && top.includes(u.parentId)).map((u) => u.id)]
  }, [list])
  const expandedKeys = search.trim() ? list.map((u) => u.id) : (expanded ?? defaultExpanded)

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['units'] })

  const onDrop: TreeProps['onDrop'] = async (info) => {
    setError(null)
    const dragged = String(info.dragNode.key)
    const target = byId.get(String(info.node.key))
    if (!target) return
    // Dropped onto a unit: under it; dropped into the gap beside it: beside it (its parent).
    const parentId = info.dropToGap ? target.parentId : target.id
    if (byId.get(dragged)?.parentId === parentId) return
    try {
      await moveUnit(dragged, parentId)
      await refresh()
    } catch (e) {
      setError(errorText(e))
    }
  }

  const current = selected ? (byId.get(selected) ?? null) : null
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={t('units.title')}
        extra={
          <Typography.Text type="secondary" data-testid="units-count">
            {t('units.count', { n: String(list.length) })}
          </Typography.Text>
        }
      >
        {/* Dragging and moving are for those who may change units; others read the tree. */}
        <Typography.Paragraph type="secondary" data-testid="units-intro">
          {t(mayWrite ? 'units.intro' : 'units.introReadOnly')}
        </Typography.Paragraph>
        {mayWrite && (
          <Space wrap>
            <Button type="primary" onClick={() => setDialog('create')} data-testid="unit-new">
              {t('units.new')}
            </Button>
            <Button onClick={() => setDialog('import')} data-testid="unit-import">
              {t('units.import')}
            </Button>
            <Button
              onClick={() => setDialog('qr')}
              data-testid="unit-qr"
              disabled={list.length === 0}
            >
              {t('units.qr')}
            </Button>
          </Space>
        )}
      </Card>
      {units.isError && <Alert type="error" title={errorText(units.error)} showIcon />}
      {error && <Alert type="error" title={error} showIcon closable data-testid="units-error" />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small">
            <Input.Search
              allowClear
              placeholder={t('units.search')}
              onChange={(e) => setSearch(e.target.value)}
              style={{ marginBottom: 12 }}
              data-testid="unit-search"
            />
            {list.length === 0 && !units.isPending ? (
              <Empty description={t('units.empty')} />
            ) : (
              <div style={{ overflowX: 'auto' }}>
                <Tree
                  data-testid="unit-tree"
                  treeData={tree}
                  draggable={mayWrite ? { icon: false } : false}
                  blockNode
                  showLine
                  expandedKeys={expandedKeys}
                  onExpand={(keys) => setExpanded(keys)}
                  selectedKeys={selected ? [selected] : []}
                  onSelect={(keys) => setSelected(keys[0] ? String(keys[0]) : null)}
                  onDrop={(info) => void onDrop(info)}
                />
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          {current ? (
            <UnitDetail
              key={current.id}
              unit={current}
              units={list}
              onChanged={refresh}
              onError={setError}
              readOnly={!mayWrite}
            />
          ) : (
            <Card size="small">
              <Typography.Text type="secondary" data-testid="units-select-hint">
                {mayWrite ? t('units.selectHint') : readOnlyWords.t('units.readOnlyHint')}
              </Typography.Text>
            </Card>
          )}
        </Col>
      </Row>
      {dialog === 'create' && (
        <CreateUnitDialog
          units={list}
          parentId={selected}
          onClose={() => setDialog(null)}
          onCreated={async (unit) => {
            setDialog(null)
            await refresh()
            setSelected(unit.id)
          }}
        />
      )}
      {dialog === 'import' && (
        <UnitImportDialog onClose={() => setDialog(null)} onImported={refresh} />
      )}
      {dialog === 'qr' && (
        <UnitQrDialog units={list} rootId={selected} onClose={() => setDialog(null)} />
      )}
    </Space>
  )
}
