/**
 * The `next dev|start` command line of scripts/run.ts, apart so a test can read it: the server
 * listens on HOST (loopback unless told otherwise), never on every interface by default.
 */
export function nextServerArgs(mode: "dev" | "start", env: { PORT: number; HOST: string }): string[] {
  return [mode, "--port", String(env.PORT), "--hostname", env.HOST];
}

/** The address to print: a loopback or wildcard host is shown as localhost. */
export function portalUrl(env: { PORT: number; HOST: string }): string {
  const local = ["127.0.0.1", "::1", "localhost", "0.0.0.0", "::"].includes(env.HOST);
  const host = local ? "localhost" : env.HOST.includes(":") ? `[${env.HOST}]` : env.HOST;
  return `http://${host}:${env.PORT}`;
}
