// Printed by `manyi serve` (src/server/start.ts) and by the commands that create the first administrator.
import type { BootstrapResult } from '../auth/bootstrap.js'
import type { Config } from '../config.js'

export function printLoginHint(
  config: Config,
  created: BootstrapResult,
  print: (line: string) => void = console.log,
): void {
  const url = config.publicUrl ?? `http://${config.host}:${config.port}`
  print(`\nCreated the first administrator / 已创建管理员账号:`)
  print(`  URL:      ${url}/app/`)
  print(`  E-mail:   ${created.adminEmail}`)
  print(`  Password: ${created.generatedPassword ?? '(from MANYI_ADMIN_PASSWORD)'}`)
  if (created.generatedPassword)
    print('  This password is shown only once; keep it. / 密码仅显示一次，请妥善保存。')
}
