import { useT } from "../../components/messages";
import type { SettingsView } from "../../lib/messages/protocol";

/** What the organization's policy sets, and what it tried to set but was invalid. */
export function PolicySection({ organization }: { organization: SettingsView["organization"] }) {
  const t = useT();
  return (
    <section aria-labelledby="policy-heading" data-testid="policy">
      <h2 id="policy-heading">{t("optionsPolicyHeading")}</h2>
      {organization.fields.length === 0 && organization.issues.length === 0 ? (
        <p className="muted">{t("optionsPolicyNone")}</p>
      ) : (
        <>
          <p>{t("optionsPolicyIntro")}</p>
          {organization.teamLabel && <p data-testid="policy-team">{t("optionsPolicyTeam", organization.teamLabel)}</p>}
          {organization.trainingDate && (
            <p data-testid="policy-training">
              {t("optionsPolicyTraining", new Date(`${organization.trainingDate}T12:00:00`).toLocaleDateString())}
            </p>
          )}
          {organization.fields.length > 0 && (
            <table>
              <caption>{t("optionsPolicySetHeading")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("optionsPolicyField")}</th>
                  <th scope="col">{t("optionsPolicyValue")}</th>
                </tr>
              </thead>
              <tbody>
                {organization.fields.map((entry) => (
                  <tr key={entry.field}>
                    <th scope="row">
                      <code>{entry.field}</code>
                    </th>
                    <td>{entry.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {organization.issues.length > 0 && (
            <>
              <h3>{t("optionsPolicyIgnoredHeading")}</h3>
              <ul data-testid="policy-issues">
                {organization.issues.map((issue) => (
                  <li key={`${issue.field}:${issue.message}`}>
                    {t("optionsPolicyIgnored", [issue.field, issue.message])}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}
