import { z } from "zod";
import { AGGREGATE_FORMAT, aggregateFileSchema } from "../report/aggregate-format";
import {
  AGGREGATE_SHARE_FORMAT,
  ANSWER_FORMAT,
  aggregateShareFileSchema,
  answerFileSchema,
  REQUEST_FORMAT,
  requestFileSchema,
  SHARES_FORMAT,
  sharesFileSchema,
} from "../sharing/formats";
import { TEAM_KEY_FORMAT, teamKeyFileSchema } from "../sharing/team-config";
import { PERSONAL_FORMAT, personalDataSchema } from "../stats/personal-data";
import { TEAM_REPORT_FORMAT, teamReportSchema } from "../team/team-report-format";

/** A published file format: its id, its zod schema (the source of truth) and where its JSON Schema lives. */
export interface PublishedFormat {
  /** Format id with version, e.g. ai-adoption-meter/personal@1. */
  readonly id: string;
  readonly schema: z.ZodType;
  /** File name under docs/formats/. */
  readonly jsonSchemaFile: string;
  /** Doc page under docs/formats/. */
  readonly docFile: string;
}

/** Every format other tools may rely on. */
export const PUBLISHED_FORMATS: readonly PublishedFormat[] = [
  { id: PERSONAL_FORMAT, schema: personalDataSchema, jsonSchemaFile: "personal.schema.json", docFile: "personal.md" },
  {
    id: AGGREGATE_FORMAT,
    schema: aggregateFileSchema,
    jsonSchemaFile: "aggregate.schema.json",
    docFile: "aggregate.md",
  },
  {
    id: TEAM_REPORT_FORMAT,
    schema: teamReportSchema,
    jsonSchemaFile: "team-report.schema.json",
    docFile: "team-report.md",
  },
  { id: SHARES_FORMAT, schema: sharesFileSchema, jsonSchemaFile: "shares.schema.json", docFile: "shares.md" },
  { id: TEAM_KEY_FORMAT, schema: teamKeyFileSchema, jsonSchemaFile: "team-key.schema.json", docFile: "team-key.md" },
  {
    id: REQUEST_FORMAT,
    schema: requestFileSchema,
    jsonSchemaFile: "protected-request.schema.json",
    docFile: "protected-handoffs.md",
  },
  {
    id: ANSWER_FORMAT,
    schema: answerFileSchema,
    jsonSchemaFile: "protected-answer.schema.json",
    docFile: "protected-handoffs.md",
  },
  {
    id: AGGREGATE_SHARE_FORMAT,
    schema: aggregateShareFileSchema,
    jsonSchemaFile: "protected-aggregate-share.schema.json",
    docFile: "protected-handoffs.md",
  },
];

/** The JSON Schema (draft 2020-12) of a format, as committed under docs/formats/. */
export function jsonSchemaText(format: PublishedFormat): string {
  return `${JSON.stringify(z.toJSONSchema(format.schema, { target: "draft-2020-12" }), null, 2)}\n`;
}
