// The engine's semantics table of condition operators (family, variables, and checkValue for policy values).
// The one place src/validate reaches it.
export { operatorInfo } from '../engine/index.js'
