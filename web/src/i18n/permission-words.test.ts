import { expect, it } from 'vitest'
// The permission list as source text: roles.ts names server types the browser build cannot load.
import rolesSource from '../../../src/auth/roles.ts?raw'
import { permissionWordsEnUS } from './permission-words.en-US'
import { permissionWordsZhCN } from './permission-words.zh-CN'

const PERMISSIONS = [...rolesSource.matchAll(/^ {2}'([a-z-]+:[a-z-]+)': \[/gm)].map((m) => m[1]!)

it('names every permission in both languages (the roles page and the role editor list them all)', () => {
  expect(PERMISSIONS.length).toBeGreaterThan(25)
  const missing = (messages: Record<string, string>) =>
    PERMISSIONS.filter((p) => !(`perm.${p}` in messages))
  expect(missing(permissionWordsZhCN)).toEqual([])
  expect(missing(permissionWordsEnUS)).toEqual([])
})
