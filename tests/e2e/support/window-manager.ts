import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Display } from "./xvfb";

/**
 * Openbox on the display: without a window manager, X gives no window the focus and
 * cannot minimize one, so Chromium's focus events would not be what users see.
 */
export async function startWindowManager(display: Display): Promise<{ stop(): Promise<void> }> {
  // Openbox runs its start-up command once it manages the screen: that file says it is ready.
  const folder = await mkdtemp(join(tmpdir(), "openbox-"));
  const ready = join(folder, "ready");
  const child = spawn("openbox", ["--sm-disable", "--startup", `touch ${ready}`], {
    env: { ...process.env, DISPLAY: display.name },
    stdio: "ignore",
  });
  const failed = new Promise<never>((_, reject) => {
    child.once("error", (error) =>
      reject(
        new Error(`openbox could not start (${error.message}). Install it with \`sudo apt-get install -y openbox\`.`),
      ),
    );
    child.once("exit", (code) => reject(new Error(`openbox exited at start (code ${code})`)));
  });
  failed.catch(() => {});
  const started = (async () => {
    for (const deadline = Date.now() + 10_000; !existsSync(ready); ) {
      if (Date.now() > deadline) throw new Error("openbox did not become ready within 10 s");
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  started.catch(() => {});
  try {
    await Promise.race([started, failed]);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
  return {
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
