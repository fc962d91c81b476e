// src/explain: the decision record (and the catalog) → a diagnosis: AWS's AccessDenied message, every finding with
// its evidence, and the narrowest fixes, each verified by re-running the engine. Pure: no I/O, no clock.
//
//   diagnoseRequest(request, policies, catalog, { now, rcpSupported })  evaluate (full trace) + diagnose
//   diagnose(request, policies, evaluation, ctx, catalog, opts)          diagnose an evaluation already made
//   applyFixes(policies, fixes)                                          the PolicySet with fixes applied
export { diagnose, diagnoseRequest, type DiagnoseOptions } from './diagnose.js'
export { applyFixes } from './apply-fix.js'
export { deniedMessage, allowedMessage, type MessageSubject } from './message.js'
export { neededResourcePattern } from './resource-pattern.js'
export * from './types.js'
