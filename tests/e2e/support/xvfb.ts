import { type ChildProcess, spawn } from "node:child_process";

/** A private X display for one headful browser. */
export interface Display {
  name: string;
  stop(): Promise<void>;
}

/**
 * Starts Xvfb on a free display number (Xvfb picks it and reports it on a pipe), so
 * parallel runs never share a display. Needed where window focus matters: headless
 * Chromium reports every window as focused.
 */
export async function startXvfb(): Promise<Display> {
  const child: ChildProcess = spawn("Xvfb", ["-displayfd", "3", "-screen", "0", "1280x900x24", "-nolisten", "tcp"], {
    stdio: ["ignore", "ignore", "pipe", "pipe"],
  });
  const number = await new Promise<string>((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr?.on("data", (chunk) => {
      err += chunk;
    });
    child.stdio[3]?.on("data", (chunk) => {
      out += chunk;
      if (out.includes("\n")) resolve(out.trim());
    });
    child.on("error", (error) =>
      reject(new Error(`Xvfb could not start (${error.message}). Install it with \`sudo apt-get install -y xvfb\`.`)),
    );
    child.on("exit", (code) => reject(new Error(`Xvfb exited with ${code}: ${err}`)));
  });
  return {
    name: `:${number}`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
