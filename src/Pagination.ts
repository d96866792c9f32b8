/**
 * The cursor block on every paginated Samsara response.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * Pass `endCursor` as the next call's `after` while `hasNextPage` is true. The `stream*` methods do this for you.
 *
 * @since 0.1.0
 * @category models
 */
export class Pagination extends Schema.Class<Pagination>("Pagination")({
  endCursor: Schema.String,
  hasNextPage: Schema.Boolean
}) {}
