import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Alert, Button, Input, List, Modal, Popconfirm, Space, Typography } from 'antd'
import { useState } from 'react'
import {
  assignCaseTo,
  bulkAssignCases,
  bulkCloseCases,
  type BulkResult,
} from '../api/case-list-api'
import { useI18n } from '../i18n/i18n'
import { CaseOwnerPicker } from './case-owner-picker'

// Assigning and closing from the case list: one case from its row, or the selected rows at once
// (supervisors). The server changes each case completely or not at all and says what became of
// each; the cases left unchanged are listed with the reason in the user's language.

/** What became of a bulk change: how many were done, and why the others were left as they were. */
function BulkOutcome({ result }: { result: BulkResult }) {
  const { t, errorText } = useI18n()
  const failed = result.results.filter((r) => !r.ok)
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="bulk-outcome">
      <Alert
        type={failed.length === 0 ? 'success' : 'warning'}
        showIcon
        title={t('caseBulkDone', { ok: result.succeeded, failed: result.failed })}
      />
      {failed.length > 0 && (
        <List
          size="small"
          header={t('caseBulkFailures')}
          dataSource={failed}
          renderItem={(r) => (
            <List.Item data-testid="bulk-failure">
              <Typography.Text strong style={{ whiteSpace: 'nowrap', marginRight: 12 }}>
                {r.number ?? t('caseBulkUnknownCase')}
              </Typography.Text>
              <Typography.Text type="secondary">
                {r.error ? errorText({ code: r.error.code, details: r.error.details }) : ''}
              </Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Space>
  )
}

/** The bar above the list while rows are selected: assign them to one owner, or close them. */
export function CaseBulkActions({ selected, onDone }: { selected: string[]; onDone(): void }) {
  const { t, errorText } = useI18n()
  const queryClient = useQueryClient()
  const [ownerId, setOwnerId] = useState<string>()
  const [note, setNote] = useState('')
  const [outcome, setOutcome] = useState<BulkResult | null>(null)
  const settle = (result: BulkResult) => {
    setOutcome(result)
    queryClient.invalidateQueries({ queryKey: ['cases'] })
    onDone()
  }
  const assign = useMutation({
    mutationFn: () => bulkAssignCases(selected, ownerId!),
    onSuccess: settle,
  })
  const close = useMutation({
    mutationFn: () => bulkCloseCases(selected, note.trim() || undefined),
    onSuccess: settle,
  })
  const error = assign.error ?? close.error
  return (
    <>
      {/* Always there (disabled until rows are selected), so selecting a row does not move the list. */}
      <Space wrap data-testid="bulk-actions">
        <Typography.Text
          strong={selected.length > 0}
          type={selected.length > 0 ? undefined : 'secondary'}
          data-testid="bulk-selected"
        >
          {selected.length > 0 ? t('caseSelected', { n: selected.length }) : t('caseSelectHint')}
        </Typography.Text>
        <CaseOwnerPicker value={ownerId} onChange={setOwnerId} testId="bulk-owner" />
        <Button
          type="primary"
          disabled={!ownerId || selected.length === 0}
          loading={assign.isPending}
          onClick={() => assign.mutate()}
          data-testid="bulk-assign"
        >
          {t('caseBulkAssign')}
        </Button>
        <Popconfirm
          title={t('caseBulkCloseConfirm', { n: selected.length })}
          description={
            <Input.TextArea
              value={note}
              onChange={(e) => setNote(e.target.value)}
              placeholder={t('caseBulkNote')}
              autoSize={{ minRows: 2, maxRows: 4 }}
              maxLength={5000}
              data-testid="bulk-close-note"
            />
          }
          okText={t('caseBulkClose')}
          cancelText={t('caseDialogCancel')}
          onConfirm={() => close.mutate()}
        >
          <Button
            loading={close.isPending}
            disabled={selected.length === 0}
            data-testid="bulk-close"
          >
            {t('caseBulkClose')}
          </Button>
        </Popconfirm>
        <Button type="link" onClick={onDone} disabled={selected.length === 0}>
          {t('caseClearSelection')}
        </Button>
      </Space>
      {error && <Alert type="error" showIcon title={errorText(error)} />}
      <Modal
        open={outcome !== null}
        title={t('caseBulkResult')}
        onCancel={() => setOutcome(null)}
        onOk={() => setOutcome(null)}
        cancelButtonProps={{ style: { display: 'none' } }}
        okText={t('caseDialogOk')}
      >
        {outcome && <BulkOutcome result={outcome} />}
      </Modal>
    </>
  )
}

/** Assign or reassign one case from its row: pick a person by name. */
export function CaseAssignButton({
  caseId,
  number,
  ownerId,
}: {
  caseId: string
  number: string
  ownerId: string | null
}) {
  const { t, errorText } = useI18n()
  const queryClient = useQueryClient()
  const [open, setOpen] = useState(false)
  const [choice, setChoice] = useState<string | undefined>(ownerId ?? undefined)
  const assign = useMutation({
    mutationFn: () => assignCaseTo(caseId, choice!),
    onSuccess: () => {
      setOpen(false)
      queryClient.invalidateQueries({ queryKey: ['cases'] })
      queryClient.invalidateQueries({ queryKey: ['case', caseId] })
    },
  })
  return (
    <>
      <Button
        size="small"
        type="link"
        onClick={() => {
          setChoice(ownerId ?? undefined)
          assign.reset()
          setOpen(true)
        }}
        data-testid="case-assign"
      >
        {ownerId ? t('caseReassign') : t('caseAssign')}
      </Button>
      <Modal
        open={open}
        title={t('caseAssignTitle', { number })}
        okText={t('caseAssign')}
        cancelText={t('caseDialogCancel')}
        okButtonProps={{ disabled: !choice || choice === ownerId, loading: assign.isPending }}
        onOk={() => assign.mutate()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Space orientation="vertical" style={{ width: '100%' }}>
          <CaseOwnerPicker value={choice} onChange={setChoice} testId="assign-owner" />
          {assign.isError && <Alert type="error" showIcon title={errorText(assign.error)} />}
        </Space>
      </Modal>
    </>
  )
}
