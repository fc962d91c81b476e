// AWS's stated cause, in the wire shape (API.md "reportedCause").
import type { ReportedCause } from '../types.js'
import type { StatedCause } from './parse-message.js'

export function reportedCauseOf(cause: StatedCause): ReportedCause {
  return {
    decision: cause.decision,
    layer: cause.layer,
    policyArn: cause.policyArn,
    policyTypePhrase: cause.phrase ?? cause.otherReason ?? null,
  }
}
