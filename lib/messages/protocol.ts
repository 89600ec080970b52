import { z } from "zod";
import { aggregateFileSchema } from "../report/aggregate-format";
import { settingsSchema } from "../settings/settings";
import { measurementLayoutSchema, teamConfigSchema } from "../sharing/team-config";
import { MEMBER_CODE_PATTERN } from "../sharing/member-code";
import { personalDataSchema } from "../stats/personal-data";
import { pendingVisitSchema } from "../tagging/pending-visit";
import { tagRequestSchema } from "../tagging/tag-input";
import { ISO_WEEK_PATTERN } from "../time/iso-week";
import { COUNTING_MESSAGE, PAGE_REPORTS_MAX } from "../tracking/heartbeat";

/** What the popup needs to know about tracking right now. */
export const trackingStatusSchema = z.strictObject({
  paused: z.boolean(),
  /** Tool being measured at this moment, or null. */
  engagedToolId: z.string().nullable(),
  /** Epoch ms when the current engagement began, or null. */
  engagedSince: z.number().nullable(),
  /** Last storage failure shown to the user, or null when writes succeed. */
  writeError: z.string().nullable(),
});

/** Tracking status as sent to pages. */
export type TrackingStatus = z.infer<typeof trackingStatusSchema>;

const empty = z.strictObject({});
const visitRef = z.strictObject({ visitId: z.number().int().positive() });

/** The settings in force and what the pages need to show them. */
export const settingsViewSchema = z.strictObject({
  settings: settingsSchema,
  /** Task categories in force, in display order. */
  categories: z.array(z.strictObject({ id: z.string(), label: z.string() })),
  /** Settings the organization's policy sets; the user cannot change them. */
  locked: z.array(z.string()),
  /** What the organization's managed policy sets, and what it tried to set but was invalid. */
  organization: z.strictObject({
    fields: z.array(z.strictObject({ field: z.string(), value: z.string() })),
    issues: z.array(z.strictObject({ field: z.string(), message: z.string() })),
    teamLabel: z.string().nullable(),
    trainingDate: z.string().nullable(),
    allowUserTools: z.boolean(),
    /** Custom tools that come from the policy; users cannot remove them. */
    customToolIds: z.array(z.string()),
    /** What the team dashboard uses: minimum group size, targets, hourly cost, team size. */
    dashboard: z.strictObject({
      minGroupSize: z.number(),
      weeklyActiveRateTarget: z.number().nullable(),
      minutesSavedTarget: z.number().nullable(),
      hourlyCost: z.number().nullable(),
      teamSize: z.number().nullable(),
    }),
  }),
});

/** The settings view as sent to pages. */
export type SettingsView = z.infer<typeof settingsViewSchema>;

/** Protected sharing as in force on this device (issue 13). */
export const protectedSharingViewSchema = z.strictObject({
  /** The team whose keys reports are split for, or null: direct files. */
  inForce: z
    .strictObject({ team: teamConfigSchema, teamId: z.string(), source: z.enum(["policy", "team-key-file"]) })
    .nullable(),
  /** The team the organization's policy sets, if any: what the key holders' pages follow. */
  policyTeam: teamConfigSchema.nullable(),
  /** Whether the organization's policy decides the mode (an imported team key then does not count). */
  setByPolicy: z.boolean(),
  /** Whether a team key file was imported on this device. */
  teamKeyImported: z.boolean(),
  /** For a lead's team key file: the measurement layout and smallest k this device's settings give. */
  localLayout: measurementLayoutSchema,
  minGroupSize: z.number().int(),
  /** The member code entered for the team in force, or null; it is sealed to the custodian with each report. */
  memberCode: z.string().regex(MEMBER_CODE_PATTERN).nullable(),
});

/** The protected-sharing view as sent to pages. */
export type ProtectedSharingView = z.infer<typeof protectedSharingViewSchema>;

/**
 * Every message between extension contexts: name → request and response schemas.
 * Names are camelCase verb-noun. Requests are validated on receipt, because a content
 * script runs inside a web page and is less trusted than the extension's own pages.
 */
export const protocol = {
  getStatus: { request: empty, response: trackingStatusSchema },
  setPaused: { request: z.strictObject({ paused: z.boolean() }), response: trackingStatusSchema },
  exportPersonalData: { request: empty, response: personalDataSchema },
  /** Changes some settings; refused as a whole, with a message per field, if any is invalid. */
  saveSettings: {
    request: z.strictObject({ patch: z.record(z.string(), z.unknown()) }),
    response: z.discriminatedUnion("ok", [
      z.strictObject({ ok: z.literal(true), settings: settingsSchema }),
      z.strictObject({ ok: z.literal(false), errors: z.record(z.string(), z.string()) }),
    ]),
  },
  getSettingsView: { request: empty, response: settingsViewSchema },
  getPendingVisits: { request: empty, response: z.strictObject({ visits: z.array(pendingVisitSchema) }) },
  /** Saves an answer; refused as a whole, with a message per field, if anything is wrong. */
  saveTag: {
    request: tagRequestSchema,
    response: z.discriminatedUnion("ok", [
      z.strictObject({ ok: z.literal(true) }),
      z.strictObject({ ok: z.literal(false), errors: z.record(z.string(), z.string()) }),
    ]),
  },
  skipTag: { request: visitRef, response: empty },
  declineTagToday: { request: visitRef, response: empty },
  /**
   * Builds the team report for a period of complete ISO weeks (default: the last four).
   * Nothing is saved or sent: the page shows it, and saves it only when the user asks.
   */
  buildTeamReport: {
    request: z.strictObject({
      period: z
        .strictObject({ from: z.string().regex(ISO_WEEK_PATTERN), to: z.string().regex(ISO_WEEK_PATTERN) })
        .optional(),
      /** Issue 13: for protected sharing, whose custodian adds central noise instead of local noise. */
      withoutLocalNoise: z.boolean().optional(),
    }),
    response: z.discriminatedUnion("ok", [
      z.strictObject({ ok: z.literal(true), file: aggregateFileSchema, fileName: z.string() }),
      z.strictObject({ ok: z.literal(false), error: z.string() }),
    ]),
  },
  /** Issue 13: who holds the keys of protected sharing, if it is on. */
  getProtectedSharing: { request: empty, response: protectedSharingViewSchema },
  /** Reads a team key file's text; stored only if valid, with a plain verdict either way. */
  importTeamKey: {
    request: z.strictObject({ text: z.string().max(100_000) }),
    response: z.discriminatedUnion("ok", [
      z.strictObject({ ok: z.literal(true), view: protectedSharingViewSchema }),
      z.strictObject({ ok: z.literal(false), error: z.string() }),
    ]),
  },
  /** Forgets the imported team key. */
  removeTeamKey: { request: empty, response: protectedSharingViewSchema },
  /** Stores the member code the custodian gave this person for the team in force (null forgets it). */
  setMemberCode: {
    request: z.strictObject({ code: z.string().max(40).nullable() }),
    response: z.discriminatedUnion("ok", [
      z.strictObject({ ok: z.literal(true), view: protectedSharingViewSchema }),
      z.strictObject({ ok: z.literal(false), error: z.string() }),
    ]),
  },
  /** Deletes every visit, daily total and tag. */
  deleteAllData: { request: empty, response: empty },
  /**
   * The heartbeat script reports that its page became visible or hidden, or that its window
   * gained or lost focus, and when (epoch ms, the page's own clock): every change it has not
   * had an answer for, oldest first. The reply says whether the page is being counted (then
   * it beats), with the session and tab its beats name.
   */
  reportPage: {
    request: z.strictObject({
      reports: z
        .array(
          z.strictObject({
            visible: z.boolean(),
            focused: z.boolean(),
            at: z.number().int().nonnegative(),
          }),
        )
        .min(1)
        .max(PAGE_REPORTS_MAX),
    }),
    response: z.strictObject({ counting: z.boolean(), epoch: z.string(), tabId: z.number().int() }),
  },
} as const;

/** Name of a message in the protocol. */
export type MessageName = keyof typeof protocol;
/** Request payload of a message. */
export type RequestOf<N extends MessageName> = z.infer<(typeof protocol)[N]["request"]>;
/** Response payload of a message. */
export type ResponseOf<N extends MessageName> = z.infer<(typeof protocol)[N]["response"]>;
/** Which tab a message came from, when it came from a web page. */
export interface MessageSender {
  tabId?: number;
  windowId?: number;
  /** The sending page's address; matched to a tool, never kept. */
  url?: string;
}
/** One handler per message. */
export type MessageHandlers = {
  [N in MessageName]: (request: RequestOf<N>, sender: MessageSender) => Promise<ResponseOf<N>>;
};

/** Messages a content script may send; everything else is refused from web-page contexts. */
export const CONTENT_SCRIPT_MESSAGES: ReadonlySet<MessageName> = new Set(["reportPage"]);

/** What the worker tells the heartbeat script of a tab whose counting starts or stops. */
export const countingMessageSchema = z.strictObject({ name: z.literal(COUNTING_MESSAGE), counting: z.boolean() });

/** A counting message as sent to a tab. */
export type CountingMessage = z.infer<typeof countingMessageSchema>;

/** The envelope on the wire. */
export const envelopeSchema = z.strictObject({ name: z.string(), request: z.unknown() });

/** A handler's reply on the wire: a result or a readable error. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };
