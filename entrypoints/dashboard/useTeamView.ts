import { startTransition, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { CATALOG } from "../../lib/catalog/catalog";
import type { SettingsView } from "../../lib/messages/protocol";
import { extensionVersion } from "../../lib/platform/pages";
import { sendMessage } from "../../lib/platform/send-message";
import type { TeamMetricsOptions, TeamView, WeekTotals } from "../../lib/team/metrics";
import { SAMPLE_TEAM_SIZE } from "../../lib/team/sample-data";
import { type ImportOutcome, type ImportProgress, unsavedAfter } from "../../lib/team/team-database";
import { safeLabel } from "../../lib/team/team-report-format";
import { teamWorkerClient } from "../../lib/team/team-worker-client";
import type { FileList, ImportRulesMessage, TeamRequest } from "../../lib/team/worker-protocol";
import { inImportOrder, readForImport } from "./read-files";
import TeamWorker from "./team.worker.ts?worker";

/** The dashboard's worker: it alone owns the team database; imports and figures run there. */
const ask = teamWorkerClient(new TeamWorker());

/** Files listed one by one at most; beyond that the list shows the problems and a count. */
export const LISTED_FILES = 100;

/**
 * Files read and handed to the worker at once: the next ones are read while these are saved. The
 * handing over of a message, and its answer checked, take one task of the page each: 1,000 files
 * made tasks of over 50 ms on a busy machine (issue 16).
 */
const FILES_PER_MESSAGE = 250;
/** Files of the first message, smaller so that the worker starts soon after the files arrive. */
const FIRST_MESSAGE_FILES = 200;

/** An error's message, for showing. */
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Why the page cannot show something: an import or the figures failed. */
export type DashboardProblem = { key: "dashboardImportError" | "dashboardViewError"; detail: string };

/** What the lead sets on the page itself, where policy leaves it open. */
export interface LeadSettings {
  readonly teamSize: number | null;
  readonly hourlyCost: number | null;
  readonly teamLabel: string | null;
}

const EMPTY_LIST: FileList = { listed: [], total: 0, verdicts: {}, sampleFileIds: [] };

/**
 * The team dashboard's state and actions: settings in force, the import log, the released view,
 * imports with their progress, and removal. Every change goes through the worker; the file list
 * is asked for apart from the view, so its Remove and Clear controls never wait for the figures.
 */
export function useTeamView() {
  const [settings, setSettings] = useState<SettingsView | null>(null);
  const [lead, setLead] = useState<LeadSettings>({ teamSize: null, hourlyCost: null, teamLabel: null });
  const [files, setFiles] = useState<FileList>(EMPTY_LIST);
  const [view, setView] = useState<TeamView | null>(null);
  const [waiting, setWaiting] = useState(0);
  // The lead's combined protected batches (issue 13), as week totals: their weeks' figures.
  const [protectedTotals, setProtectedTotalsNow] = useState<readonly WeekTotals[]>([]);
  const [protectedWeeks, setProtectedWeeks] = useState<{ weeks: string[]; directLeftOut: number }>({
    weeks: [],
    directLeftOut: 0,
  });
  // Protected reports not in the figures yet: late ones at the custodian's, and answered ones waiting for the sum.
  const [protectedWaiting, setProtectedWaiting] = useState(0);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  // Files that were valid but could not be saved are in no log entry: they are kept here to be listed.
  const [unsaved, setUnsaved] = useState<ImportOutcome[]>([]);
  const [problem, setProblem] = useState<DashboardProblem | null>(null);

  const org = settings?.organization.dashboard;
  const k = org?.minGroupSize ?? 5;
  const teamSize = org?.teamSize ?? lead.teamSize;
  const hourlyCost = org?.hourlyCost ?? lead.hourlyCost;
  // The report's team label is the lead's own (policy, or the setting here); never one from a file.
  const teamLabel = safeLabel(settings?.organization.teamLabel) ?? lead.teamLabel;
  // What a file may name: the catalog and this browser's custom tools, the task list in force.
  const rules = useMemo<ImportRulesMessage>(
    () => ({
      toolIds: [
        ...CATALOG.map((tool) => tool.id),
        ...(settings?.settings.customTools ?? []).map((tool) => tool.id),
        ...(settings?.organization.customToolIds ?? []),
      ],
      categoryIds: (settings?.categories ?? []).map((category) => category.id),
      readerVersion: extensionVersion(),
    }),
    [settings],
  );
  const options = useMemo<TeamMetricsOptions>(
    () => ({
      teamSize,
      hourlyCost,
      k,
      targets: {
        weeklyActiveRate: org?.weeklyActiveRateTarget ?? null,
        minutesSavedPerPersonWeek: org?.minutesSavedTarget ?? null,
      },
    }),
    [teamSize, hourlyCost, k, org],
  );

  // Answers can arrive out of order; only the newest request may set what is shown.
  const latest = useRef({ view: 0, files: 0 });
  const refresh = useCallback(async () => {
    const viewRequest = ++latest.current.view;
    const filesRequest = ++latest.current.files;
    // The worker answers in the order asked: the figures first, then the file list, whose
    // thousands of rows would otherwise hold the figures back on a reload (issue 16).
    const viewAnswer = ask("getView", {
      options,
      protectedTotals: protectedTotals as TeamRequest<"getView">["protectedTotals"],
    });
    const listed = ask("listFiles", { limit: LISTED_FILES }).then((list) => {
      // The list of up to LISTED_FILES rows renders in slices too.
      if (filesRequest === latest.current.files) startTransition(() => setFiles(list));
    });
    try {
      const answer = await viewAnswer;
      if (viewRequest !== latest.current.view) return;
      // A large view renders in slices between which the page answers input (issue 16: no task
      // over 50 ms); the figures it replaces stay on screen until it is ready.
      startTransition(() => {
        setView(answer.view);
        setWaiting(answer.waiting);
        setProtectedWeeks({ weeks: answer.protectedWeeks, directLeftOut: answer.directLeftOut });
      });
      setProblem((shown) => (shown?.key === "dashboardViewError" ? null : shown));
    } catch (error) {
      setProblem({ key: "dashboardViewError", detail: messageOf(error) });
    }
    await listed.catch((error) => setProblem({ key: "dashboardViewError", detail: messageOf(error) }));
  }, [options, protectedTotals]);
  // An import started before a settings change must refresh with the settings in force when it ends.
  const refreshNow = useRef(refresh);
  refreshNow.current = refresh;

  useEffect(() => {
    void sendMessage("getSettingsView", {}).then(setSettings);
  }, []);
  useEffect(() => {
    if (settings) void refresh();
  }, [settings, refresh]);

  /** Runs an import or removal, then shows what is stored; the progress bar goes whatever happens. */
  const change = useCallback(async (body: () => Promise<ImportOutcome[] | null>) => {
    setProblem(null);
    try {
      const outcomes = await body();
      if (outcomes) setUnsaved((earlier) => unsavedAfter(earlier, outcomes));
    } catch (error) {
      setProblem({ key: "dashboardImportError", detail: messageOf(error) });
    } finally {
      setProgress(null);
      await refreshNow.current();
    }
  }, []);

  const importFiles = useCallback(
    (picked: readonly File[]) => {
      if (picked.length === 0) return Promise.resolve();
      return change(async () => {
        const ordered = inImportOrder(picked);
        const total = ordered.length;
        const now = Date.now();
        setProgress({ done: 0, total });
        // The worker starts on a small first message while the page reads the next files. Each
        // message is sent as soon as it is read, so the worker's queue never runs dry; the page
        // reads on only once the message before it is answered, so at most three are in memory.
        const bounds: [number, number][] = [];
        for (let from = 0; from < total; ) {
          const to = Math.min(total, from + (from === 0 ? FIRST_MESSAGE_FILES : FILES_PER_MESSAGE));
          bounds.push([from, to]);
          from = to;
        }
        const readChunk = (i: number) => {
          const [from, to] = bounds[i] as [number, number];
          return readForImport(ordered.slice(from, to));
        };
        const answers: Promise<ImportOutcome[]>[] = [];
        let reading = readChunk(0);
        for (let i = 0; i < bounds.length; i++) {
          const from = (bounds[i] as [number, number])[0];
          const chunk = await reading;
          const transfer = chunk.flatMap((file) => (file.bytes ? [file.bytes] : []));
          const answer = ask(
            "importFiles",
            { files: chunk, now, rules },
            { transfer, onProgress: (p) => setProgress({ done: from + p.done, total }) },
          ).then((answered) => answered.outcomes);
          // A failure is reported once, by the await that meets it first; the others stay quiet.
          answer.catch(() => undefined);
          answers.push(answer);
          if (i + 1 < bounds.length) {
            await answers[i - 1];
            reading = readChunk(i + 1);
          }
        }
        // Answers come in the order sent, so the outcomes stay in file order.
        return (await Promise.all(answers)).flat();
      });
    },
    [change, rules],
  );

  const importSample = useCallback(
    () =>
      change(async () => {
        setProgress({ done: 0, total: SAMPLE_TEAM_SIZE });
        const answer = await ask(
          "importSample",
          { seed: Date.now() % 100_000, now: Date.now(), rules },
          { onProgress: setProgress },
        );
        return answer.outcomes;
      }),
    [change, rules],
  );

  const removeFiles = useCallback(
    (fileIds: readonly number[]) =>
      change(async () => {
        await ask("removeFiles", { fileIds: [...fileIds] });
        return null;
      }),
    [change],
  );

  const clearAll = useCallback(
    () =>
      change(async () => {
        await ask("clearFiles", {});
        setUnsaved([]);
        return null;
      }),
    [change],
  );

  /** Sets the protected batches' totals; the same totals again change nothing. */
  const setProtectedTotals = useCallback((totals: readonly WeekTotals[], waiting: number) => {
    setProtectedTotalsNow((shown) => (JSON.stringify(shown) === JSON.stringify(totals) ? shown : totals));
    setProtectedWaiting(waiting);
  }, []);

  const forgetUnsaved = useCallback(
    (outcome: ImportOutcome) => setUnsaved((all) => all.filter((other) => other !== outcome)),
    [],
  );

  return {
    settings,
    k,
    teamSize,
    hourlyCost,
    teamLabel,
    lead,
    setLead,
    files,
    unsaved,
    view,
    waiting,
    protectedWeeks,
    protectedWaiting,
    setProtectedTotals,
    progress,
    problem,
    importFiles,
    importSample,
    removeFiles,
    clearAll,
    forgetUnsaved,
  };
}

/** The dashboard's state and actions, as the sections receive them. */
export type TeamViewState = ReturnType<typeof useTeamView>;
