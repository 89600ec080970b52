import { useLiveQuery } from "dexie-react-hooks";
import { useEffect, useState } from "react";
import { useT } from "../../components/messages";
import { TagForm } from "../../components/TagForm";
import { MeterDatabase } from "../../lib/db/database";
import type { SettingsView } from "../../lib/messages/protocol";
import { sendMessage } from "../../lib/platform/send-message";
import { saveTagAnswer } from "../../lib/platform/tag-client";
import { toolName } from "../../lib/settings/tool-name";

const db = new MeterDatabase();

/** The tag form for one visit, opened from a notification. */
export function TagPage({ visitId }: { visitId: number }) {
  const t = useT();
  const visit = useLiveQuery(
    async () => (Number.isInteger(visitId) ? ((await db.visits.get(visitId)) ?? null) : null),
    [visitId],
  );
  const [view, setView] = useState<SettingsView | null>(null);
  const [done, setDone] = useState(false);

  useEffect(() => {
    void sendMessage("getSettingsView", {}).then(setView);
  }, []);

  const finish = () => {
    setDone(true);
    setTimeout(() => window.close(), 1200);
  };

  if (done) {
    return (
      <main>
        <p role="status">{t("tagWindowDone")}</p>
      </main>
    );
  }
  if (visit === null) {
    return (
      <main>
        <p className="notice">{t("tagVisitGone")}</p>
      </main>
    );
  }
  if (!visit || !view) return <main />;
  const name = toolName(visit.toolId, view.settings);
  return (
    <main>
      <h1>{t("tagWindowTitle")}</h1>
      <TagForm
        heading={t("tagVisitLabel", [
          name,
          String(Math.max(1, Math.round(visit.activeMs / 60_000))),
          new Date(visit.start).toLocaleString(undefined, { weekday: "short", hour: "2-digit", minute: "2-digit" }),
        ])}
        categories={view.categories}
        onSave={async (draft) => {
          const errors = await saveTagAnswer(visitId, draft);
          if (!errors) finish();
          return errors;
        }}
        onSkip={async () => {
          await sendMessage("skipTag", { visitId });
          finish();
        }}
        onNotToday={async () => {
          await sendMessage("declineTagToday", { visitId });
          finish();
        }}
      />
    </main>
  );
}
