// Element matchers: Action/NotAction, Resource/NotResource, Principal/NotPrincipal, and the glob they share.
// Each is compiled once per statement; match() allocates nothing on the common path.
export { compileGlob, compileGlobParts, parseGlob, STAR, QMARK, type Glob, type GlobPart } from './glob.js'
export { compileActionMatcher, type ActionMatcher } from './action.js'
export { compileResourceMatcher, type ResourceMatcher } from './resource.js'
export {
  compilePrincipalMatcher,
  compileNotPrincipalMatcher,
  type NotPrincipalMatcher,
  type PrincipalMatch,
  type PrincipalMatcher,
  type PrincipalMatchOptions,
  type PrincipalVia,
} from './principal.js'
