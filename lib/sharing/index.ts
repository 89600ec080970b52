/** Protected sharing (issue 13): split-trust aggregation with Prio3 and HPKE, files instead of servers. */
export * from "./central-noise";
export * from "./custodian";
export * from "./employee";
export * from "./file-names";
export * from "./formats";
export * from "./guidance";
export * from "./key-pair";
export * from "./lead";
export * from "./measurement";
export * from "./shard-timing";
export * from "./sharing-error";
export * from "./team-config";
export * from "./verdicts";
export * from "./member-code";
