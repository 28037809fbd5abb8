import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Button, buttonClasses } from "@/components/ui/button";
import { Field, FieldFrame, type FieldFrameProps } from "@/components/ui/field";
import { FormError, Notice } from "@/components/ui/form-error";

/** The form primitives of components/ui as a screen reader meets them (server-rendered markup). */
const html = (element: Parameters<typeof renderToStaticMarkup>[0]) => renderToStaticMarkup(element);
const attr = (markup: string, tag: string, name: string) => new RegExp(`<${tag}[^>]*\\s${name}="([^"]*)"`).exec(markup)?.[1];

describe("Button", () => {
  it("says it is busy while its request runs, with the pending label, and stays focusable", () => {
    const markup = html(createElement(Button, { type: "submit", pending: true, pendingLabel: "Envoi…" }, "Envoyer"));
    expect(markup).toContain(">Envoi…</button>");
    expect(attr(markup, "button", "aria-busy")).toBe("true");
    expect(attr(markup, "button", "aria-disabled")).toBe("true");
    expect(markup).not.toMatch(/\sdisabled=""/);
  });

  it("is a plain button (not a submit) unless told, with the brand look by default", () => {
    const markup = html(createElement(Button, null, "Annuler"));
    expect(attr(markup, "button", "type")).toBe("button");
    expect(attr(markup, "button", "aria-busy")).toBeUndefined();
    expect(attr(markup, "button", "class")).toContain("bg-brand-700");
  });

  it("gives a link the same look as the button of that variant", () => {
    const button = attr(html(createElement(Button, { variant: "secondary" }, "x")), "button", "class")!;
    for (const token of buttonClasses({ variant: "secondary" }).split(" ")) expect(button.split(" ")).toContain(token);
  });
});

describe("Field", () => {
  it("labels its input and describes it with the hint, then with the error once there is one", () => {
    const clean = html(createElement(Field, { label: "Code postal", hint: "5 chiffres" }));
    const inputId = attr(clean, "input", "id")!;
    expect(attr(clean, "label", "for")).toBe(inputId);
    const hintId = attr(clean, "input", "aria-describedby")!;
    expect(clean).toMatch(new RegExp(`<p id="${hintId}"[^>]*>5 chiffres</p>`));
    expect(attr(clean, "input", "aria-invalid")).toBeUndefined();

    const invalid = html(createElement(Field, { label: "Code postal", hint: "5 chiffres", error: "Le code postal comporte 5 chiffres." }));
    const describedBy = attr(invalid, "input", "aria-describedby")!.split(" ");
    expect(describedBy).toHaveLength(2);
    expect(invalid).toContain(`id="${describedBy[1]}" class="min-h-5 text-sm font-medium text-red-800">Le code postal comporte 5 chiffres.</p>`);
    expect(attr(invalid, "input", "aria-invalid")).toBe("true");
  });

  it("lends the same wiring to another control, and can announce a server's error", () => {
    const props: FieldFrameProps = { label: "Pourquoi ?", error: "Trop court.", announce: "alert", children: (control) => createElement("textarea", control) };
    const markup = html(createElement(FieldFrame, props));
    const errorId = attr(markup, "textarea", "aria-describedby");
    expect(markup).toContain(`id="${errorId}" role="alert"`);
    expect(attr(markup, "label", "for")).toBe(attr(markup, "textarea", "id"));
  });
});

describe("FormError and Notice", () => {
  it("announces a form's error at once, and keeps an empty region only when asked", () => {
    expect(html(createElement(FormError, null, "Connexion interrompue."))).toContain('role="alert"');
    expect(html(createElement(FormError, null))).toBe("");
    expect(html(createElement(FormError, { variant: "inline", persistent: true }))).toContain('role="alert"');
  });

  it("says a success politely, an error as an alert, and keeps a status region when empty", () => {
    const notice = (props: Parameters<typeof Notice>[0]) => html(createElement(Notice, props));
    expect(notice({ tone: "success", children: "Modifications enregistrées." })).toContain('role="status"');
    expect(notice({ tone: "error", children: "Refusé." })).toContain('role="alert"');
    expect(notice({ tone: "info", children: null })).toBe('<p role="status" class="sr-only"></p>');
  });
});
