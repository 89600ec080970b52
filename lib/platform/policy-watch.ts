import { policyAppliedItem } from "./policy-source";

/**
 * Calls back when the policy in use changes (the background has read and applied a new
 * one); returns the function that stops listening.
 */
export function watchManagedPolicyInPage(onChange: () => void): () => void {
  return policyAppliedItem.watch(() => onChange());
}
