import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import type { AggregateFile } from "../../lib/report/aggregate-format";
import { SHARES_FORMAT } from "../../lib/sharing/formats";
import { addWeeks, isoWeekOf } from "../../lib/time/iso-week";
import { expect, test } from "./fixtures";
import { DashboardPage } from "./pages/dashboard-page";
import { CustodianPage, LeadSection } from "./pages/holder-pages";
import { Meter } from "./support/meter";
import { requireBuild, TEST_BUILD } from "./support/paths";

// Protected sharing (issue 13), end to end in real Chromium: six employees, the custodian and the
// lead, each in a profile of their own, started one after another, passing files as people do
// (the team key file path, so no machine-wide policy is needed). The same employees also save
// direct files, imported into a separate dashboard profile: without noise, both give the same figures.

test.setTimeout(600_000);

const DAY = 24 * 3600_000;
const EMPLOYEES = [1, 2, 3, 4, 5, 6];
const member = (n: number) => `Employee ${n}`;

/** Local midnight of the Monday of last week: the last complete week. */
function lastWeekMonday(now: number): Date {
  const day = new Date(now - 7 * DAY);
  day.setHours(0, 0, 0, 0);
  day.setDate(day.getDate() - ((day.getDay() + 6) % 7));
  return day;
}

/** Employee n's use of AI tools last week (employee 6 used none). */
function segmentsOf(n: number, now: number) {
  if (n === 6) return [];
  const monday = lastWeekMonday(now).getTime();
  return [1, 2].flatMap((d) => {
    const at = monday + d * DAY + 9 * 3600_000 + n * 60_000;
    return [
      { toolId: "chatgpt", start: at, end: at + (12 + 9 * n) * 60_000 },
      // Five people on each tool, so the tools' figures are released (no tool of fewer than k to hide).
      { toolId: "claude", start: at + 2 * 3600_000, end: at + 2 * 3600_000 + (10 + 5 * n) * 60_000 },
    ];
  });
}

/** No accessibility violations on the page as it is now. */
async function axe(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** What the dashboard's main view shows and exports, as text, to compare two dashboards. */
async function mainViewOf(meter: Meter, dashboard: DashboardPage) {
  const texts = async (testId: string) =>
    (await dashboard.page.getByTestId(testId).locator("tbody tr").allInnerTexts()).map((row) => row.trim());
  const kpis: string[] = [];
  for (const id of ["active-rate", "retention", "saved-per-week", "saved-total"]) {
    kpis.push(((await dashboard.kpi(id).textContent()) ?? "").trim());
  }
  const json = await meter.download(() => dashboard.page.getByRole("button", { name: "Download JSON" }).click());
  const csv = await meter.download(() => dashboard.page.getByRole("button", { name: "Download CSV" }).click());
  // Reports waiting are compared apart: the protected side also counts late reports at the custodian's.
  const report = JSON.parse(json.text) as { waitingReports: number };
  return {
    weeks: await texts("weeks"),
    bands: await texts("bands"),
    useCases: await texts("use-cases"),
    kpis,
    json: { ...report, waitingReports: null },
    csv: csv.text.replace(/^.*reports waiting for release.*$/m, ""),
    waitingReports: report.waitingReports,
  };
}

test("six employees, a custodian and a lead: protected figures equal direct ones; k − 1, replays and forgeries get nowhere", async ({
  sites,
}, testInfo) => {
  const now = Date.now();
  const week = addWeeks(isoWeekOf(now), -1);
  const files = testInfo.outputPath("hand-offs");
  const profiles: string[] = [];
  const save = async (name: string, text: string) => {
    const path = join(files, name);
    await writeFile(path, text);
    return path;
  };
  /** Starts one person's browser on their own profile (kept between their turns), runs `turn`, closes it. */
  const profileDirs = new Map<string, string>();
  async function as<T>(who: string, turn: (meter: Meter) => Promise<T>): Promise<T> {
    let dir = profileDirs.get(who);
    if (!dir) {
      dir = await mkdtemp(join(tmpdir(), `ai-adoption-meter-${who.replace(/\W/g, "")}-`));
      profileDirs.set(who, dir);
      profiles.push(dir);
    }
    const meter = await Meter.launch(
      { extensionPath: requireBuild(TEST_BUILD), userDataDir: dir, hostResolverRules: sites.hostResolverRules },
      testInfo.outputPath(`downloads-${who.replace(/\W/g, "")}`),
    );
    try {
      return await turn(meter);
    } catch (error) {
      // What each page showed when the turn failed.
      for (const page of meter.session.context.pages()) {
        const text = await page
          .locator("main")
          .textContent({ timeout: 1000 })
          .catch(() => null);
        await testInfo.attach(`${who} ${page.url()}`, { body: text ?? "", contentType: "text/plain" });
      }
      throw error;
    } finally {
      await meter.close();
    }
  }
  await mkdir(files, { recursive: true });

  try {
    // The custodian and the lead make their keys; the lead makes the team key file.
    const custodianKey = await as("custodian", async (meter) => {
      const page = new CustodianPage(await meter.openPage("custodian.html"));
      await expect(page.step()).toHaveAttribute("data-step", "createKey");
      await page.doStep("Create my key pair");
      await expect(page.step()).toHaveAttribute("data-step", "custodianTeamKey");
      return page.publicKey();
    });
    expect(custodianKey).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const teamKeyPath = await as("lead", async (meter) => {
      const lead = new LeadSection(await meter.openPage("dashboard.html"));
      await lead.doStep("Create my key pair");
      await expect(lead.step()).toHaveAttribute("data-step", "leadTeam");
      await lead.makeTeamKey({ team: "Finance", lead: "Dana", custodian: "Sam", custodianKey });
      const { fileName, text } = await meter.download(() => lead.teamKeyButton().click());
      expect(fileName).toBe("team-key-finance.json");
      await expect(lead.step()).toHaveAttribute("data-step", "importRequest");
      await expect(lead.step()).toContainText("1 of 4: import the request from Sam, the custodian");
      return save(fileName, text);
    });

    // Member codes for employees 1 and 2, handed over in person: shown once, on the custodian's page.
    const codes = await as("custodian", async (meter) => {
      const page = new CustodianPage(await meter.openPage("custodian.html"));
      await page.importTeamKey(teamKeyPath);
      await expect(page.step()).toHaveAttribute("data-step", "members");
      await page.setMembers(EMPLOYEES.map(member));
      await expect(page.step()).toHaveAttribute("data-step", "collect");
      const given = new Map<number, string>();
      for (const n of [1, 2]) {
        given.set(n, await page.issueCode(member(n)));
        await expect(page.memberCode(member(n))).toHaveAttribute("data-code", "yes");
      }
      await expect(page.memberCode(member(3))).toHaveAttribute("data-code", "no");
      // The custodian's page with a code on show, and its member list, for everyone.
      await axe(page.page);
      await page.page.reload();
      await expect(page.memberCode(member(1))).toHaveAttribute("data-code", "yes");
      await expect(page.page.getByTestId("issued-code")).toHaveCount(0);
      await expect(page.page.locator("main")).not.toContainText(given.get(1) as string);
      return given;
    });
    for (const code of codes.values()) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);

    // Each employee: last week's use, a direct file, then the team key and the protected file.
    const direct: string[] = [];
    const shares: string[] = [];
    const shardMs: number[] = [];
    for (const n of EMPLOYEES) {
      await as(`employee${n}`, async (meter) => {
        await meter.session.evaluateInWorker(
          `globalThis.__testHooks.backdateTrackingStart(${JSON.stringify(
            new Date(now - 28 * DAY).toISOString().slice(0, 10),
          )}).then(() => globalThis.__testHooks.seedSegments(${JSON.stringify(segmentsOf(n, now))}, 600000))`,
        );
        const share = await meter.openPage("share.html");
        await share.locator("#weeks").selectOption("1");
        await expect(share.getByTestId("share-summary")).toContainText(`to ${week}`);
        const plain = await meter.download(() => share.getByRole("button", { name: "Save file" }).click());
        direct.push(await save(`direct-${n}.json`, plain.text));

        const options = await meter.openPage("options.html");
        await options.locator("#team-key-file").setInputFiles(teamKeyPath);
        await expect(options.getByTestId("team-key-verdict")).toContainText("protected sharing is on");
        await expect(options.getByTestId("protected-custodian")).toHaveText("Sam");
        await expect(options.getByTestId("protected-lead")).toHaveText("Dana");
        const code = codes.get(n);
        if (code) {
          // Entered once, as people type it: employee 1 in lower case without the dash.
          await options.getByLabel("Member code from Sam").fill(n === 1 ? code.toLowerCase().replace("-", "") : code);
          await options.getByRole("button", { name: "Save the member code" }).click();
          await expect(options.getByTestId("member-code-set")).toBeVisible();
        }
        if (n === 3) {
          // The options' protected-sharing section with its member code field.
          await expect(options.getByLabel("Member code from Sam")).toBeVisible();
          await axe(options);
        }

        // A new tab: the browser asks before a page saves a second file without a click of its own.
        await share.close();
        const share2 = await meter.openPage("share.html");
        // Employee 1 also sends the week before, which nobody else sends: a late report that waits.
        await share2.locator("#weeks").selectOption(n === 1 ? "2" : "1");
        const whoSees = share2.getByTestId("protected-who-sees");
        await expect(whoSees).toContainText("Nobody sees this row.");
        await expect(whoSees).toContainText("Your lead, Dana, sees only the team's total over at least 5 people.");
        await expect(whoSees).toContainText("The custodian, Sam, sees only that you sent a report.");
        // The plain record is still shown in full before saving.
        await expect(share2.getByTestId("share-table").locator(`tr[data-week="${week}"]`)).toBeVisible();
        await share2.getByLabel("Your name, as Sam knows you").fill(member(n));
        await expect(share2.getByRole("button", { name: "Save the file for Sam" })).toBeEnabled();
        const protectedFile = await meter.download(() =>
          share2.getByRole("button", { name: "Save the file for Sam" }).click(),
        );
        expect(protectedFile.fileName).toBe(
          n === 1
            ? `protected-shares-${addWeeks(week, -1)}-to-${week}-for-sam.json`
            : `protected-shares-${week}-for-sam.json`,
        );
        const parsed = JSON.parse(protectedFile.text);
        expect(parsed.format).toBe(SHARES_FORMAT);
        // The file holds no figure anyone can read: not the tool, not the sender's name.
        expect(protectedFile.text).not.toMatch(/chatgpt|claude|Employee|activeMinutes/);
        const timing = await share2.getByTestId("protected-saved").getAttribute("data-ms-per-week");
        shardMs.push(...(timing ?? "").split(",").map(Number));
        shares.push(await save(`shares-${n}.json`, protectedFile.text));
      });
    }
    testInfo.annotations.push({
      type: "shard ms per week",
      description: shardMs.map((ms) => ms.toFixed(0)).join(", "),
    });

    // The lead forges four shares files of their own, with the extension, as anyone could.
    const forged = await as("lead", async (meter) => {
      await meter.session.evaluateInWorker(
        `globalThis.__testHooks.backdateTrackingStart(${JSON.stringify(new Date(now - 28 * DAY).toISOString().slice(0, 10))})`,
      );
      const options = await meter.openPage("options.html");
      await options.locator("#team-key-file").setInputFiles(teamKeyPath);
      await expect(options.getByTestId("protected-on")).toBeVisible();
      const paths: string[] = [];
      for (const [i, sender] of ["Ghost A", "Ghost B", member(2), member(1)].entries()) {
        if (i === 3) {
          // Knowing a name is not enough, and guessing a code is not either.
          const withCode = await meter.openPage("options.html");
          await withCode.getByLabel("Member code from Sam").fill("AAAA-AAAA");
          await withCode.getByRole("button", { name: "Save the member code" }).click();
          await expect(withCode.getByTestId("member-code-set")).toBeVisible();
          await withCode.close();
        }
        const share = await meter.openPage("share.html");
        await share.locator("#weeks").selectOption("1");
        await share.getByLabel("Your name, as Sam knows you").fill(sender);
        await expect(share.getByRole("button", { name: "Save the file for Sam" })).toBeEnabled();
        const file = await meter.download(() => share.getByRole("button", { name: "Save the file for Sam" }).click());
        paths.push(await save(`forged-${i}.json`, file.text));
        await share.close();
      }
      // The lead's own dashboard never takes a shares file.
      const lead = new LeadSection(await meter.openPage("dashboard.html"));
      await lead.importFiles(paths);
      await expect(lead.verdicts()).toHaveCount(4);
      for (const path of paths) {
        await expect(lead.verdict(path.split("/").at(-1) as string)).toHaveAttribute("data-ok", "false");
      }
      return paths;
    });

    // The custodian: four reports are a batch of k − 1 and are refused; then the rest, and the forgeries.
    const requestPath = await as("custodian", async (meter) => {
      const page = new CustodianPage(await meter.openPage("custodian.html"));
      await page.importFiles(shares.slice(0, 4));
      await expect(page.waitingWeek(week)).toContainText("4 report(s) waiting (5 needed)");
      await expect(page.step()).toHaveAttribute("data-step", "collect");
      await expect(page.page.getByRole("button", { name: /Prepare the request/ })).toHaveCount(0);

      await page.importFiles([...shares.slice(4), ...forged]);
      for (const name of ["shares-5.json", "shares-6.json"]) {
        await expect(page.verdict(name)).toHaveAttribute("data-ok", "true");
      }
      for (const path of forged) {
        await expect(page.verdict(path.split("/").at(-1) as string)).toHaveAttribute("data-ok", "false");
      }
      // In the names of members who have a code: without it (employee 2's), or with a wrong one (employee 1's).
      for (const name of ["forged-2.json", "forged-3.json"]) {
        await expect(page.verdict(name)).toContainText("without the member code you gave them; it is not taken");
      }
      await expect(page.verdict("forged-0.json")).toContainText("not on your list of team members");
      await expect(page.waitingWeek(week)).toContainText("6 report(s) waiting");
      // A re-sent file is a duplicate: its verdict says so and nothing is counted twice.
      await page.importFiles([shares[0] as string]);
      await expect(page.verdict("shares-1.json")).toHaveAttribute("data-ok", "false");
      await expect(page.waitingWeek(week)).toContainText("6 report(s) waiting");

      await expect(page.step()).toHaveAttribute("data-step", "prepareRequest");
      await page.doStep(`Prepare the request for ${week}`);
      await expect(page.step()).toContainText("2 of 4: send this request to Dana, your lead");
      const name = `protected-request-${week}-batch-1-for-dana.json`;
      const { fileName, text } = await meter.download(() => page.saveButton(name).click());
      expect(fileName).toBe(name);
      await expect(page.step()).toContainText("3 of 4: import the answer from Dana");
      // Employee 1's report of the week before waits for a later batch of at least 5.
      await expect(page.waitingWeek(addWeeks(week, -1))).toContainText("1 report(s) waiting (5 needed)");
      return save(fileName, text);
    });

    const answerPath = await as("lead", async (meter) => {
      const lead = new LeadSection(await meter.openPage("dashboard.html"));
      await lead.importFiles([requestPath]);
      const requestName = requestPath.split("/").at(-1) as string;
      await expect(lead.verdict(requestName)).toContainText("6 valid, 0 rejected");
      // The same request again (a replayed hand-off) gets its verdict and changes nothing.
      await lead.importFiles([requestPath]);
      await expect(lead.verdict(requestName)).toHaveAttribute("data-ok", "false");
      await expect(lead.verdict(requestName)).toContainText("already answered");
      await expect(lead.step()).toContainText("2 of 4: send this answer to Sam, the custodian");
      // The lead's dashboard says how many late reports wait at the custodian's: a count per week, no name.
      await expect(lead.lateWeek(addWeeks(week, -1))).toHaveText(`${addWeeks(week, -1)}: 1 report(s) waiting`);
      await expect(lead.root.getByTestId("lead-late-reports")).not.toContainText("Employee");
      const name = `protected-answer-${week}-batch-1-for-sam.json`;
      const { fileName, text } = await meter.download(() => lead.saveButton(name).click());
      await expect(lead.step()).toContainText("3 of 4: import the team's sum from Sam");
      return save(fileName, text);
    });

    const sumPath = await as("custodian", async (meter) => {
      const page = new CustodianPage(await meter.openPage("custodian.html"));
      await page.importFiles([answerPath]);
      await expect(page.step()).toContainText("4 of 4: send the team's sum to Dana, your lead");
      const name = `protected-sum-${week}-batch-1-for-dana.json`;
      const { fileName, text } = await meter.download(() => page.saveButton(name).click());
      return save(fileName, text);
    });

    const { protectedRow, protectedMain } = await as("lead", async (meter) => {
      const lead = new LeadSection(await meter.openPage("dashboard.html"));
      await lead.importFiles([sumPath]);
      await expect(lead.step()).toHaveAttribute("data-step", "figuresIn");
      const row = lead.weekRow(week);
      await expect(row).toBeVisible();
      // The dashboard's main view, its releases and leadership's export take the batch's sums.
      const dashboard = new DashboardPage(lead.page);
      await expect(dashboard.page.getByTestId("weeks").locator(`tr[data-week="${week}"]`)).toHaveAttribute(
        "data-source",
        "protected",
      );
      await expect(dashboard.page.getByTestId("protected-weeks-note")).toContainText(
        `Figures of ${week} come from protected batches`,
      );
      await expect(dashboard.page.getByTestId("protected-waiting")).toContainText(
        "1 protected report(s) are not in these figures yet",
      );
      return {
        protectedRow: (await row.locator("th, td").allInnerTexts()).map((cell) => cell.trim()),
        protectedMain: await mainViewOf(meter, dashboard),
      };
    });

    // Direct sharing of the same weeks, in a dashboard of its own.
    const { directRow, directMain } = await as("direct-dashboard", async (meter) => {
      const dashboard = new DashboardPage(await meter.openPage("dashboard.html"));
      await dashboard.importFiles(direct);
      const row = dashboard.page.getByTestId("weeks").locator(`tr[data-week="${week}"]`);
      await expect(row).toBeVisible();
      await expect(row).toHaveAttribute("data-source", "direct");
      await expect(dashboard.page.getByTestId("protected-weeks-note")).toHaveCount(0);
      return {
        directRow: (await row.locator("th, td").allInnerTexts()).map((cell) => cell.trim()),
        directMain: await mainViewOf(meter, dashboard),
      };
    });
    // The main view (weekly table, headline figures, bands, time saved by task) and leadership's
    // JSON and CSV exports: exactly those of direct sharing on the same week.
    expect({ ...protectedMain, waitingReports: null }).toEqual({ ...directMain, waitingReports: null });
    expect(protectedMain.weeks).toHaveLength(1);
    expect(protectedMain.json).toMatchObject({ period: { from: week, to: week } });
    expect(protectedMain.csv).toContain(week);
    // Employee 1's late report of the week before is waiting at the custodian's: the export says so.
    expect(protectedMain.waitingReports).toBe(1);
    expect(directMain.waitingReports).toBe(0);
    // Week, reporting, active, rate, minutes saved: exactly the same.
    expect(protectedRow.slice(0, 5)).toEqual(directRow.slice(0, 5));
    expect(protectedRow.slice(1, 3)).toEqual(["6", "5"]);

    // Per tool, the protected sum equals the sum of the direct records, as released in the main view
    // and the export (the lead's section shows no tool figure of its own, unsuppressed).
    const records = await Promise.all(
      direct.map(async (path) => (JSON.parse(await readFile(path, "utf8")) as AggregateFile).records),
    );
    const minutes = new Map<string, number>();
    for (const record of records.flat().filter((r) => r.week === week)) {
      for (const tool of record.tools) minutes.set(tool.toolId, (minutes.get(tool.toolId) ?? 0) + tool.activeMinutes);
    }
    expect(minutes.get("chatgpt")).toBeGreaterThan(0);
    expect(minutes.get("claude")).toBeGreaterThan(0);
    const tools = (protectedMain.json as unknown as { tools: { toolId: string; activeMinutes: unknown }[] }).tools;
    for (const toolId of ["chatgpt", "claude"]) {
      expect(tools.find((row) => row.toolId === toolId)?.activeMinutes).toMatchObject({ value: minutes.get(toolId) });
    }
    expect(protectedRow).toHaveLength(5);
  } finally {
    for (const dir of profiles) await rm(dir, { recursive: true, force: true });
  }
});
