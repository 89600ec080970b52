import { HolderDatabase } from "../../lib/db/holder-database";
import { type CustodianAnswer, type CustodianRequest, custodianService } from "../../lib/holders/custodian-service";
import { serveRequests, type WorkerReply } from "../../lib/holders/worker-client";

// Preparing a batch costs tens of milliseconds per report; it runs here, with the custodian's
// database, so the page stays responsive.

const post = (reply: WorkerReply<CustodianAnswer>) => postMessage(reply);
addEventListener(
  "message",
  serveRequests<CustodianRequest, CustodianAnswer>(post, custodianService(new HolderDatabase())),
);
