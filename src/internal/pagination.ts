/**
 * The single paginator: a paginated operation's pages, and their items, as a lazy `Stream` that follows
 * `endCursor`.
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type { OperationId } from "../OperationId.js"
import type { Pagination } from "../Pagination.js"
import type { SamsaraClient } from "../SamsaraClient.js"
import { RepeatedCursor, type SamsaraError } from "../SamsaraError.js"
import { execute } from "./executor.js"
import type { PaginatedOperation } from "./operation.js"

/** Where a stream goes next: the cursor to fetch after, or a cursor the server gave twice. */
type NextPage = { readonly after: string | undefined } | { readonly repeated: string }

/**
 * What a page stream emits for each page, fetched only when the consumer pulls, starting from `input.after` when
 * given and following `endCursor` while `hasNextPage` is true and the cursor is not empty. Starting from `""`, the
 * cursor of a last page, yields nothing: there is nothing after it. A cursor given before in the same stream would
 * page in a circle, so it ends the stream with `RepeatedCursor` after the page that gave it.
 */
const following = <
  Params,
  Encoded extends { readonly after?: string },
  Page extends { readonly pagination: Pagination },
  Out
>(
  operation: PaginatedOperation<OperationId, string, Params, Encoded, Page>,
  client: SamsaraClient.Service,
  emit: (page: Page) => Chunk.Chunk<Out>
) => {
  const call = execute(operation, client)
  const repeated = (cursor: string) => new RepeatedCursor({ operation: operation.id, cursor })
  return (
    input?: { readonly after?: string | undefined },
    options?: SamsaraClient.CallOptions
  ): Stream.Stream<Out, SamsaraError | RepeatedCursor> =>
    input?.after === ""
      ? Stream.empty
      : Stream.suspend(() => {
        const given = new Set([input?.after])
        const fetch = (
          next: NextPage
        ): Effect.Effect<readonly [Chunk.Chunk<Out>, Option.Option<NextPage>], SamsaraError | RepeatedCursor> =>
          "repeated" in next ? Effect.fail(repeated(next.repeated)) : Effect.map(
            call({ ...input, after: next.after }, options),
            (page) => {
              const { endCursor, hasNextPage } = page.pagination
              if (!hasNextPage || endCursor === "") return [emit(page), Option.none()]
              if (given.has(endCursor)) return [emit(page), Option.some({ repeated: endCursor })]
              given.add(endCursor)
              return [emit(page), Option.some({ after: endCursor })]
            }
          )
        return Stream.paginateChunkEffect({ after: input?.after }, fetch)
      })
}

/** Every page, fetched as `following` says. */
export const pages = <
  Params,
  Encoded extends { readonly after?: string },
  Page extends { readonly pagination: Pagination }
>(
  operation: PaginatedOperation<OperationId, string, Params, Encoded, Page>,
  client: SamsaraClient.Service
) => following(operation, client, Chunk.of)

/**
 * Every item of every page, pages fetched as `following` says. Each page's items are emitted as one chunk, in
 * place of a stream of pages flattened, which is one stage less for every page.
 */
export const paginate = <
  Params,
  Encoded extends { readonly after?: string },
  Success extends { readonly pagination: Pagination },
  Item
>(
  operation: PaginatedOperation<OperationId, string, Params, Encoded, Success, Item>,
  client: SamsaraClient.Service
) => following(operation, client, (page) => Chunk.unsafeFromArray(operation.items(page)))
