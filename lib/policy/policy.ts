/**
 * The managed policy IT sets for the extension (Chrome/Edge `3rdparty` extension policy,
 * Firefox `3rdparty.Extensions`), read through `storage.managed`.
 *
 * Chrome and Edge check a policy against managed_schema.json and silently drop what does
 * not match; Firefox checks nothing. So this module is the real guard: it validates each
 * field on its own, keeps every valid one, and reports the rest so the options page can
 * show what was ignored.
 */
// The policy in three seams: its schema, reading it field by field, and applying it.
export {
  applyPolicy,
  type LockedField,
  lockedFields,
  lockedSettings,
  POLICY_DEFAULTS,
  type PolicyValues,
  policyValues,
} from "./policy-apply";
export { MAX_POLICY_ISSUES, type ParsedPolicy, type PolicyIssue, parsePolicy } from "./policy-parse";
export { approvedToolIdSchema, type Policy, type PolicyField, policySchema, taskCategorySchema } from "./policy-schema";
