import { t } from "../../lib/platform/i18n";
import { pageUrl } from "../../lib/platform/pages";

export function Dashboard() {
  return (
    <main>
      <h1>{t("dashboardHeading")}</h1>
      <p>{t("dashboardIntro")}</p>
      <p className="notice" data-testid="dashboard-not-ready">
        {t("dashboardNotReady")}
      </p>
      <a href={pageUrl("options")}>{t("linkOptions")}</a>
    </main>
  );
}
