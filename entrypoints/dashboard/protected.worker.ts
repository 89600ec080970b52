import { HolderDatabase } from "../../lib/db/holder-database";
import { type LeadAnswer, type LeadRequest, leadService } from "../../lib/holders/lead-service";
import { serveRequests, type WorkerReply } from "../../lib/holders/worker-client";

// Verifying a batch costs tens of milliseconds per report; it runs here, with the lead's key
// database, so the dashboard stays responsive. The team database stays with the team worker.

const post = (reply: WorkerReply<LeadAnswer>) => postMessage(reply);
addEventListener("message", serveRequests<LeadRequest, LeadAnswer>(post, leadService(new HolderDatabase())));
