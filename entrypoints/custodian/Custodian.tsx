/** The custodian's page of protected sharing (issue 13). */
export function Custodian() {
  return <main />;
}
