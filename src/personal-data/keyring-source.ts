import { randomBytes } from 'node:crypto'
import {
  closeSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { formatDataKeys, type Keyring, newKeyring, parseDataKeys } from './keyring.js'

/** The key file's name, in MANYI_DATA_DIR or beside the SQLite database. */
export const KEY_FILE_NAME = 'manyi-data.keys'

/** Where the keyring came from; the keys themselves are never logged or printed. */
export interface KeyringSource {
  keyring: Keyring
  /** `env`: MANYI_DATA_KEYS; `file`: the key file at `path`. */
  from: 'env' | 'file'
  path?: string
  /** The key file was made just now (first start). */
  created: boolean
}

/**
 * The key file's path: in MANYI_DATA_DIR when set, else beside the SQLite database file, else
 * (PostgreSQL, an in-memory SQLite) in ./data.
 */
export function keyFilePath(dbUrl: string, dataDir: string | undefined): string {
  if (dataDir) return resolve(dataDir, KEY_FILE_NAME)
  const sqlitePath = dbUrl.startsWith('sqlite:') ? dbUrl.slice('sqlite:'.length) : null
  if (sqlitePath && sqlitePath !== ':memory:')
    return join(dirname(resolve(sqlitePath)), KEY_FILE_NAME)
  return resolve('data', KEY_FILE_NAME)
}

/**
 * The application keyring: MANYI_DATA_KEYS when set (comma-separated `id:base64key`, first
 * current), else the key file, made on first start with one random key, readable by its owner
 * only. Two instances starting at once make it once.
 */
export function loadKeyring(
  dbUrl: string,
  env: { MANYI_DATA_KEYS?: string; MANYI_DATA_DIR?: string },
  now: number,
): KeyringSource {
  if (env.MANYI_DATA_KEYS?.trim()) {
    return { keyring: parseDataKeys(env.MANYI_DATA_KEYS), from: 'env', created: false }
  }
  const path = keyFilePath(dbUrl, env.MANYI_DATA_DIR)
  const existing = readKeyFile(path)
  if (existing !== null)
    return { keyring: parseDataKeys(existing), from: 'file', path, created: false }
  mkdirSync(dirname(path), { recursive: true })
  const keyring = newKeyring(now)
  // Written whole to a private temporary file, then linked into place: link() fails when the key
  // file exists, so of two instances starting at once one key file wins, and neither ever reads a
  // file half-written.
  const temporary = writeTemporary(path, keyring)
  try {
    linkSync(temporary, path)
    return { keyring, from: 'file', path, created: true }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    return {
      keyring: parseDataKeys(readFileSync(path, 'utf8')),
      from: 'file',
      path,
      created: false,
    }
  } finally {
    rmSync(temporary, { force: true })
  }
}

/** Replaces a key file with `keyring` (rotation): written aside, then renamed over it at once. */
export function saveKeyFile(path: string, keyring: Keyring): void {
  renameSync(writeTemporary(path, keyring), path)
}

/** The keyring written to a new owner-only file beside `path`; its name. */
function writeTemporary(path: string, keyring: Keyring): string {
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  const fd = openSync(temporary, 'wx', 0o600)
  try {
    writeSync(fd, `${formatDataKeys(keyring)}\n`)
  } finally {
    closeSync(fd)
  }
  return temporary
}

function readKeyFile(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}
