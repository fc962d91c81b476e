// Structured JSON logs (pino, through Fastify). Request bodies are never logged (Fastify logs method, URL,
// status and timing only); credentials in headers are redacted should anything log the headers.
import type { FastifyServerOptions } from 'fastify'
import type { LogLevel } from './config.js'

const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-amz-security-token', 'x-api-key']

export const REDACTED_PATHS = SECRET_HEADERS.flatMap((h) => [
  `req.headers["${h}"]`,
  `res.headers["${h}"]`,
  `headers["${h}"]`,
  `request.headers["${h}"]`,
])

/** Where log lines go (a Writable or anything with write(line)). */
export interface LogStream {
  write(msg: string): unknown
}

export function loggerOptions(level: LogLevel, stream?: LogStream): FastifyServerOptions['logger'] {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(stream !== undefined ? { stream } : {}),
  }
}
