import { z } from "zod";
import { type EngagementState, REPORTED_TABS_MAX } from "./engagement";

/**
 * The tracking state as the worker keeps it between transitions, and its schema: it is read
 * back after every worker start, so it is validated like any input, and a state that fails
 * is replaced by a fresh one rather than trusted.
 */

/** A tool id: catalog ids and `custom-…` ids are lowercase words; never a URL or a host. */
const toolIdSchema = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "not a tool id")
  .max(64);

/** Epoch ms. */
const timeSchema = z.number().finite().nonnegative();

const tabIdSchema = z.number().int().min(-1);

const activeTabSchema = z.strictObject({
  tabId: tabIdSchema,
  toolId: toolIdSchema.nullable(),
  hidden: z.boolean().optional(),
});

const openSegmentSchema = z
  .strictObject({
    toolId: toolIdSchema,
    tabId: tabIdSchema,
    windowId: z.number().int(),
    start: timeSchema,
    lastSeen: timeSchema,
    estimated: z.boolean().optional(),
  })
  .refine((open) => open.start <= open.lastSeen, "a segment cannot be seen before it began");

/** The engagement machine's state. */
export const engagementStateSchema = z
  .strictObject({
    clock: timeSchema,
    focusedWindowId: z.number().int(),
    focusLostAt: timeSchema.nullable(),
    activeTabs: z
      .record(z.string().regex(/^-?\d{1,12}$/), activeTabSchema)
      .refine((tabs) => Object.keys(tabs).length <= 500, "too many windows"),
    idle: z.enum(["active", "idle", "locked"]),
    paused: z.boolean(),
    open: openSegmentSchema.nullable(),
    since: timeSchema,
    reported: z
      .record(z.string().regex(/^-?\d{1,12}$/), timeSchema)
      .refine((tabs) => Object.keys(tabs).length <= REPORTED_TABS_MAX, "too many tabs")
      .optional(),
    vouched: z
      .strictObject({ tabId: tabIdSchema, toolId: toolIdSchema, from: timeSchema, until: timeSchema })
      .refine((vouched) => vouched.from <= vouched.until, "vouched after it ended")
      .nullable()
      .optional(),
  })
  .refine((state) => !state.open || state.open.lastSeen <= state.clock, "a segment seen after the clock")
  .refine((state) => state.since <= state.clock, "a floor after the clock");

/** A closed segment waiting to be written. */
export const segmentSchema = z
  .strictObject({ toolId: toolIdSchema, start: timeSchema, end: timeSchema })
  .refine((segment) => segment.start < segment.end, "an empty segment");

/** What the worker keeps between transitions. */
export const persistedTrackingSchema = z.strictObject({
  /** The browser session the state belongs to. */
  epoch: z.string().min(1).max(64),
  engagement: engagementStateSchema,
  /** Closed segments that could not be written yet (e.g. storage full); retried first. */
  pending: z.array(segmentSchema).max(10_000),
  /**
   * Closed segments measured before the organization's policy was known (the first minutes
   * after install): written once the policy says their tool is approved, dropped otherwise.
   */
  provisional: z.array(segmentSchema).max(10_000),
  /** Epoch ms of the last retention run. */
  prunedAt: timeSchema,
});

/** The state the worker keeps between transitions. */
export type PersistedTracking = z.infer<typeof persistedTrackingSchema>;

/** Compile-time check that the schema describes exactly the engine's own state. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const engagementMatches: Same<z.infer<typeof engagementStateSchema>, EngagementState> = true;
void engagementMatches;

/** A stored state, validated: null when it is missing or fails the schema. */
export function parsePersistedTracking(raw: unknown): PersistedTracking | null {
  const parsed = persistedTrackingSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/**
 * The state that versions before the database's version 3 kept in extension storage, brought to
 * today's shape: the open segment learns its tab, and the floor for late reports is the clock.
 * Null when it is not a state those versions wrote.
 */
export function upgradeLegacyTracking(raw: unknown): PersistedTracking | null {
  if (typeof raw !== "object" || raw === null) return null;
  const old = raw as { engagement?: Record<string, unknown> & { open?: Record<string, unknown> | null } };
  const engagement = old.engagement;
  if (typeof engagement !== "object" || engagement === null) return null;
  const focused = String(engagement.focusedWindowId);
  const tabs = (engagement.activeTabs ?? {}) as Record<string, { tabId?: unknown }>;
  const open = engagement.open
    ? {
        ...engagement.open,
        tabId: engagement.open.tabId ?? tabs[focused]?.tabId ?? -1,
        windowId: engagement.open.windowId ?? engagement.focusedWindowId,
      }
    : null;
  return parsePersistedTracking({
    provisional: [],
    ...old,
    engagement: { ...engagement, open, since: engagement.since ?? engagement.clock },
  });
}
