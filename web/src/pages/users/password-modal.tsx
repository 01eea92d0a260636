import { Alert, Input, Modal } from 'antd'
import { useState } from 'react'
import { api } from '../../api/client'
import { useI18n } from '../../i18n/i18n'
import type { UserSummary as User } from '../../api/types'

/** An administrator sets a colleague's new password. */
export function PasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t, errorText } = useI18n()
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const save = async () => {
    setError(null)
    try {
      await api('POST', `/users/${user.id}/password`, { password })
      onClose()
    } catch (e) {
      setError(errorText(e))
    }
  }
  return (
    <Modal
      open
      title={`${t('setPassword')} · ${user.displayName}`}
      onOk={() => void save()}
      onCancel={onClose}
      okButtonProps={{ disabled: password.length < 10, 'data-testid': 'save-password' } as never}
    >
      <Input.Password
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        placeholder={t('initialPassword')}
        autoComplete="new-password"
        data-testid="new-password"
      />
      <p style={{ color: '#667085', marginTop: 8 }}>
        {t('setPasswordHelp')} {t('passwordPolicyHelp')}
      </p>
      {error && <Alert type="error" title={error} showIcon />}
    </Modal>
  )
}
