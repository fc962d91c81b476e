// validatePolicy: a policy document judged as AWS and IAM Access Analyzer would, for one kind of policy.
// Grammar (src/policy) first; the catalog, security and size checks run on the normalized policy whenever
// the document can be read at all. Never throws: an unreadable document is a list of error findings.

import type { Catalog } from '../catalog/index.js'
import { checkActions } from './actions.js'
import { checkConditions } from './conditions.js'
import { loadDocument } from './document.js'
import { FindingList, sortFindings } from './finding-list.js'
import { checkResources } from './resources.js'
import { checkSecurity } from './security.js'
import { checkSize } from './size.js'
import { buildStatementViews, type CheckContext } from './statements.js'
import { checkSuggestions } from './suggestions.js'
import type { Finding, SizeReport, ValidatePolicyType, ValidationResult } from './types.js'

const EMPTY_SIZE: SizeReport = {
  chars: 0,
  nonWhitespace: 0,
  bytes: 0,
  measured: 'compact',
  limit: null,
  unit: 'characters',
  size: 0,
  note: 'The document could not be measured.',
}

/** Findings and the size report for a document (object, JSON text or URL-encoded JSON text). */
export function validateDocument(document: unknown, policyType: ValidatePolicyType, catalog: Catalog): ValidationResult {
  const out = new FindingList()
  let size = EMPTY_SIZE
  try {
    const doc = loadDocument(document, policyType)
    // Grammar findings keep src/policy's codes, severities and paths.
    for (const f of doc.grammar) out.push({ severity: f.severity, code: f.code, message: f.message, path: f.path })
    if (doc.raw || doc.text) size = checkSize(doc, policyType, doc.policy, out)
    if (doc.policy && doc.raw) {
      const ctx: CheckContext = {
        policy: doc.policy,
        policyType,
        catalog,
        out,
        statements: buildStatementViews(doc.policy, doc.raw, catalog),
      }
      checkActions(ctx)
      checkResources(ctx)
      checkConditions(ctx)
      checkSecurity(ctx)
      checkSuggestions(ctx)
    }
  } catch (e) {
    out.push({
      severity: 'error',
      code: 'internal-error',
      message: `The policy could not be validated (${e instanceof Error ? e.message : String(e)}); this is a bug in iamdx.`,
      path: '',
    })
  }
  return { findings: sortFindings(out.list), size }
}

/** The findings for a document, sorted by severity, then by place in the document. */
export function validatePolicy(document: unknown, policyType: ValidatePolicyType, catalog: Catalog): Finding[] {
  return validateDocument(document, policyType, catalog).findings
}
