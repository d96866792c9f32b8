/**
 * A twin of `Schema.decodeUnknownEither` for response bodies (see `twins.ts` for the rule a twin lives by): the
 * schema's AST compiled once into plain checks that build the decoded value directly, with no `Either` per field and
 * no error tree on the way. It knows the nodes response schemas are made of; any other node is decoded by Schema
 * itself, and any input it does not accept is decoded again by Schema, so a failure carries Schema's own
 * `ParseError` and a success is the value Schema would return.
 * `npx tsx bench/twins.ts --rows=walk,callers --transport=memory` (against `Schema.decodeUnknownEither` alone): B/A
 * 1.10 cold CPU on walk (rounds 1.00–1.14), 1.11 cold and 1.13 warm CPU on callers (1.10–1.14, 1.10–1.18), 1.03
 * warm CPU on walk (1.01–1.23).
 */
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import * as AST from "effect/SchemaAST"

/** What a compiled check returns for an input it does not accept. */
const rejected: unique symbol = Symbol("effect-samsara/decoder/rejected")

type Check = (input: unknown) => unknown

/** The node decoded by Schema itself: the value it decodes to, or `rejected`. */
const bySchema = (ast: AST.AST): Check => {
  const decode = ParseResult.decodeUnknownEither(Schema.make(ast))
  return (input) => Either.getOrElse(decode(input), () => rejected)
}

const accepting = (accepts: Predicate.Predicate<unknown>): Check => (input) => accepts(input) ? input : rejected

/**
 * The JavaScript type a node's encoded side accepts, where it is one type: a union whose members accept disjoint
 * types (or are distinct literals of one type) can try them in order and get Schema's answer, whose first matching
 * member wins.
 */
const kindOf = (ast: AST.AST): string | undefined => {
  switch (ast._tag) {
    case "Literal":
      return ast.literal === null ? "null" : typeof ast.literal
    case "StringKeyword":
      return "string"
    case "NumberKeyword":
      return "number"
    case "BooleanKeyword":
      return "boolean"
    case "UndefinedKeyword":
      return "undefined"
    case "TypeLiteral":
      return "object"
    case "TupleType":
      return "array"
    case "Refinement":
    case "Transformation":
      return kindOf(ast.from)
    default:
      return undefined
  }
}

const disjoint = (members: ReadonlyArray<AST.AST>): boolean => {
  const kinds = new Map<string, boolean>()
  for (const member of members) {
    const kind = kindOf(member)
    if (kind === undefined) return false
    const literal = member._tag === "Literal"
    const before = kinds.get(kind)
    // Two literals of one type are distinct values; anything else of one type would overlap.
    if (before !== undefined && !(before && literal)) return false
    kinds.set(kind, literal)
  }
  return true
}

const compileStruct = (ast: AST.TypeLiteral, compile: (ast: AST.AST) => Check): Check => {
  // Schema reads a struct of no properties as "not null or undefined", and an index signature by its own rules.
  if (ast.indexSignatures.length > 0 || ast.propertySignatures.length === 0) return bySchema(ast)
  const properties = ast.propertySignatures.map((signature) => ({
    name: signature.name,
    optional: signature.isOptional,
    check: compile(signature.type)
  }))
  return (input) => {
    if (!Predicate.isRecord(input)) return rejected
    // As Schema decodes a struct: a new object of the declared keys in their order, other keys left out.
    const output: Record<PropertyKey, unknown> = {}
    for (const { check, name, optional } of properties) {
      if (!Object.prototype.hasOwnProperty.call(input, name)) {
        if (optional) continue
      }
      const value = check(input[name])
      if (value === rejected) return rejected
      output[name] = value
    }
    return output
  }
}

const compileArray = (ast: AST.TupleType, compile: (ast: AST.AST) => Check): Check => {
  const [rest, ...more] = ast.rest
  if (ast.elements.length > 0 || rest === undefined || more.length > 0) return bySchema(ast)
  const check = compile(rest.type)
  return (input) => {
    if (!Array.isArray(input)) return rejected
    const output: Array<unknown> = new Array(input.length)
    for (let index = 0; index < input.length; index++) {
      const value = check(input[index])
      if (value === rejected) return rejected
      output[index] = value
    }
    return output
  }
}

const compileTransformation = (ast: AST.Transformation, compile: (ast: AST.AST) => Check): Check => {
  if (ast.transformation._tag === "TypeLiteralTransformation") return bySchema(ast)
  const from = compile(ast.from)
  const to = compile(ast.to)
  if (ast.transformation._tag === "ComposeTransformation") {
    return (input) => {
      const value = from(input)
      return value === rejected ? rejected : to(value)
    }
  }
  const decode = ast.transformation.decode
  return (input) => {
    const value = from(input)
    if (value === rejected) return rejected
    // Only a transformation that answers at once takes this path; Schema handles one that needs an effect.
    const transformed = decode(value, AST.defaultParseOption, ast, input)
    return Either.isEither(transformed) && Either.isRight(transformed) ? to(transformed.right) : rejected
  }
}

/** The check of one node, compiled once; a node seen again (a shared schema) reuses its check. */
const compiler = () => {
  const compiled = new Map<AST.AST, Check>()
  const compile = (ast: AST.AST): Check => {
    const known = compiled.get(ast)
    if (known !== undefined) return known
    // Parse options change how Schema reads a node, and a decoding fallback turns its failure into a value.
    const bySchemaRules = Option.isSome(AST.getParseOptionsAnnotation(ast)) ||
      Option.isSome(AST.getDecodingFallbackAnnotation(ast))
    const check = bySchemaRules ? bySchema(ast) : compileNode(ast)
    compiled.set(ast, check)
    return check
  }
  const compileNode = (ast: AST.AST): Check => {
    switch (ast._tag) {
      case "StringKeyword":
        return accepting(Predicate.isString)
      case "NumberKeyword":
        return accepting(Predicate.isNumber)
      case "BooleanKeyword":
        return accepting(Predicate.isBoolean)
      case "UndefinedKeyword":
        return accepting(Predicate.isUndefined)
      case "UnknownKeyword":
        return (input) => input
      case "Literal": {
        const literal = ast.literal
        return accepting((input) => input === literal)
      }
      case "Union": {
        if (!disjoint(ast.types)) return bySchema(ast)
        const members = ast.types.map(compile)
        return (input) => {
          for (const member of members) {
            const value = member(input)
            if (value !== rejected) return value
          }
          return rejected
        }
      }
      case "TypeLiteral":
        return compileStruct(ast, compile)
      case "TupleType":
        return compileArray(ast, compile)
      case "Transformation":
        return compileTransformation(ast, compile)
      default:
        return bySchema(ast)
    }
  }
  return compile
}

/**
 * `schema`'s compiled checks alone: the decoded value when they accept `input`, none when Schema must decide.
 */
export const compiled = <A, I>(schema: Schema.Schema<A, I>) => {
  const check = compiler()(schema.ast)
  return (input: unknown): Option.Option<A> => {
    const value = check(input)
    // The checks are built from `schema` and accept only what it decodes, to the value it decodes to: an `A`.
    return value === rejected ? Option.none() : Option.some(value as A)
  }
}

/**
 * `schema`'s decoder of untrusted input: the compiled checks first, and Schema's own decoding when they do not
 * accept the input, so the result, success or `ParseError`, is always what `Schema.decodeUnknownEither` gives.
 */
export const decoder = <A, I>(schema: Schema.Schema<A, I>) => {
  const check = compiled(schema)
  const decode = Schema.decodeUnknownEither(schema)
  return (input: unknown): Either.Either<A, ParseResult.ParseError> =>
    Option.match(check(input), { onNone: () => decode(input), onSome: Either.right })
}
