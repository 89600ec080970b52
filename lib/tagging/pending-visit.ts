import { z } from "zod";

/** A visit waiting for an answer, as the popup and the badge see it. */
export const pendingVisitSchema = z.strictObject({
  visitId: z.number().int(),
  toolId: z.string(),
  /** Epoch ms. */
  start: z.number(),
  /** Engaged seconds in the visit. */
  activeSeconds: z.number(),
});

/** A visit waiting for an answer, as the popup and the badge see it. */
export type PendingVisit = z.infer<typeof pendingVisitSchema>;
