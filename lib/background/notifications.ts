import type { MessageKey } from "../messages/message-key";
import type { PendingVisit } from "../tagging/service";

/** The badge's colour while visits wait for an answer. */
export const BADGE_COLOR = "#0b5cad";

/** The badge text for `count` visits waiting: empty for none, at most "99". */
export function badgeText(count: number): string {
  return count > 0 ? String(Math.min(count, 99)) : "";
}

const NOTIFICATION_PREFIX = "visit:";

/** The id of the notification that asks about one visit. */
export function notificationId(visitId: number): string {
  return `${NOTIFICATION_PREFIX}${visitId}`;
}

/** The visit a notification asks about, or null when the id is not one of ours. */
export function visitIdOfNotification(id: string): number | null {
  if (!id.startsWith(NOTIFICATION_PREFIX)) return null;
  const visitId = Number(id.slice(NOTIFICATION_PREFIX.length));
  return Number.isInteger(visitId) && visitId > 0 ? visitId : null;
}

/** What the notification about a pending visit says, in whole minutes (at least 1). */
export function pendingNotification(
  visit: PendingVisit,
  toolName: string,
  message: (key: MessageKey, substitutions?: string | string[]) => string,
): { title: string; message: string } {
  const minutes = Math.max(1, Math.round(visit.activeSeconds / 60));
  return {
    title: message("notificationTitle"),
    message: message("notificationMessage", [toolName, String(minutes)]),
  };
}
