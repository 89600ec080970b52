import { describe, expect, it } from "vitest";
import { MEMBER_CODE_PATTERN, readMemberCode } from "../../../lib/sharing/member-code";

describe("a typed member code", () => {
  it.each([
    ["7K3M-Q9PX", "7K3M-Q9PX"],
    ["7k3mq9px", "7K3M-Q9PX"],
    [" 7K3M Q9PX ", "7K3M-Q9PX"],
    ["7-K-3-M-Q-9-P-X", "7K3M-Q9PX"],
    // Look-alikes people type for the digits: I and L for 1, O for 0.
    ["IL0O-ABCD", "1100-ABCD"],
  ])("reads %s as %s", (typed, code) => {
    expect(readMemberCode(typed)).toEqual({ ok: true, code });
    expect(code).toMatch(MEMBER_CODE_PATTERN);
  });

  it.each([
    ["too short", "7K3M-Q9P", /8 characters/],
    ["too long", "7K3M-Q9PXX", /8 characters/],
    ["empty", "", /8 characters/],
    ["a letter codes never use", "7K3M-Q9PU", /"U"/],
    ["punctuation", "7K3M.Q9P", /"\."/],
  ])("refuses a code that is %s, saying why", (_name, typed, reason) => {
    const read = readMemberCode(typed);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toMatch(reason);
  });
});
