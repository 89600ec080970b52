import { describe, expect, it } from "vitest";
import { errorNames, isQuotaError } from "../../../lib/db/write-error";

const wrapped = (name: string, inner?: unknown) => Object.assign(new Error(name), { name, inner });

describe("write errors", () => {
  it.each([
    ["the browser's own error", new DOMException("full", "QuotaExceededError"), true],
    ["wrapped once, as Dexie does", wrapped("AbortError", new DOMException("full", "QuotaExceededError")), true],
    [
      "wrapped twice, as in a bulk write",
      wrapped("BulkError", wrapped("AbortError", wrapped("QuotaExceededError"))),
      true,
    ],
    ["another failure", wrapped("AbortError", wrapped("UnknownError")), false],
    ["not an error at all", "full", false],
    ["nothing", null, false],
  ])("%s", (_name, error, full) => {
    expect(isQuotaError(error)).toBe(full);
  });

  it("lists the names along the chain, outermost first, and stops on a cycle", () => {
    expect(errorNames(wrapped("AbortError", wrapped("UnknownError")))).toEqual(["AbortError", "UnknownError"]);
    const cycle = wrapped("A");
    cycle.inner = cycle;
    expect(errorNames(cycle)).toHaveLength(4);
  });
});
