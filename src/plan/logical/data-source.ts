// Data source plan: one stream of the FROM/JOIN list, read through its source and preprocessor.

import type { StreamDefinition } from '../../catalog/stream-catalog.js'
import type { Field } from '../../sql/ast/statement.js'

export interface DataSourcePlan {
  readonly kind: 'DataSource'
  readonly stream: StreamDefinition
  /** `FROM demo AS d`: the alias the SQL uses for this stream. */
  readonly alias?: string
  /** Rule option isEventTime: the preprocessor stamps rows with the stream's TIMESTAMP field. */
  readonly isEventTime: boolean
  /** SELECT fields with an alias and no aggregate call: the preprocessor adds them to each row (1.0). */
  readonly aliasFields: readonly Field[]
}
