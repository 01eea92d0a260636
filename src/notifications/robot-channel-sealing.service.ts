import {
  type SealedTable,
  type SecretSealingRow,
  secretSealing,
} from '../personal-data/sealed-table.service.js'
import { robotChannelSealingIo } from './robot-channel.repository.js'

/** Group robots' webhook addresses (their token is the credential) and signing secrets. */
export const ROBOT_CHANNEL_SEALING: SealedTable<SecretSealingRow> = {
  owner: 'notifications',
  table: 'robot_channels',
  ...secretSealing(['url', 'secret']),
  io: robotChannelSealingIo,
}
