import { useCallback, useEffect, useState } from "react";
import { useT } from "../../components/messages";
import type { ProtectedSharingView } from "../../lib/messages/protocol";
import { pageUrl } from "../../lib/platform/pages";
import { watchManagedPolicyInPage } from "../../lib/platform/policy-watch";
import { sendMessage } from "../../lib/platform/send-message";

/**
 * Protected sharing in the options (issue 13): who the two key holders are, the team key file
 * for teams without a policy, and in plain words who can learn what.
 */
export function ProtectedSharingSection() {
  const t = useT();
  const [view, setView] = useState<ProtectedSharingView | null>(null);
  const [verdict, setVerdict] = useState<{ kind: "ok" | "error"; text: string } | null>(null);
  const [codeText, setCodeText] = useState("");
  const [codeVerdict, setCodeVerdict] = useState<{ kind: "ok" | "error"; text: string } | null>(null);

  const load = useCallback(async () => setView(await sendMessage("getProtectedSharing", {})), []);
  useEffect(() => {
    void load();
    return watchManagedPolicyInPage(() => void load());
  }, [load]);

  async function importFile(file: File | undefined) {
    if (!file) return;
    setVerdict(null);
    // Read at most a little more than the largest team key, so a huge file costs nothing.
    const text = await file.slice(0, 100_001).text();
    const answer = await sendMessage("importTeamKey", { text: text.slice(0, 100_000) });
    if (answer.ok) {
      setView(answer.view);
      setVerdict({ kind: "ok", text: t("protectedTeamKeyImported", file.name) });
    } else {
      setVerdict({ kind: "error", text: t("protectedTeamKeyRefused", [file.name, answer.error]) });
    }
  }

  async function saveCode(code: string | null) {
    setCodeVerdict(null);
    const answer = await sendMessage("setMemberCode", { code: code === null ? null : code.slice(0, 40) });
    if (answer.ok) {
      setView(answer.view);
      setCodeText("");
      setCodeVerdict(code === null ? null : { kind: "ok", text: t("protectedCodeSaved") });
    } else {
      setCodeVerdict({ kind: "error", text: t("protectedCodeRefused", answer.error) });
    }
  }

  if (!view) return null;
  const inForce = view.inForce;
  return (
    <section aria-labelledby="protected-heading" data-testid="protected-sharing">
      <h2 id="protected-heading">{t("protectedHeading")}</h2>
      {inForce ? (
        <>
          <p data-testid="protected-on">
            {t(inForce.source === "policy" ? "protectedOnByPolicy" : "protectedOnByTeamKey", inForce.team.teamLabel)}
          </p>
          <dl className="holders">
            <dt>{t("protectedCustodianRole")}</dt>
            <dd data-testid="protected-custodian">{inForce.team.custodian.name}</dd>
            <dt>{t("protectedLeadRole")}</dt>
            <dd data-testid="protected-lead">{inForce.team.lead.name}</dd>
          </dl>
          {inForce.team.noiseEpsilon !== null && <p>{t("protectedNoise", String(inForce.team.noiseEpsilon))}</p>}
          <div data-testid="member-code">
            {view.memberCode ? (
              <p data-testid="member-code-set">
                {t("protectedCodeSet", inForce.team.custodian.name)}{" "}
                <button type="button" className="secondary" onClick={() => void saveCode(null)}>
                  {t("protectedCodeRemove")}
                </button>
              </p>
            ) : (
              <form
                onSubmit={(event) => {
                  event.preventDefault();
                  void saveCode(codeText);
                }}
              >
                <div className="field">
                  <label htmlFor="member-code-input">{t("protectedCodeLabel", inForce.team.custodian.name)}</label>
                  <input
                    id="member-code-input"
                    value={codeText}
                    maxLength={40}
                    autoComplete="off"
                    spellCheck={false}
                    onChange={(event) => setCodeText(event.target.value)}
                  />
                  <span className="muted">{t("protectedCodeHelp", inForce.team.custodian.name)}</span>
                </div>
                <button type="submit">{t("protectedCodeSave")}</button>
              </form>
            )}
            {codeVerdict && (
              <p
                className={codeVerdict.kind === "error" ? "notice" : "muted"}
                role={codeVerdict.kind === "error" ? "alert" : "status"}
                data-testid="member-code-verdict"
              >
                {codeVerdict.text}
              </p>
            )}
          </div>
        </>
      ) : (
        <p className="muted" data-testid="protected-off">
          {t(view.setByPolicy ? "protectedOffByPolicy" : "protectedOff")}
        </p>
      )}
      {!view.setByPolicy && (
        <div className="field">
          <label htmlFor="team-key-file">{t("protectedTeamKeyLabel")}</label>
          <input
            id="team-key-file"
            type="file"
            accept=".json,application/json"
            onChange={(event) => {
              void importFile(event.target.files?.[0]);
              event.target.value = "";
            }}
          />
          {view.teamKeyImported && (
            <button
              type="button"
              className="secondary"
              onClick={async () => {
                setView(await sendMessage("removeTeamKey", {}));
                setVerdict(null);
              }}
            >
              {t("protectedTeamKeyRemove")}
            </button>
          )}
        </div>
      )}
      {verdict && (
        <p
          className={verdict.kind === "error" ? "notice" : "muted"}
          role={verdict.kind === "error" ? "alert" : "status"}
          data-testid="team-key-verdict"
        >
          {verdict.text}
        </p>
      )}
      <p>
        <a href={pageUrl("custodian")}>{t("custodianLink")}</a>
      </p>
      <h3>{t("protectedWhoHeading")}</h3>
      <ul data-testid="protected-who">
        <li>{t("protectedWhoEmployee")}</li>
        <li>{t("protectedWhoLead")}</li>
        <li>{t("protectedWhoCustodian")}</li>
        <li>{t("protectedWhoLeadership")}</li>
        <li>{t("protectedWhoIt")}</li>
        <li>{t("protectedWhoFile")}</li>
        <li>{t("protectedWhoAssumption")}</li>
      </ul>
    </section>
  );
}
