import "server-only";
import { randomBytes } from "node:crypto";
import { link, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import forge from "node-forge";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getSettings } from "@/lib/settings";

/**
 * The company's sealing certificate (PKCS#12: private key + certificate).
 * - Production: SIGNING_P12_BASE64 or SIGNING_P12_PATH (+ SIGNING_P12_PASSPHRASE), e.g. a
 *   certificate bought from a trust-service provider.
 * - Sandbox / development: a self-signed RSA-2048 certificate generated with node-forge the first
 *   time it is needed and kept under DATA_DIR/signing, so every instance sharing DATA_DIR and every
 *   restart seal with the same certificate (written with link(): concurrent first uses agree).
 */
export interface CompanyP12 {
  p12: Buffer;
  passphrase: string;
  source: "configured" | "generated";
}

export interface SelfSignedOptions {
  commonName: string;
  organization: string;
  passphrase: string;
  /** Validity in years from now. */
  years?: number;
  email?: string;
}

/** A self-signed sealing certificate as a PKCS#12 (3DES, as most readers expect). */
export function generateSelfSignedP12(opts: SelfSignedOptions): Buffer {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = `01${randomBytes(15).toString("hex")}`;
  const now = new Date();
  cert.validity.notBefore = new Date(now.getTime() - 24 * 3600_000);
  cert.validity.notAfter = new Date(now);
  cert.validity.notAfter.setFullYear(now.getFullYear() + (opts.years ?? 5));
  // ASCII names only: node-forge writes PrintableString values as raw chars (non-ASCII corrupts the
  // DER and the PKCS#12 MAC), and as UTF8String it re-encodes the issuer when @signpdf builds the
  // CMS, so pdfsig no longer matches the signer ("Unknown Validation Failure"). Checked with pdfsig.
  const attrs = [
    { name: "commonName", value: asciiName(opts.commonName) },
    { name: "organizationName", value: asciiName(opts.organization) },
    { name: "countryName", value: "FR" },
    ...(opts.email ? [{ name: "emailAddress", value: opts.email }] : []),
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: "basicConstraints", cA: false },
    { name: "keyUsage", digitalSignature: true, nonRepudiation: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const asn1 = forge.pkcs12.toPkcs12Asn1(keys.privateKey, [cert], opts.passphrase, { algorithm: "3des", friendlyName: opts.commonName });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), "binary");
}

/** "Duret Électricité SARL — cachet" → "Duret Electricite SARL - cachet". */
export function asciiName(value: string): string {
  return value
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[\u2013\u2014]/g, "-")
    .replace(/[^\x20-\x7e]/g, "");
}

/** The certificate's subject and validity, for the evidence page and the README's checks. */
export function describeP12(p12: Buffer, passphrase: string): { subject: string; notAfter: Date; fingerprintSha256: string } {
  const parsed = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(forge.util.createBuffer(p12.toString("binary"))), passphrase);
  const certBag = forge.pki.oids.certBag as string;
  const bags = parsed.getBags({ bagType: certBag })[certBag] ?? [];
  const cert = bags[0]?.cert;
  if (!cert) throw new AppError("INTERNAL", "PKCS#12 without a certificate");
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  const md = forge.md.sha256.create();
  md.update(der);
  return {
    subject: cert.subject.attributes.map((a: forge.pki.CertificateField) => `${a.shortName ?? a.name}=${String(a.value)}`).join(", "),
    notAfter: cert.validity.notAfter,
    fingerprintSha256: md.digest().toHex(),
  };
}

let pending: Promise<CompanyP12> | undefined;

export function loadCompanyP12(): Promise<CompanyP12> {
  pending ??= readCompanyP12().catch((error: unknown) => {
    pending = undefined;
    throw error;
  });
  return pending;
}

/** For tests that change the configuration. */
export function resetCompanyP12ForTests(): void {
  pending = undefined;
}

async function readCompanyP12(): Promise<CompanyP12> {
  const env = getEnv();
  const passphrase = env.SIGNING_P12_PASSPHRASE ?? "";
  if (env.SIGNING_P12_BASE64) return { p12: Buffer.from(env.SIGNING_P12_BASE64, "base64"), passphrase, source: "configured" };
  if (env.SIGNING_P12_PATH) return { p12: await readFile(env.SIGNING_P12_PATH), passphrase, source: "configured" };
  if (!env.sandbox && env.NODE_ENV === "production") {
    throw new AppError("UPSTREAM_UNAVAILABLE", "No sealing certificate configured (SIGNING_P12_BASE64 or SIGNING_P12_PATH)", {
      userMessage: "La signature en ligne est momentanément indisponible. Merci de réessayer plus tard ou de nous contacter.",
    });
  }
  const { company } = await getSettings();
  return generatedP12(path.join(env.DATA_DIR, "signing"), company ? { legalName: company.legalName, email: company.email } : null);
}

/**
 * The dev certificate under `dir`, generated on first use in the name of `holder` (the company in
 * the settings then; none entered yet: a neutral name). Kept afterwards, whatever the settings become.
 */
export async function generatedP12(dir: string, holder: { legalName: string; email: string } | null = null): Promise<CompanyP12> {
  const file = path.join(dir, "company-seal.p12.json");
  try {
    return parseStored(await readFile(file, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const passphrase = randomBytes(24).toString("base64url");
  const p12 = generateSelfSignedP12({
    commonName: `${holder?.legalName ?? "Espace client"} — cachet de démonstration`,
    organization: holder?.legalName ?? "Espace client (démonstration)",
    passphrase,
    ...(holder ? { email: holder.email } : {}),
  });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  await writeFile(temp, JSON.stringify({ p12: p12.toString("base64"), passphrase }), { mode: 0o600 });
  try {
    await link(temp, file); // fails if another process got there first: use theirs
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    await unlink(temp).catch(() => {});
  }
  return parseStored(await readFile(file, "utf8"));
}

function parseStored(text: string): CompanyP12 {
  const stored = JSON.parse(text) as { p12?: unknown; passphrase?: unknown };
  if (typeof stored.p12 !== "string" || typeof stored.passphrase !== "string") throw new AppError("INTERNAL", "Unreadable generated sealing certificate");
  return { p12: Buffer.from(stored.p12, "base64"), passphrase: stored.passphrase, source: "generated" };
}
