/** Extension-storage key the heartbeat script writes. */
export const HEARTBEAT_KEY = "heartbeat";

/**
 * How often a visible AI-tool page writes its heartbeat (ms). A browser close or crash
 * loses at most about this much engaged time, well inside the 1 s loss limit.
 */
export const HEARTBEAT_INTERVAL_MS = 500;
