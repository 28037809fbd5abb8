import { describe, expect, it } from "vitest";
import { currentFor } from "@/components/shell/portal-nav";
import { negotiateLocale, resolveLocale } from "@/lib/i18n/config";
import { MESSAGES } from "@/lib/i18n/messages";

function leaves(obj: unknown, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}

describe("messages", () => {
  const fr = leaves(MESSAGES.fr);
  const en = leaves(MESSAGES.en);

  it("has every French string in English and nothing more", () => {
    expect([...en.keys()].sort()).toEqual([...fr.keys()].sort());
  });

  it("has no empty string and the same placeholders in both languages", () => {
    // An argument is `{name}` or `{name, plural|select|number…`: not the text of an ICU branch ("{Un devis…}").
    const placeholders = (s: string) => [...s.matchAll(/\{\s*(\w+)\s*[,}]/g)].map((m) => m[1]).sort();
    for (const [key, text] of fr) {
      expect(text.trim(), key).not.toBe("");
      expect(placeholders(en.get(key) ?? ""), key).toEqual(placeholders(text));
    }
  });
});

describe("locale of a request", () => {
  it("reads Accept-Language by weight, matching regions to their language", () => {
    expect(negotiateLocale("en-GB,en;q=0.9,fr;q=0.8")).toBe("en");
    expect(negotiateLocale("de-DE,fr-CA;q=0.7,en;q=0.5")).toBe("fr");
    expect(negotiateLocale("fr;q=0.2, en;q=0.8")).toBe("en");
    expect(negotiateLocale("en;q=0, fr;q=0.1")).toBe("fr");
    expect(negotiateLocale("de, es")).toBeNull();
    expect(negotiateLocale(null)).toBeNull();
  });

  it("follows the switcher, then the customer's language, then the browser, then French", () => {
    expect(resolveLocale({ cookie: "en", session: "fr", acceptLanguage: "fr" })).toBe("en");
    expect(resolveLocale({ cookie: null, session: "en", acceptLanguage: "fr-FR" })).toBe("en");
    expect(resolveLocale({ cookie: "de", session: null, acceptLanguage: "en-US,en;q=0.9" })).toBe("en");
    expect(resolveLocale({ acceptLanguage: "es-ES" })).toBe("fr");
    expect(resolveLocale({})).toBe("fr");
  });
});

describe("navigation state", () => {
  it("marks the page itself, its section below it, and never the dashboard for another page", () => {
    expect(currentFor("/", "/")).toBe("page");
    expect(currentFor("/documents", "/")).toBeUndefined();
    expect(currentFor("/documents", "/documents")).toBe("page");
    expect(currentFor("/documents/devis/42", "/documents")).toBe("true");
    expect(currentFor("/documentsX", "/documents")).toBeUndefined();
  });
});
