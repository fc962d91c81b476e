// POST /v1/explain with cloudTrailEvent, errorMessage or decodedAuthorizationMessage in place of request: the
// request comes from src/ingest, and the answer says what was inferred, what the input could not carry (when the
// policies in force would read it), and whether AWS's own stated cause agrees with iamdx's evaluation.
import type { IngestSuccess } from '../src/ingest/index.js'
import type { ExplainResponse } from './schemas/explain.js'

type Finding = ExplainResponse['findings'][number]

/** Keys the policies' conditions read, lower-cased (from the trace of every statement). */
function conditionKeys(response: ExplainResponse): string[] {
  const keys = new Set<string>()
  for (const l of response.evaluation.layers ?? []) for (const s of l.statements) for (const c of s.conditionResults ?? []) keys.add(c.key.toLowerCase())
  return [...keys]
}

/** `context <key>: why` entries matter only when some condition reads that key (or family: aws:PrincipalTag/*, s3:*). */
export function relevantMissing(missing: string[], response: ExplainResponse): string[] {
  const keys = conditionKeys(response)
  return missing.filter((m) => {
    const match = /^context ([^:\s]+:[^:\s]*)/.exec(m)
    if (!match) return true
    const k = match[1].toLowerCase()
    if (k.endsWith('*')) return keys.some((x) => x.startsWith(k.slice(0, -1)))
    return keys.includes(k)
  })
}

/** A finding when what AWS reported does not match what iamdx's evaluation of the same request concludes. */
export function causeFindings(out: IngestSuccess, response: ExplainResponse): Finding[] {
  const findings: Finding[] = []
  const e = response.evaluation
  const rc = out.reportedCause
  if (!out.denied && e.decision !== 'allowed') {
    findings.push({
      code: 'REPORTED_CAUSE_DISAGREES',
      severity: 'warning',
      message: `The input records a call that succeeded, but with the policies given iamdx reaches ${e.decision}: the policies given are not the ones that were in force, or the request lacks context the call carried.`,
    })
  }
  if (!rc || !rc.decision) return findings
  const denyKinds = (d: string) => d === 'explicitDeny' || d === 'implicitDeny'
  // Older AWS messages reported SCP implicit denies as explicit (§8.1, DENIED): not a disagreement.
  const scpWording = rc.layer === 'scp' && e.deniedBy?.layer === 'scp' && denyKinds(rc.decision) && denyKinds(e.decision)
  if (rc.decision !== e.decision && !scpWording) {
    findings.push({
      code: 'REPORTED_CAUSE_DISAGREES',
      severity: 'warning',
      message: `AWS reported ${rc.decision}${rc.layer ? ` (${rc.layer})` : ''}, but with the policies given iamdx reaches ${e.decision}${e.deniedBy ? ` (${e.deniedBy.layer})` : ''}: a policy in force is missing from the set given, or the request lacks context the call carried.`,
    })
    return findings
  }
  if (rc.layer) {
    const layer = (e.layers ?? []).find((l) => l.layer === rc.layer)
    if (layer && layer.decision === 'allowed') {
      findings.push({
        code: 'REPORTED_CAUSE_DISAGREES',
        severity: 'warning',
        layer: rc.layer,
        message: `AWS named the ${rc.layer} layer as the cause, but in iamdx's evaluation that layer allows the request: the ${rc.layer} policies given may not be the ones in force.`,
      })
    } else if (!layer && e.decision !== 'allowed') {
      findings.push({
        code: 'REPORTED_CAUSE_DISAGREES',
        severity: 'warning',
        layer: rc.layer,
        message: `AWS named the ${rc.layer} layer as the cause, but no ${rc.layer} policies were given: give them to see the statement that denied.`,
      })
    }
  }
  return findings
}
