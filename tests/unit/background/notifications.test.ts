import { describe, expect, it } from "vitest";
import {
  badgeText,
  notificationId,
  pendingNotification,
  visitIdOfNotification,
} from "../../../lib/background/notifications";

describe("badgeText", () => {
  it.each([
    [0, ""],
    [1, "1"],
    [99, "99"],
    [150, "99"],
  ])("%i visits waiting show %j", (count, text) => {
    expect(badgeText(count)).toBe(text);
  });
});

describe("notification ids", () => {
  it.each([1, 42, 123456])("visit %i round-trips through its notification id", (visitId) => {
    expect(visitIdOfNotification(notificationId(visitId))).toBe(visitId);
  });

  it.each(["other:5", "visit:", "visit:0", "visit:-3", "visit:1.5", "visit:abc"])("%j is not a visit's", (id) => {
    expect(visitIdOfNotification(id)).toBeNull();
  });
});

describe("pendingNotification", () => {
  const message = (key: string, substitutions?: string | string[]) =>
    `${key}(${[substitutions ?? []].flat().join(",")})`;
  it.each([
    [10, "1"],
    [89, "1"],
    [90, "2"],
    [600, "10"],
  ])("a visit of %i s says %s minutes", (activeSeconds, minutes) => {
    const visit = { visitId: 7, toolId: "chatgpt", start: 0, activeSeconds };
    expect(pendingNotification(visit, "ChatGPT", message)).toEqual({
      title: "notificationTitle()",
      message: `notificationMessage(ChatGPT,${minutes})`,
    });
  });
});
