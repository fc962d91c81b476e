// POST /v1/explain?format=text: the same diagnosis as plain text for terminals and chat tools. Compact: the
// verdict, AWS's message, each finding with where it points, and each fix as a one-line JSON statement.
import type { ExplainResponse, WireFinding } from './schemas/explain.js'

const VERDICT: Record<ExplainResponse['decision'], string> = {
  allowed: 'ALLOWED',
  explicitDeny: 'DENIED (explicit deny)',
  implicitDeny: 'DENIED (implicit deny: nothing allows it)',
}

const NOUN: Record<string, string> = {
  identity: 'identity policy',
  resource: 'resource-based policy',
  permissionsBoundary: 'permissions boundary',
  session: 'session policy',
  scp: 'SCP',
  rcp: 'RCP',
  vpcEndpoint: 'VPC endpoint policy',
}

export function renderText(r: ExplainResponse): string {
  const lines: string[] = [VERDICT[r.decision], r.message]
  if (r.findings.length) {
    lines.push('', 'Findings:')
    r.findings.forEach((f, i) => lines.push(...finding(f, i + 1)))
  }
  if (r.fixPlan) {
    const steps = r.fixPlan.steps.map((i) => String(i + 1)).join(', ')
    lines.push('', `Plan: apply the fixes of ${steps} together → ${r.fixPlan.decisionAfter}${r.fixPlan.remaining ? `; still: ${r.fixPlan.remaining}` : ''}`)
  }
  if (r.sources) lines.push('', ...sourceLines(r.sources))
  lines.push('', `(Service Authorization Reference ${r.catalogVersion})`)
  return `${lines.join('\n')}\n`
}

function finding(f: WireFinding, n: number): string[] {
  const where: string[] = []
  if (f.layer) where.push(`${NOUN[f.layer] ?? f.layer}${f.policyId ? ` ${f.policyId}` : ''}${f.level !== undefined ? ` (level ${f.level})` : ''}`)
  if (f.index !== undefined) where.push(`statement ${f.sid ? `${f.sid} ` : ''}#${f.index}`)
  const out = [`${String(n).padStart(2)}. ${f.code} [${f.severity}]${where.length ? ` ${where.join(', ')}` : ''}`, `    ${f.message}`]
  if (f.requestChange) {
    out.push(`    request change → ${f.requestChange.decisionAfter}: ${f.requestChange.description} ${JSON.stringify(f.requestChange.context)}`)
  }
  if (f.fix) {
    const x = f.fix
    const after = x.requires?.length ? ` (with the fixes of ${x.requires.map((i) => i + 1).join(', ')})` : ''
    out.push(`    fix → ${x.decisionAfter}${after}: ${x.description}`)
    out.push(`      ${JSON.stringify(x.statement)}`)
    if (x.warning) out.push(`      warning: ${x.warning}`)
    if (x.remaining) out.push(`      still: ${x.remaining}`)
  }
  return out
}

function sourceLines(s: NonNullable<ExplainResponse['sources']>): string[] {
  const cached = s.provenance.filter((p) => p.fromCache).length
  const out = [`Policies: ${s.provenance.length} read from ${s.source === 'aws' ? 'AWS' : 'the snapshots'} (${cached} from cache)`]
  for (const [k, v] of Object.entries(s.context)) out.push(`  context from the source: ${k} = ${Array.isArray(v) ? v.join(', ') : v}`)
  for (const u of s.unavailable) out.push(`  not read: ${u.what} (${u.why}${u.action ? `, needs ${u.action}` : ''})`)
  for (const w of s.warnings) out.push(`  note: ${w.message}`)
  return out
}
