import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateSampleTeam } from "../../lib/team/sample-data";
import { startFakeSites } from "../e2e/support/fake-sites";
import { Meter } from "../e2e/support/meter";
import { PRODUCTION_BUILD, requireBuild } from "../e2e/support/paths";

// A CPU profile of the dashboard's page and worker while importing generated reports: where the
// seconds go. PROFILE_REPORTS sets the count (default 1,000); profiles are written to PROFILE_DIR;
// PROFILE_TAIL_MS profiles on after the figures show.

const count = Number(process.env.PROFILE_REPORTS ?? 1000);
const out = process.env.PROFILE_DIR ?? tmpdir();
const sites = await startFakeSites();
const profile = await mkdtemp(join(tmpdir(), "meter-profile-"));
const meter = await Meter.launchProduction(
  { extensionPath: requireBuild(PRODUCTION_BUILD), userDataDir: profile, hostResolverRules: sites.hostResolverRules },
  join(profile, "downloads"),
);
const dir = await mkdtemp(join(tmpdir(), "meter-reports-"));
const paths: string[] = [];
for (let seed = 1; paths.length < count; seed++) {
  for (const { name, file } of generateSampleTeam(seed, Date.now()).files) {
    if (paths.length >= count) break;
    const recent = file.records.slice(-4);
    const path = join(dir, `${seed}-${name}`);
    await writeFile(
      path,
      JSON.stringify({ ...file, period: { from: recent[0]?.week, to: recent.at(-1)?.week }, records: recent }),
    );
    paths.push(path);
  }
}
const page = await meter.session.context.newPage();
const cdp = await meter.session.context.newCDPSession(page);
if (process.env.PROFILE_CONSOLE) page.on("console", (message) => process.stdout.write(`page: ${message.text()}\n`));
const workers: string[] = [];
let nextId = 1000;
const waiting = new Map<number, (result: unknown) => void>();
cdp.on("Target.attachedToTarget", (event: { sessionId: string; targetInfo: { type: string } }) => {
  if (event.targetInfo.type === "worker") workers.push(event.sessionId);
});
cdp.on("Target.receivedMessageFromTarget", (event: { message: string }) => {
  const message = JSON.parse(event.message) as {
    id?: number;
    result?: unknown;
    method?: string;
    params?: { args: { value?: unknown }[] };
  };
  if (message.method === "Runtime.consoleAPICalled" && process.env.PROFILE_CONSOLE)
    process.stdout.write(`${message.params?.args.map((a) => a.value).join(" ")}\n`);
  if (message.id !== undefined) waiting.get(message.id)?.(message.result);
});
const toWorker = (sessionId: string, method: string, params: object = {}) =>
  new Promise<unknown>((resolve) => {
    const id = nextId++;
    waiting.set(id, resolve);
    void cdp.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify({ id, method, params }) });
  });
await cdp.send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
await page.goto(meter.session.extensionUrl("dashboard.html"));
await page.getByTestId("no-data").waitFor();
for (let i = 0; i < 50 && workers.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
const worker = workers[0] as string;
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 500 });
await cdp.send("Profiler.start");
await toWorker(worker, "Runtime.enable");
await toWorker(worker, "Profiler.enable");
await toWorker(worker, "Profiler.setSamplingInterval", { interval: 500 });
await toWorker(worker, "Profiler.start");
const started = Date.now();
await page.getByTestId("file-input").setInputFiles(paths);
await page.getByTestId("kpi-active-rate").waitFor({ timeout: 600_000 });
const importMs = Date.now() - started;
// PROFILE_TAIL_MS keeps profiling that long after the figures show (the charts, the file list).
await new Promise((resolve) => setTimeout(resolve, Number(process.env.PROFILE_TAIL_MS ?? 0)));
const pageProfile = (await cdp.send("Profiler.stop")) as { profile: unknown };
const workerProfile = (await toWorker(worker, "Profiler.stop")) as { profile: unknown };
if (process.env.PROFILE_RELOAD) {
  const reloaded = Date.now();
  await page.reload();
  await page.getByTestId("kpi-active-rate").waitFor({ timeout: 600_000 });
  process.stdout.write(`reload → figures: ${Date.now() - reloaded} ms\n`);
}
await writeFile(join(out, "dashboard-page.cpuprofile"), JSON.stringify(pageProfile.profile));
await writeFile(join(out, "dashboard-worker.cpuprofile"), JSON.stringify(workerProfile.profile));
process.stdout.write(`${count} reports: ${importMs} ms; profiles in ${out}\n`);
await meter.close();
await sites.close();
await rm(dir, { recursive: true, force: true });
await rm(profile, { recursive: true, force: true });
