// Where a schema issue (valibot's) is, as kuiperd's messages name it: the keys and list indexes from the top joined
// with dots (`basic.restPort`, `connectors.fileAllowList.0`, `shellParas.1`), so a bad kuiper.yaml key and a bad REST
// body field are named the same way.

/** The part of a valibot issue that says where it is (structural: core imports no package). */
export interface LocatedIssue {
  readonly path?: readonly { readonly key: unknown }[] | undefined
}

/** The dotted path of an issue; '' when the whole value is at fault. */
export function issuePath(issue: LocatedIssue): string {
  return (issue.path ?? []).map((item) => String(item.key)).join('.')
}
