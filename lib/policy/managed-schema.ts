/**
 * The `managed_schema.json` Chrome and Edge need before they hand an extension its policy,
 * generated from `policySchema` so the two can never disagree.
 *
 * Chrome reads only a subset of JSON Schema: one `type` per node, `minimum`/`maximum` on
 * integers only (on a number they make the whole schema invalid), `additionalProperties`
 * only as a schema object and never at the top, and patterns compiled with RE2, which has
 * no lookaround and no back-references. Anything else is dropped here: the run-time check
 * in `parsePolicy` still enforces it.
 */
import { z } from "zod";
import { policySchema } from "./policy";

/** A value type Chrome's policy schema knows. */
export type ManagedSchemaType = "object" | "array" | "string" | "integer" | "number" | "boolean";

/** One node of a Chrome/Edge managed schema. */
export interface ManagedSchemaNode {
  type: ManagedSchemaType;
  title?: string;
  description?: string;
  properties?: Record<string, ManagedSchemaNode>;
  additionalProperties?: ManagedSchemaNode;
  items?: ManagedSchemaNode;
  enum?: (string | number)[];
  pattern?: string;
  /** Integers only. */
  minimum?: number;
  /** Integers only. */
  maximum?: number;
}

/** The keywords each node type may carry in a managed schema; nothing else is emitted. */
export const MANAGED_SCHEMA_KEYWORDS: Readonly<Record<ManagedSchemaType, readonly string[]>> = {
  object: ["type", "title", "description", "properties", "additionalProperties"],
  array: ["type", "title", "description", "items"],
  string: ["type", "title", "description", "enum", "pattern"],
  integer: ["type", "title", "description", "enum", "minimum", "maximum"],
  number: ["type", "title", "description"],
  boolean: ["type", "title", "description"],
};

/** Whether RE2 (Chrome's regex engine) can compile a pattern written for JavaScript: no lookaround, no back-references. */
export function isRe2Compatible(pattern: string): boolean {
  return !/\(\?<?[=!]|\\[1-9]|\\k</.test(pattern);
}

type JsonSchemaNode = Record<string, unknown>;

function isNode(value: unknown): value is JsonSchemaNode {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function convert(node: JsonSchemaNode, path: string): ManagedSchemaNode {
  const type = node.type;
  if (typeof type !== "string" || !Object.hasOwn(MANAGED_SCHEMA_KEYWORDS, type)) {
    // anyOf (nullable, unions), $ref and the like have no equivalent: refuse rather than guess.
    throw new Error(`${path}: a managed schema needs one plain type here`);
  }
  const out: ManagedSchemaNode = { type: type as ManagedSchemaType };
  if (typeof node.title === "string") out.title = node.title;
  if (typeof node.description === "string") out.description = node.description;
  switch (type) {
    case "object": {
      if (isNode(node.properties)) {
        out.properties = Object.fromEntries(
          Object.entries(node.properties).map(([key, child]) => [
            key,
            convert(child as JsonSchemaNode, `${path}.${key}`),
          ]),
        );
      }
      // `false` (a strict object) is not accepted by Chrome; unknown keys are dropped by it anyway.
      if (isNode(node.additionalProperties)) {
        out.additionalProperties = convert(node.additionalProperties, `${path}.*`);
      }
      break;
    }
    case "array":
      if (!isNode(node.items)) throw new Error(`${path}: an array needs one item schema`);
      out.items = convert(node.items, `${path}[]`);
      break;
    case "string":
      if (Array.isArray(node.enum)) out.enum = node.enum as string[];
      else if (typeof node.pattern === "string" && isRe2Compatible(node.pattern)) out.pattern = node.pattern;
      break;
    case "integer":
      if (Array.isArray(node.enum)) out.enum = node.enum as number[];
      // zod writes ±2^53−1 for an unbounded integer; Chrome keeps bounds as 32-bit ints.
      if (typeof node.minimum === "number" && Math.abs(node.minimum) <= 2 ** 31 - 1) out.minimum = node.minimum;
      if (typeof node.maximum === "number" && Math.abs(node.maximum) <= 2 ** 31 - 1) out.maximum = node.maximum;
      break;
  }
  return out;
}

/** The managed schema for Chrome and Edge, generated from `policySchema`; committed as public/managed_schema.json. */
export function managedSchema(): ManagedSchemaNode {
  const json = z.toJSONSchema(policySchema, { target: "draft-2020-12", io: "input", unrepresentable: "throw" });
  const root = convert(json as JsonSchemaNode, "policy");
  // Chrome refuses additionalProperties at the top level.
  delete root.additionalProperties;
  return root;
}

/** The text of public/managed_schema.json: the managed schema as 2-space JSON with a trailing newline. */
export function managedSchemaText(): string {
  return `${JSON.stringify(managedSchema(), null, 2)}\n`;
}
