import { TeamDatabase } from "../../lib/team/team-database";
import { createTeamHandlers, serveTeamMessages } from "../../lib/team/team-worker-handlers";

// Reading, checking and storing thousands of reports, the release rule and the suppressed
// figures run here, and only here is the team database written, so the page stays responsive
// however large the import.

const serve = serveTeamMessages(createTeamHandlers(new TeamDatabase()));
addEventListener("message", (event: MessageEvent) => serve(event.data, event.ports[0]));
