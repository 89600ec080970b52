import { reviseExport } from "../../db/exported-weeks";
import { trackingSince } from "../../db/kept-values";
import type { MessageHandlers } from "../../messages/protocol";
import { policyValues } from "../../policy/policy";
import { buildTeamReport } from "../../report/builder";
import { teamReportFileName } from "../../report/file-name";
import { reportedToolIds } from "../../report/reported-tools";
import { TeamReportError } from "../../report/team-report-error";
import type { HandlerContext } from "./context";

/** The weekly team report the person previews and saves. */
export function reportHandlers({
  db,
  tracking,
  now,
  version,
  policy: policySource,
  storage,
}: HandlerContext): Pick<MessageHandlers, "buildTeamReport"> {
  return {
    async buildTeamReport({ period, withoutLocalNoise }) {
      await tracking.recorded();
      const [{ settings, policy }, days, tags, since] = await Promise.all([
        policySource.effectiveSettings(),
        tracking.serialized(() => db.days.toArray()),
        tracking.serialized(() => db.tags.toArray()),
        trackingSince(db, now()),
      ]);
      const values = policyValues(policy);
      try {
        const built = await buildTeamReport({
          days,
          tags,
          options: {
            approvedToolIds: reportedToolIds(settings, policy),
            taskCategories: values.taskCategories,
            teamLabel: values.teamLabel,
            trainingDate: values.trainingDate,
            roundingMinutes: values.export.roundingMinutes,
            noiseEpsilon: withoutLocalNoise ? 0 : values.export.noiseEpsilon,
            trackingSince: since,
            generatorVersion: version(),
          },
          ...(period ? { period } : {}),
          now: now(),
          secret: await storage.deviceSecret(),
        });
        // Issue 12: a week exported again with other content carries the next revision.
        const file = await tracking.serialized(() => reviseExport(db, built));
        return { ok: true as const, file, fileName: teamReportFileName(file.team, file.period.to) };
      } catch (error) {
        if (error instanceof TeamReportError) return { ok: false as const, error: error.message };
        throw error;
      }
    },
  };
}
