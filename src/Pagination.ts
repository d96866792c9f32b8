/**
 * The cursor block on every paginated Samsara response.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * The schema of {@link Pagination}.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Pagination = Schema.Struct({
  endCursor: Schema.String,
  hasNextPage: Schema.Boolean
}).annotations({ identifier: "Pagination" })

/**
 * Pass `endCursor` as the next call's `after` while `hasNextPage` is true. The `stream*` methods do this for you.
 *
 * @since 0.1.0
 * @category models
 */
export interface Pagination extends Schema.Schema.Type<typeof Pagination> {}
