// Snapshots from a directory (IAMDX_SNAPSHOT_DIR): `<12-digit account id>.json` files, each the output of
// `aws iam get-account-authorization-details`, and `organization.json`. Other files are ignored. A file that does
// not parse or validate is reported, not fatal: the others are loaded.

import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { SnapshotDirectoryLoad } from '../ports.js'
import type { SnapshotRegistry } from './store.js'

export type DirectoryLoad = SnapshotDirectoryLoad

export async function loadSnapshotDirectory(store: SnapshotRegistry, dir: string): Promise<DirectoryLoad> {
  const out: DirectoryLoad = { loaded: [], failed: [] }
  let names: string[]
  try {
    names = (await readdir(dir)).sort()
  } catch (err) {
    out.failed.push({ file: dir, problems: [{ path: '', message: `cannot read the snapshot directory: ${err instanceof Error ? err.message : String(err)}` }] })
    return out
  }
  for (const name of names) {
    const account = /^(\d{12})\.json$/.exec(name)?.[1]
    if (account === undefined && name !== 'organization.json') continue
    const file = join(dir, name)
    let body: unknown
    try {
      body = JSON.parse(await readFile(file, 'utf8'))
    } catch (err) {
      out.failed.push({ file, problems: [{ path: '', message: `not JSON: ${err instanceof Error ? err.message : String(err)}` }] })
      continue
    }
    const put = account === undefined ? await store.putOrganization(body) : await store.putAccount(account, body)
    if (put.ok) out.loaded.push(put.summary)
    else out.failed.push({ file, problems: put.problems })
  }
  return out
}
