import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  // Tests read loosely typed JSON bodies from HTTP answers; `any` there is deliberate.
  { files: ["tests/**/*.ts"], rules: { "@typescript-eslint/no-explicit-any": "off" } },
  // Server code logs through lib/log (JSON lines with the request id, no personal data); scripts/ and
  // sandbox/ print to the console for the person at the terminal.
  { files: ["lib/**/*.{ts,tsx}", "app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "proxy.ts", "instrumentation*.ts"], rules: { "no-console": "error" } },
  // A Promise where a value is read (`if (check())` after `check` became async) passes every test that
  // does not reach that branch: the types see it (the booking flow's address check, CI of 2026-12-07).
  {
    files: ["lib/**/*.{ts,tsx}", "app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: false }] },
  },
  { ignores: [".next/**", ".next-*/**", "playwright-report/**", "test-results/**", "bench/results/**", ".pw-*.config.ts", ".data/**", "node_modules/**", "drizzle/**", "next-env.d.ts"] },
];

export default config;
