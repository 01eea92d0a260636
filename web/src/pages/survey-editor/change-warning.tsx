import { useQuery } from '@tanstack/react-query'
import { Modal } from 'antd'
import dayjs from 'dayjs'
import { fetchSummary } from '../../api/endpoints'
import { useI18n } from '../../i18n/i18n'

/**
 * How many answers a survey already has (all time), so the editor can warn before a change.
 * Drafts without answers ask nothing.
 */
export function useAnswerCount(id: string | undefined, status: string | undefined) {
  return useQuery({
    queryKey: ['survey-answer-count', id],
    enabled: id !== undefined && status !== undefined && status !== 'draft',
    queryFn: () =>
      fetchSummary(id!, {
        from: '2000-01-01',
        to: dayjs().add(1, 'day').format('YYYY-MM-DD'),
        interval: 'month',
      }).then((s) => s.totals.responses),
  })
}

/** Ask before saving a survey that has answers, saying what happens to them; resolves true to save. */
export function useConfirmChange() {
  const { t } = useI18n()
  const [modal, holder] = Modal.useModal()
  const confirm = (answers: number, published: boolean) =>
    new Promise<boolean>((resolve) => {
      modal.confirm({
        title: t('qt.changeTitle', { n: answers }),
        content: (
          <ul data-testid="change-warning" style={{ paddingLeft: 18, margin: 0 }}>
            {published && <li>{t('qt.changeVersion')}</li>}
            <li>{t('qt.changeKept')}</li>
            <li>{t('qt.changeRemoved')}</li>
            <li>{t('qt.changeOptions')}</li>
            <li>{t('qt.changeAdded')}</li>
          </ul>
        ),
        okText: t('qt.changeOk'),
        cancelText: t('qt.changeCancel'),
        onOk: () => resolve(true),
        onCancel: () => resolve(false),
      })
    })
  return { confirm, holder }
}
