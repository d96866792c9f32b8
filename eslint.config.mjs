// ESLint 9 flat config for effect-samsara.
// Formatting is enforced through the `@effect/dprint` rule with the same
// dprint settings the Effect monorepo uses on its v3 branch.
import effect from "@effect/eslint-plugin"
import { defineConfig } from "eslint/config"
import tseslint from "typescript-eslint"

const tsFiles = ["**/*.ts", "**/*.mts", "**/*.cts"]
const formattedFiles = [...tsFiles, "**/*.js", "**/*.mjs", "**/*.cjs"]

const dprintOptions = {
  indentWidth: 2,
  lineWidth: 120,
  semiColons: "asi",
  quoteStyle: "alwaysDouble",
  trailingCommas: "never",
  operatorPosition: "maintain",
  "arrowFunction.useParentheses": "force"
}

export default defineConfig(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "**/coverage/**",
      "bench/.cache/**",
      "bench/results*",
      "bench/results*/**",
      ".readme-blocks/**",
      "**/*.d.ts"
    ]
  },
  // typescript-eslint "recommended" (syntactic only, no type information needed)
  {
    files: tsFiles,
    extends: [tseslint.configs.recommended],
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": [
        "error",
        { prefer: "type-imports", fixStyle: "inline-type-imports" }
      ],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_" }
      ],
      // Effect modules declare `export declare namespace X { ... }`
      "@typescript-eslint/no-namespace": "off",
      // `class X extends Schema.Class<X>("X")({ ... }) {}` and `string & {}` open enums
      "@typescript-eslint/no-empty-object-type": "off"
    }
  },
  // dprint formatting (the plugin's preset also switches off conflicting stylistic rules)
  {
    files: formattedFiles,
    extends: [effect.configs.dprint],
    rules: {
      "@effect/dprint": ["error", { config: dprintOptions }]
    }
  }
)
