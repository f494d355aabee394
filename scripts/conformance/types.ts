// Shapes shared by the conformance runner and its per-kind handlers (test/conformance/cases/FORMAT.md).

/** One case object as read from a `*.json` file; kind-specific fields are read by each handler. */
export interface ConformanceCase {
  readonly kind: string
  readonly name: string
  readonly status: string
  readonly reason?: string
  readonly go_types?: Readonly<Record<string, string>>
  readonly [field: string]: unknown
}

export type CaseOutcome =
  | { readonly status: 'pass' }
  | { readonly status: 'fail'; readonly diff: string }
  | { readonly status: 'skip'; readonly reason: string }

/** Runs one case of one kind. Throwing counts as a failure with the error as the diff. */
export type KindHandler = (c: ConformanceCase) => CaseOutcome | Promise<CaseOutcome>
