import { importBench, worstViewBench } from "./dashboard";

// The dashboard's figures alone, without the rest of the bench: `npx tsx tests/bench/dashboard-only.ts`
// after `npm run build`. BENCH_DASHBOARD_RUNS sets the runs of each import size.

const print = (text: string) => process.stdout.write(`${text}\n`);
const host = {
  withMeter: () => {
    throw new Error("the dashboard bench launches its own production browser");
  },
  print,
};
worstViewBench(host);
await importBench(host);
