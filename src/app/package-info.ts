// The service's name and version, from package.json (found by walking up from this file, so it works from
// src/ under tsx and from dist/src/ after a build).
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export interface PackageInfo {
  name: string
  version: string
  description: string
}

let cached: PackageInfo | undefined

export function packageInfo(): PackageInfo {
  if (cached !== undefined) return cached
  let dir = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const file = join(dir, 'package.json')
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as Partial<PackageInfo>
      if (pkg.name === 'iamdx') {
        cached = { name: pkg.name, version: pkg.version ?? '0.0.0', description: pkg.description ?? '' }
        return cached
      }
    }
    const parent = dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  cached = { name: 'iamdx', version: '0.0.0', description: '' }
  return cached
}
