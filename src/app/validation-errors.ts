// Turns Fastify's schema validation failures (Ajv errors) into problem `errors`: one {path, message} per
// problem, `path` a JSON Pointer to the offending value (for a missing property: to where it belongs).
import type { FastifySchemaValidationError } from 'fastify'
import { pointerToken, type ProblemFieldError } from '../../routes/problem.js'

type Part = 'body' | 'querystring' | 'params' | 'headers'

const MAX_ERRORS = 50

export function validationErrors(errors: readonly FastifySchemaValidationError[], part: Part): ProblemFieldError[] {
  const out: ProblemFieldError[] = []
  const alternatives = new Map<string, string[]>() // path of a failed anyOf/oneOf → what each branch wanted
  const unions = new Set<string>()
  for (const e of errors) {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') unions.add(e.instancePath)
  }
  for (const e of errors) {
    const params = (e.params ?? {}) as Record<string, unknown>
    const path = e.instancePath
    if (unions.has(path) && (e.keyword === 'type' || e.keyword === 'const' || e.keyword === 'enum')) {
      const list = alternatives.get(path) ?? []
      if (e.keyword === 'type') list.push(article(String(params.type)))
      else if (e.keyword === 'const') list.push(JSON.stringify(params.allowedValue))
      else list.push(...((params.allowedValues as unknown[]) ?? []).map((v) => JSON.stringify(v)))
      alternatives.set(path, list)
      continue
    }
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') continue
    out.push(located(fieldError(e, params), part))
  }
  for (const path of unions) {
    const alts = [...new Set(alternatives.get(path) ?? [])]
    // A branch of the right type that failed deeper explains more than "must be a string" from another branch.
    const hasDeeper = out.some((o) => o.path.startsWith(path + '/'))
    if (hasDeeper) continue
    const message = alts.length > 0 ? `must be ${alts.join(' or ')}` : 'does not match any of the allowed shapes'
    out.unshift(located({ path, message }, part))
  }
  const seen = new Set<string>()
  const unique = out.filter((o) => {
    const k = `${o.path}\u0000${o.message}`
    if (seen.has(k)) return false
    seen.add(k)
    return true
  })
  return unique.slice(0, MAX_ERRORS)
}

function fieldError(e: FastifySchemaValidationError, params: Record<string, unknown>): ProblemFieldError {
  const path = e.instancePath
  switch (e.keyword) {
    case 'required':
      return { path: `${path}/${pointerToken(String(params.missingProperty))}`, message: 'is required' }
    case 'dependentRequired':
    case 'dependencies':
      return {
        path: `${path}/${pointerToken(String(params.missingProperty))}`,
        message: `is required when ${String(params.property)} is present`,
      }
    case 'additionalProperties':
      return { path: `${path}/${pointerToken(String(params.additionalProperty))}`, message: 'is not a known property' }
    case 'enum': {
      const allowed = ((params.allowedValues as unknown[]) ?? []).map((v) => JSON.stringify(v))
      return { path, message: `must be one of ${allowed.join(', ')}` }
    }
    case 'const':
      return { path, message: `must be ${JSON.stringify(params.allowedValue)}` }
    case 'type':
      return { path, message: `must be ${article(String(params.type))}` }
    default:
      return { path, message: e.message ?? `fails the ${e.keyword} rule` }
  }
}

function article(type: string): string {
  const names = type.split(',')
  return names.map((n) => (/^[aeiou]/.test(n) ? `an ${n}` : `a ${n}`)).join(' or ')
}

function located(error: ProblemFieldError, part: Part): ProblemFieldError {
  return part === 'body' ? error : { ...error, location: part }
}

/** One line naming the first problem, for the problem's `detail`. */
export function validationDetail(errors: ProblemFieldError[], part: Part): string {
  const where = part === 'body' ? 'request body' : part === 'querystring' ? 'query string' : `request ${part}`
  if (errors.length === 0) return `The ${where} does not match the schema`
  const first = errors[0]
  const at = first.path === '' ? `the ${where}` : first.path
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''}; see errors)` : ''
  return `Invalid ${where}: ${at} ${first.message}${more}`
}
