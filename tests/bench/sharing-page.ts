import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { layoutFor } from "../../lib/holders/team-setup";
import { exportPublicKey, generateHolderKeyPair } from "../../lib/sharing/key-pair";
import { buildTeamKeyFile } from "../../lib/sharing/team-config";
import { DEFAULT_TASK_CATEGORIES } from "../../lib/tagging/categories";
import type { Meter } from "../e2e/support/meter";
import { figureTable } from "./report";
import { median } from "./stats";

// Protected sharing in the employee's page (issue 13): twelve complete weeks split into shares in
// the page's worker. Two figures per week: the worker's own time, and what a person waits from
// the click to the saved file. Printed, never asserted.

/** What the bench harness lends this section. */
export interface SharingPageBenchHost {
  readonly withMeter: <T>(windowed: boolean, body: (meter: Meter, profile: string) => Promise<T>) => Promise<T>;
  readonly print: (text: string) => void;
  readonly runs: number;
}

const DAY = 24 * 3600_000;
const WEEKS = 12;

/** Twelve weeks of use (one ChatGPT session a day on weekdays), as segments. */
function twelveWeeks(now: number) {
  const segments = [];
  for (let d = WEEKS * 7 + 7; d >= 8; d--) {
    const start = new Date(now - d * DAY);
    if (start.getDay() === 0 || start.getDay() === 6) continue;
    start.setHours(10, 0, 0, 0);
    segments.push({ toolId: d % 3 ? "chatgpt" : "claude", start: start.getTime(), end: start.getTime() + 20 * 60_000 });
  }
  return segments;
}

/** Shard time per week in the employee's share page, over `runs` saves of twelve weeks. */
export async function sharingPageBench({ withMeter, print, runs }: SharingPageBenchHost): Promise<void> {
  const [lead, custodian] = await Promise.all([generateHolderKeyPair(), generateHolderKeyPair()]);
  const teamKey = await buildTeamKeyFile(
    {
      teamLabel: "Bench",
      lead: { name: "Lead", publicKey: await exportPublicKey(lead) },
      custodian: { name: "Custodian", publicKey: await exportPublicKey(custodian) },
      k: 5,
      noiseEpsilon: null,
      layout: layoutFor({
        organizationToolIds: [],
        categoryIds: DEFAULT_TASK_CATEGORIES.map((category) => category.id),
        roundingMinutes: 5,
      }),
    },
    "0.1.0",
  );
  const { workerMs, clickMs } = await withMeter(false, async (meter, profile) => {
    const now = Date.now();
    await meter.session.evaluateInWorker(
      `globalThis.__testHooks.backdateTrackingStart(${JSON.stringify(
        new Date(now - (WEEKS + 3) * 7 * DAY).toISOString().slice(0, 10),
      )}).then(() => globalThis.__testHooks.seedSegments(${JSON.stringify(twelveWeeks(now))}, 600000))`,
    );
    const keyPath = join(profile, "team-key.json");
    await writeFile(keyPath, JSON.stringify(teamKey));
    const options = await meter.openPage("options.html");
    await options.locator("#team-key-file").setInputFiles(keyPath);
    await options.getByTestId("protected-on").waitFor();
    const share = await meter.openPage("share.html");
    await share.locator("#weeks").selectOption(String(WEEKS));
    await share.getByLabel(/Your name, as .* knows you/).fill("Bench person");
    const worker: number[] = [];
    const click: number[] = [];
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      await meter.download(() => share.getByRole("button", { name: /Save the file for/ }).click());
      click.push((performance.now() - started) / WEEKS);
      const timing = (await share.getByTestId("protected-saved").getAttribute("data-ms-per-week")) ?? "";
      worker.push(...timing.split(",").map(Number));
    }
    return { workerMs: worker, clickMs: click };
  });
  print(`\nProtected sharing: the employee's page splits ${WEEKS} weeks into shares (${runs} saves)\n`);
  print(
    figureTable([
      {
        name: "shard time per week, in the page's worker",
        value: median(workerMs),
        max: Math.max(...workerMs),
        unit: "ms",
      },
      { name: "click to saved file, per week", value: median(clickMs), max: Math.max(...clickMs), unit: "ms" },
    ]),
  );
}
