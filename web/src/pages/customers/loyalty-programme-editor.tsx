import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd'
import dayjs from 'dayjs'
import { useEffect, useMemo, useState } from 'react'
import { api } from '../../api/client'
import { fetchMe } from '../../api/endpoints'
import type { LoyaltyProgramme } from '../../../../src/loyalty/loyalty.schema'
import { programmeProblems, problemTexts } from './loyalty-programme-problems'
import type { LoyaltySetupWords } from './loyalty-page'

interface TierDraft {
  key: number
  code: string
  nameZh: string
  nameEn: string
  minPoints: number | null
}
interface Draft {
  tiers: TierDraft[]
  pointsPerYuan: number | null
  pointsPerFeedback: number | null
  neverExpires: boolean
  expiryDays: number | null
  startsAt: number | null
}

export const fetchLoyaltyProgramme = () => api<LoyaltyProgramme | null>('GET', '/loyalty/programme')
const saveProgramme = (p: unknown) => api<LoyaltyProgramme>('PUT', '/loyalty/programme', p)

let nextKey = 1
function draftOf(p: LoyaltyProgramme | null): Draft {
  return {
    tiers: (p?.tiers ?? [{ code: 'member', nameZh: '会员', nameEn: 'Member', minPoints: 0 }]).map(
      (t) => ({ ...t, key: nextKey++ }),
    ),
    pointsPerYuan: p?.pointsPerYuan ?? 1,
    pointsPerFeedback: p?.pointsPerFeedback ?? 0,
    neverExpires: p ? p.expiryDays === null : false,
    expiryDays: p?.expiryDays ?? 365,
    startsAt: p?.startsAt ?? dayjs().startOf('day').valueOf(),
  }
}

/** What the draft would send: blanks left out, so the schema names them. */
function candidateOf(d: Draft): Record<string, unknown> {
  const value = (x: number | null) => (x === null ? undefined : x)
  return {
    tiers: d.tiers.map(({ key: _, minPoints, ...t }) => ({ ...t, minPoints: value(minPoints) })),
    pointsPerYuan: value(d.pointsPerYuan),
    pointsPerFeedback: value(d.pointsPerFeedback),
    expiryDays: d.neverExpires ? null : value(d.expiryDays),
    startsAt: value(d.startsAt),
  }
}

/** The programme's rules, edited with the server schema's refusals named before saving. */
export function LoyaltyProgrammeEditor({ words }: { words: LoyaltySetupWords }) {
  const { t, errorText } = words
  const client = useQueryClient()
  const programme = useQuery({ queryKey: ['loyalty-programme'], queryFn: fetchLoyaltyProgramme })
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe })
  const mayEdit = me.data?.permissions.includes('cases:configure') ?? false
  const [draft, setDraft] = useState<Draft | null>(null)
  useEffect(() => {
    if (programme.isSuccess && draft === null) setDraft(draftOf(programme.data))
  }, [programme.isSuccess, programme.data, draft])
  const candidate = useMemo(() => (draft ? candidateOf(draft) : null), [draft])
  const problems = useMemo(() => (candidate ? programmeProblems(candidate) : []), [candidate])
  const save = useMutation({
    mutationFn: () => saveProgramme(candidate),
    onSuccess: (saved) => {
      client.setQueryData(['loyalty-programme'], saved)
      client.invalidateQueries({ queryKey: ['loyalty-members'] })
    },
  })
  if (!draft) return <Card loading title={t('setup.programme')} />
  const set = (change: Partial<Draft>) => {
    save.reset()
    setDraft({ ...draft, ...change })
  }
  const setTier = (key: number, change: Partial<TierDraft>) =>
    set({ tiers: draft.tiers.map((x) => (x.key === key ? { ...x, ...change } : x)) })
  return (
    <Card title={t('setup.programme')} data-testid="loyalty-programme">
      {programme.data === null && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('setup.notSet')} />
      )}
      {!mayEdit && (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('setup.readOnly')} />
      )}
      <Typography.Title level={5}>{t('setup.tiers')}</Typography.Title>
      <Table<TierDraft>
        size="small"
        rowKey="key"
        pagination={false}
        scroll={{ x: 640 }}
        dataSource={draft.tiers}
        data-testid="loyalty-tiers"
        columns={[
          {
            title: t('setup.tier.code'),
            dataIndex: 'code',
            render: (v: string, r) => (
              <Input
                value={v}
                disabled={!mayEdit}
                aria-label={t('setup.tier.code')}
                onChange={(e) => setTier(r.key, { code: e.target.value })}
              />
            ),
          },
          ...(['nameZh', 'nameEn'] as const).map((field) => ({
            title: t(`setup.tier.${field}`),
            dataIndex: field,
            render: (v: string, r: TierDraft) => (
              <Input
                value={v}
                disabled={!mayEdit}
                aria-label={t(`setup.tier.${field}`)}
                onChange={(e) => setTier(r.key, { [field]: e.target.value })}
              />
            ),
          })),
          {
            title: t('setup.tier.minPoints'),
            dataIndex: 'minPoints',
            render: (v: number | null, r) => (
              <InputNumber
                value={v}
                disabled={!mayEdit}
                aria-label={t('setup.tier.minPoints')}
                style={{ width: 130 }}
                onChange={(x) => setTier(r.key, { minPoints: x })}
              />
            ),
          },
          {
            title: '',
            key: 'remove',
            render: (_, r) => (
              <Button
                type="link"
                danger
                disabled={!mayEdit}
                onClick={() => set({ tiers: draft.tiers.filter((x) => x.key !== r.key) })}
              >
                {t('setup.tier.remove')}
              </Button>
            ),
          },
        ]}
      />
      <Button
        style={{ margin: '8px 0 16px' }}
        disabled={!mayEdit}
        data-testid="loyalty-add-tier"
        onClick={() =>
          set({
            tiers: [
              ...draft.tiers,
              { key: nextKey++, code: '', nameZh: '', nameEn: '', minPoints: null },
            ],
          })
        }
      >
        {t('setup.tier.add')}
      </Button>
      <Typography.Title level={5}>{t('setup.earning')}</Typography.Title>
      <Form layout="vertical" disabled={!mayEdit}>
        <Space wrap align="start" size="large">
          <Form.Item label={t('setup.pointsPerYuan')} extra={t('setup.pointsPerYuan.help')}>
            <InputNumber
              value={draft.pointsPerYuan}
              data-testid="loyalty-per-yuan"
              onChange={(x) => set({ pointsPerYuan: x })}
            />
          </Form.Item>
          <Form.Item label={t('setup.pointsPerFeedback')}>
            <InputNumber
              value={draft.pointsPerFeedback}
              data-testid="loyalty-per-feedback"
              onChange={(x) => set({ pointsPerFeedback: x })}
            />
          </Form.Item>
          <Form.Item label={t('setup.expiry')}>
            <Space wrap>
              <Switch
                checked={draft.neverExpires}
                onChange={(neverExpires) => set({ neverExpires })}
                data-testid="loyalty-never-expires"
              />
              <span>{t('setup.expiry.never')}</span>
              {!draft.neverExpires && (
                <InputNumber
                  value={draft.expiryDays}
                  aria-label={t('setup.expiry.days')}
                  addonAfter={t('setup.expiry.days')}
                  data-testid="loyalty-expiry-days"
                  onChange={(x) => set({ expiryDays: x })}
                />
              )}
            </Space>
          </Form.Item>
          <Form.Item label={t('setup.startsAt')} extra={t('setup.startsAt.help')}>
            <DatePicker
              value={draft.startsAt === null ? null : dayjs(draft.startsAt)}
              onChange={(d) => set({ startsAt: d ? d.startOf('day').valueOf() : null })}
            />
          </Form.Item>
        </Space>
      </Form>
      {problems.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('setup.problems')}
          data-testid="loyalty-problems"
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {problemTexts(problems, t).map((text) => (
                <li key={text}>{text}</li>
              ))}
            </ul>
          }
        />
      )}
      {mayEdit && (
        <Space wrap>
          <Button
            type="primary"
            disabled={problems.length > 0}
            loading={save.isPending}
            onClick={() => save.mutate()}
            data-testid="loyalty-save"
          >
            {t('setup.save')}
          </Button>
          {save.isSuccess && (
            <Typography.Text type="success" data-testid="loyalty-saved">
              {t('setup.saved')}
            </Typography.Text>
          )}
        </Space>
      )}
      {save.error && (
        <Alert type="error" showIcon style={{ marginTop: 8 }} title={errorText(save.error)} />
      )}
    </Card>
  )
}
