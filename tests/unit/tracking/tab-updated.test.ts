import { describe, expect, it } from "vitest";
import { tabUpdatedEvent } from "../../../lib/tracking/tab-updated";

type Change = Parameters<typeof tabUpdatedEvent>[2];
type Tab = Parameters<typeof tabUpdatedEvent>[3];

const CHAT = "https://chatgpt.com/c/1";
const tab = (props: { active: boolean; url?: string }) => ({ id: 5, windowId: 1, index: 0, ...props }) as Tab;
const event = (change: Change, props: { active: boolean; url?: string }) =>
  tabUpdatedEvent(1000, 5, change, tab(props));

describe("tabs.onUpdated filter", () => {
  it("passes a URL change of the active tab", () => {
    expect(event({ url: CHAT }, { active: true, url: CHAT })).toEqual({
      type: "tabUpdated",
      at: 1000,
      windowId: 1,
      tabId: 5,
      active: true,
      url: CHAT,
    });
  });

  it("passes the start of a navigation away, which has no URL the extension may see", () => {
    expect(event({ status: "loading" }, { active: true })).toMatchObject({ type: "tabUpdated", url: undefined });
  });

  it("passes the end of a load on a page the extension cannot see: its URL may have just left a tool", () => {
    expect(event({ status: "complete" }, { active: true })).toMatchObject({ type: "tabUpdated", url: undefined });
  });

  it("ignores the end of a load on a page whose URL change was already reported", () => {
    expect(event({ status: "complete" }, { active: true, url: CHAT })).toBeNull();
  });

  it("ignores tabs in the background", () => {
    expect(event({ url: CHAT, status: "loading" }, { active: false, url: CHAT })).toBeNull();
    expect(event({ status: "loading" }, { active: false })).toBeNull();
  });

  it("ignores changes that say nothing about the URL", () => {
    expect(event({ title: "Chat" } as Change, { active: true, url: CHAT })).toBeNull();
  });
});
