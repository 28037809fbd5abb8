import "server-only";
import { processSingleton } from "@/lib/process/singleton";
import { log } from "@/lib/log";

/**
 * Clean shutdown of a server process that holds resources which must be closed before exiting.
 *
 * Why: the embedded PGlite database can be left unrecoverable when the process dies with it open,
 * and Next.js installs its own SIGINT/SIGTERM handlers that end with
 * `process.exit()` as soon as the HTTP server has drained. So closing "in parallel" races Next.
 *
 * What: once a shutdown signal has arrived, `process.exit()` is deferred until every closer has
 * finished (bounded by `timeoutMs`). The order is therefore the right one: Next stops accepting
 * requests and finishes the pending ones, then the database is closed, then the process exits.
 * If nothing else handles the signal (or nothing calls exit within `graceMs`), we close and exit
 * ourselves with the conventional 128 + signal number.
 */
export type Closer = () => Promise<void>;

export interface ShutdownOptions {
  /** Longest wait for the closers before exiting anyway. */
  timeoutMs?: number;
  /** How long other signal handlers (Next's) get to call process.exit themselves. */
  graceMs?: number;
  /** Tell the operator what happens (stderr). */
  log?: (message: string) => void;
}

const SIGNALS = { SIGINT: 2, SIGTERM: 15 } as const;
type Signal = keyof typeof SIGNALS;

interface ShutdownState {
  closers: Closer[];
  /** The handlers are installed (once per process). */
  installed?: boolean;
  closing?: Promise<void>;
  signal?: Signal;
}

/**
 * Installs the handlers once per process (Next dev may evaluate instrumentation again: later
 * calls only add closers). Returns a function that runs the closers, for tests and scripts.
 */
export function installShutdownHandlers(closers: Closer[], options: ShutdownOptions = {}): () => Promise<void> {
  const state = processSingleton<ShutdownState>("__duretShutdown", () => ({ closers: [] }));
  if (state.installed) {
    for (const c of closers) if (!state.closers.includes(c)) state.closers.push(c);
    return () => runClosers(state, options);
  }
  state.installed = true;
  state.closers.push(...closers);
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const realExit = process.exit.bind(process);

  // Deferred exit: only after a shutdown signal, so ordinary exits keep their usual semantics.
  process.exit = ((code?: number | string | null) => {
    if (!state.signal) return realExit(code);
    void runClosers(state, options).finally(() => realExit(code));
    return undefined as never;
  }) as typeof process.exit;

  for (const signal of Object.keys(SIGNALS) as Signal[]) {
    // prependListener: we must know about the shutdown before Next's handler runs.
    process.prependListener(signal, () => {
      if (state.signal) return; // duplicate signals (shell + parent process) are normal
      state.signal = signal;
      log(`${signal} reçu : fermeture propre de la base de données…`);
      const othersHandleIt = process.listenerCount(signal) > 1;
      const exitCode = 128 + SIGNALS[signal];
      if (!othersHandleIt) {
        void runClosers(state, options).finally(() => realExit(exitCode));
        return;
      }
      // Someone else (Next) will call process.exit once drained; if they never do, we do.
      setTimeout(() => {
        void runClosers(state, options).finally(() => realExit(exitCode));
      }, options.graceMs ?? 10_000).unref();
    });
  }
  return () => runClosers(state, options);
}

function runClosers(state: ShutdownState, options: ShutdownOptions): Promise<void> {
  state.closing ??= (async () => {
    const all = Promise.allSettled(state.closers.map((close) => close()));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, options.timeoutMs ?? 10_000);
      timer.unref();
    });
    const results = await Promise.race([all, timeout]);
    if (timer) clearTimeout(timer);
    if (Array.isArray(results)) {
      for (const r of results) if (r.status === "rejected") log.error({ scope: "shutdown", err: r.reason }, "a closer failed");
    }
  })();
  return state.closing;
}
