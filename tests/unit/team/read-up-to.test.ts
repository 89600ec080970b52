import { describe, expect, it } from "vitest";
import { readUpTo } from "../../../lib/team/import";

// Picked files are streamed, never asked their size (issue 16): the limit is kept while reading.

describe("readUpTo", () => {
  it.each([
    ["an empty file", 0],
    ["a small file", 1500],
    ["a file of exactly the limit, in several chunks", 200_000],
  ])("reads %s whole", async (_, size) => {
    const bytes = new Uint8Array(size).map((_, i) => i % 251);
    const read = await readUpTo(new Blob([bytes]), 200_000);
    expect(read).not.toBeNull();
    expect(new Uint8Array(read as ArrayBuffer)).toEqual(bytes);
  });

  it("stops as soon as a file passes the limit, and says so with null", async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(64 * 1024));
      },
    });
    const blob = { stream: () => endless } as unknown as Blob;
    expect(await readUpTo(blob, 1024 * 1024)).toBeNull();
    // 17 chunks of 64 KiB pass 1 MiB; the stream is cancelled there, not read to its end.
    expect(pulled).toBeLessThanOrEqual(18);
  });

  it("a file one byte over the limit is refused", async () => {
    expect(await readUpTo(new Blob([new Uint8Array(1001)]), 1000)).toBeNull();
  });
});
