// The one body parser: application/json. Anything else is a 415 (curl -d without a Content-Type header sends
// form data; the problem says what to send). A malformed body is a 400 naming what the JSON parser saw.
import type { FastifyInstance } from 'fastify'
import { ProblemError, pointerToken } from '../../routes/problem.js'

export function registerJsonBody(app: FastifyInstance): void {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string))
    } catch (error) {
      done(error as Error, undefined)
    }
  })
}

export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') {
    throw new ProblemError({
      status: 400,
      code: 'malformed-json',
      detail: 'The body is empty; send a JSON object',
      errors: [{ path: '', message: 'is empty' }],
    })
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new ProblemError({
      status: 400,
      code: 'malformed-json',
      detail: `The body is not valid JSON: ${withLineAndColumn(reason, text)}`,
      errors: [{ path: '', message: `is not valid JSON: ${withLineAndColumn(reason, text)}` }],
    })
  }
  // Prototype poisoning: a "__proto__" key (or constructor.prototype) could alter objects built from the body
  // later (Object.assign, spreads). The raw text must mention one of them (or a \u escape) for a walk to be needed.
  if (/__proto__|constructor|\\u/.test(text)) {
    const found = findPoisonedKey(value)
    if (found !== undefined) {
      throw new ProblemError({
        status: 400,
        code: 'forbidden-property',
        detail: `The body contains a forbidden property at ${found}`,
        errors: [{ path: found, message: 'is a forbidden property name' }],
      })
    }
  }
  return value
}

function withLineAndColumn(reason: string, text: string): string {
  const m = /at position (\d+)/.exec(reason)
  if (m === null || /line \d+ column \d+/.test(reason)) return reason
  const position = Number(m[1])
  const before = text.slice(0, position)
  const line = before.split('\n').length
  const column = position - before.lastIndexOf('\n')
  return `${reason} (line ${line} column ${column})`
}

/** Iterative, so a deeply nested body cannot overflow the stack. Returns the JSON Pointer of the bad key. */
function findPoisonedKey(root: unknown): string | undefined {
  const stack: [unknown, string][] = [[root, '']]
  while (stack.length > 0) {
    const [value, path] = stack.pop() as [unknown, string]
    if (value === null || typeof value !== 'object') continue
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${path}/${i}`])
      continue
    }
    const record = value as Record<string, unknown>
    if (Object.prototype.hasOwnProperty.call(record, '__proto__')) return `${path}/__proto__`
    const ctor = Object.prototype.hasOwnProperty.call(record, 'constructor') ? record.constructor : undefined
    if (ctor !== null && typeof ctor === 'object' && Object.prototype.hasOwnProperty.call(ctor, 'prototype')) {
      return `${path}/constructor/prototype`
    }
    for (const key of Object.keys(record)) stack.push([record[key], `${path}/${pointerToken(key)}`])
  }
  return undefined
}
