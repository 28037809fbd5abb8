import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { INSTALLATION_SECRET_FILE, parseEnv } from "@/lib/env";
import { nextServerArgs } from "../../scripts/next-command";

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "duret-secret-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("the demo's session secret: made once per installation, never written in the code", () => {
  it("is random, kept under DATA_DIR (mode 0600) and the same for every later parse", () => {
    const dataDir = path.join(tempDir(), "data"); // not there yet: created
    const first = parseEnv({ NODE_ENV: "development", DATA_DIR: dataDir }).authSecret!;
    expect(first.length).toBeGreaterThanOrEqual(43); // 32 bytes, base64url
    const file = path.join(dataDir, INSTALLATION_SECRET_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).toBe(first);
    expect(readdirSync(dataDir)).toEqual([INSTALLATION_SECRET_FILE]); // no temporary file left
    // a restart (a new parse, the production-built demo too) reuses it
    expect(parseEnv({ NODE_ENV: "development", DATA_DIR: dataDir }).authSecret).toBe(first);
    expect(parseEnv({ NODE_ENV: "production", DATA_DIR: dataDir }).authSecret).toBe(first);
  });

  it("differs between two installations", () => {
    const a = parseEnv({ DATA_DIR: tempDir() }).authSecret;
    const b = parseEnv({ DATA_DIR: tempDir() }).authSecret;
    expect(a).toBeDefined();
    expect(a).not.toBe(b);
  });

  it("yields to AUTH_SECRET, writes nothing until it is needed, and is never made for production with real HubSpot", () => {
    const dataDir = tempDir();
    const configured = "c".repeat(40);
    expect(parseEnv({ DATA_DIR: dataDir, AUTH_SECRET: configured }).authSecret).toBe(configured);
    parseEnv({ DATA_DIR: dataDir });
    expect(readdirSync(dataDir)).toEqual([]);
    const production = parseEnv({ NODE_ENV: "production", HUBSPOT_ACCESS_TOKEN: "pat", HUBSPOT_CLIENT_SECRET: "s", DATA_DIR: dataDir });
    expect(production.authSecret).toBeUndefined();
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it("leaves no constant secret in lib/env.ts", () => {
    const source = readFileSync(path.join(process.cwd(), "lib/env.ts"), "utf8");
    expect(source).not.toMatch(/local-demo-secret|authSecret:\s*e\.AUTH_SECRET\s*\?\?\s*\(/);
  });
});

describe("listening and trusted proxies", () => {
  it("listens on loopback unless HOST says otherwise", () => {
    expect(parseEnv({}).HOST).toBe("127.0.0.1");
    expect(nextServerArgs("dev", parseEnv({}))).toEqual(["dev", "--port", "3000", "--hostname", "127.0.0.1"]);
    expect(nextServerArgs("start", parseEnv({ HOST: "0.0.0.0", PORT: "8080" }))).toEqual(["start", "--port", "8080", "--hostname", "0.0.0.0"]);
    expect(() => parseEnv({ HOST: "evil host; rm" })).toThrow(/HOST/);
  });

  it("reads TRUSTED_PROXIES as a list of IPs and CIDRs, none by default, and names a bad entry", () => {
    expect(parseEnv({}).TRUSTED_PROXIES).toEqual([]);
    expect(parseEnv({ TRUSTED_PROXIES: " 10.0.0.5, 192.168.0.0/16 ,loopback,::1" }).TRUSTED_PROXIES).toEqual(["10.0.0.5", "192.168.0.0/16", "loopback", "::1"]);
    expect(() => parseEnv({ TRUSTED_PROXIES: "10.0.0.5,proxy.example" })).toThrow(/TRUSTED_PROXIES: .*proxy\.example/);
    expect(() => parseEnv({ TRUSTED_PROXIES: "10.0.0.0/33" })).toThrow(/TRUSTED_PROXIES/);
  });
});
