// Whether a record is an authorization denial. CTREC: denied calls carry errorCode and errorMessage, e.g.
// AccessDenied, AccessDeniedException, UnauthorizedOperation, Client.UnauthorizedOperation; other services use
// their own codes (SNS AuthorizationError). A record without errorCode is a call that succeeded.

export type Outcome =
  | { kind: 'success' }
  | { kind: 'denied'; code: string }
  | { kind: 'authentication'; code: string }
  | { kind: 'otherError'; code: string }

const DENIAL_CODES = new Set(
  [
    'AccessDenied',
    'AccessDeniedException',
    'UnauthorizedOperation',
    'Client.UnauthorizedOperation',
    'UnauthorizedAccess',
    'UnauthorizedAccessException',
    'UnauthorizedException',
    'AuthorizationError',
    'AuthorizationErrorException',
    'Forbidden',
    'ForbiddenException',
    'NotAuthorized',
    'NotAuthorizedException',
    'AccessDeniedError',
    'AWS.SimpleQueueService.AccessDenied',
  ].map((c) => c.toLowerCase()),
)

const AUTHENTICATION_CODES = new Set(
  ['InvalidClientTokenId', 'ExpiredToken', 'ExpiredTokenException', 'SignatureDoesNotMatch', 'InvalidAccessKeyId', 'UnrecognizedClientException', 'InvalidToken', 'TokenRefreshRequired'].map((c) =>
    c.toLowerCase(),
  ),
)

const DENIAL_TEXT = /\bnot authorized to perform\b|\bAccess Denied\b|\bexplicit deny\b|\bis not authorized\b/i

export function outcomeOf(errorCode: unknown, errorMessage: unknown): Outcome {
  const code = typeof errorCode === 'string' ? errorCode.trim() : ''
  const message = typeof errorMessage === 'string' ? errorMessage : ''
  if (!code && !message) return { kind: 'success' }
  const lower = code.toLowerCase()
  if (AUTHENTICATION_CODES.has(lower)) return { kind: 'authentication', code }
  if (DENIAL_CODES.has(lower) || DENIAL_TEXT.test(message)) return { kind: 'denied', code: code || '(no errorCode)' }
  return { kind: 'otherError', code: code || '(no errorCode)' }
}
