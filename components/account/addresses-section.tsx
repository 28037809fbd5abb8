"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import type { z } from "zod";
import { addAddressAction, removeAddressAction, setDefaultAddressAction, updateAddressAction } from "@/lib/account/actions/addresses";
import type { SavedAddress } from "@/lib/model/types";
import { formatAddress } from "@/lib/contact/address-match";
import type { addressSchema } from "@/lib/account/schemas";
import { lazyZodResolver } from "@/components/ui/lazy-resolver";
import { Button } from "@/components/ui/button";
import { AddressCombobox } from "@/components/ui/address-combobox";
import { Field, FieldFrame, INPUT_CLASSES } from "@/components/ui/field";
import { Notice } from "@/components/ui/form-error";
import { useIdempotencyKey } from "@/components/ui/use-idempotency-key";

type In = z.input<typeof addressSchema>;
type Out = z.output<typeof addressSchema>;

// The schema (zod, phone metadata) loads when the form is first used, not with the page (issue 19).
const schema = lazyZodResolver<In, Out>(() => import("@/lib/account/schemas").then((m) => m.addressSchema));

function AddressForm({ initial, onSaved, onCancel, submitLabel }: { initial?: SavedAddress; onSaved: (message: string) => void; onCancel: () => void; submitLabel: string }) {
  const t = useTranslations("account");
  const [error, setFormError] = useState<string | null>(null);
  // Adding: a retry after a lost reply adds the address once (the form closes once it is saved).
  const key = useIdempotencyKey();
  const {
    register,
    handleSubmit,
    setError,
    setValue,
    formState: { errors, isSubmitting },
  } = useForm<In, unknown, Out>({
    resolver: schema.resolver,
    defaultValues: initial ? { label: initial.label ?? "", line: initial.line, zip: initial.zip, city: initial.city, isDefault: initial.isDefault } : { label: "", line: "", zip: "", city: "", isDefault: false },
  });
  return (
    <form
      noValidate
      aria-busy={isSubmitting}
      onFocus={schema.preload}
      onPointerDown={schema.preload}
      className="grid gap-x-4 rounded-lg border border-slate-200 bg-slate-50 p-4 sm:grid-cols-2"
      onSubmit={handleSubmit(async (input) => {
        setFormError(null);
        let result: Awaited<ReturnType<typeof updateAddressAction>>;
        try {
          result = initial ? await updateAddressAction({ ...input, id: initial.id }) : await addAddressAction({ ...input, idempotencyKey: key.current() });
        } catch {
          // No answer (network): it may have been saved; the same key again saves it once.
          setFormError(t("notConfirmed"));
          return;
        }
        if (!result.ok) {
          for (const [k, v] of Object.entries(result.fieldErrors ?? {})) setError(k as keyof In, { message: v });
          setFormError(result.error);
          return;
        }
        onSaved(t(initial ? "addressUpdated" : "addressAdded"));
      })}
    >
      <Field label={t("addressLabel")} hint={t("addressLabelHint")} error={errors.label?.message} className="sm:col-span-2" {...register("label")} />
      <FieldFrame label={t("addressLine")} error={errors.line?.message} className="sm:col-span-2">
        {(control) => (
          <AddressCombobox
            inputProps={{ ...control, autoComplete: "street-address", className: INPUT_CLASSES, ...register("line") }}
            onPick={(s) => {
              // A street address fills the three fields; a town alone leaves the street typed.
              if (s.line) setValue("line", s.line, { shouldDirty: true, shouldValidate: Boolean(errors.line) });
              setValue("zip", s.zip, { shouldDirty: true, shouldValidate: Boolean(errors.zip) });
              setValue("city", s.city, { shouldDirty: true, shouldValidate: Boolean(errors.city) });
            }}
          />
        )}
      </FieldFrame>
      <Field label={t("zip")} autoComplete="postal-code" inputMode="numeric" maxLength={6} error={errors.zip?.message} {...register("zip")} />
      <Field label={t("city")} autoComplete="address-level2" error={errors.city?.message} {...register("city")} />
      {initial?.isDefault ? null : (
        <label className="flex min-h-11 items-center gap-3 sm:col-span-2">
          <input type="checkbox" className="size-5 accent-brand-700" {...register("isDefault")} />
          <span>{t("makeDefault")}</span>
        </label>
      )}
      {error ? (
        <div className="sm:col-span-2">
          <Notice tone="error">{error}</Notice>
        </div>
      ) : null}
      <div className="mt-3 flex flex-wrap gap-3 sm:col-span-2">
        <Button type="submit" pending={isSubmitting} pendingLabel={t("saving")}>
          {submitLabel}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t("cancel")}
        </Button>
      </div>
    </form>
  );
}

/** The address book: list, add, edit, remove, choose the main address. */
export function AddressesSection({ addresses }: { addresses: SavedAddress[] }) {
  const t = useTranslations("account");
  const router = useRouter();
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const done = (text: string) => {
    setEditing(null);
    setNotice({ tone: "success", text });
    router.refresh();
  };
  return (
    <div className="space-y-4">
      {addresses.length === 0 ? <p className="text-slate-700">{t("noAddress")}</p> : null}
      <ul className="space-y-3" aria-label={t("addresses")}>
        {addresses.map((a) => (
          <li key={a.id} className="rounded-lg border border-slate-200 p-3">
            {editing === a.id ? (
              <AddressForm initial={a} submitLabel={t("save")} onSaved={done} onCancel={() => setEditing(null)} />
            ) : (
              <div className="flex flex-wrap items-start justify-between gap-3">
                <div>
                  <p className="font-semibold text-slate-900">
                    {a.label ?? `${a.zip} ${a.city}`}{" "}
                    {a.isDefault ? <span className="ml-1 inline-flex rounded-full bg-brand-50 px-2 py-0.5 text-xs font-semibold text-brand-700">{t("default")}</span> : null}
                  </p>
                  <p className="text-slate-700">
                    {a.line}, {a.zip} {a.city}
                  </p>
                </div>
                <div className="flex flex-wrap gap-2">
                  <Button variant="secondary" onClick={() => setEditing(a.id)} aria-label={`${t("editAddress")} : ${a.line}`}>
                    {t("editAddress")}
                  </Button>
                  {a.isDefault ? null : (
                    <>
                      <Button
                        variant="secondary"
                        onClick={async () => {
                          const r = await setDefaultAddressAction({ id: a.id });
                          if (r.ok) done(t("addressUpdated"));
                          else setNotice({ tone: "error", text: r.error });
                        }}
                      >
                        {t("makeDefault")}
                      </Button>
                      <Button
                        variant="danger-outline"
                        aria-label={`${t("removeAddress")} : ${a.line}`}
                        onClick={async () => {
                          if (!window.confirm(t("removeConfirm", { address: formatAddress(a) }))) return;
                          const r = await removeAddressAction({ id: a.id });
                          if (r.ok) done(t("addressRemoved"));
                          else setNotice({ tone: "error", text: r.error });
                        }}
                      >
                        {t("removeAddress")}
                      </Button>
                    </>
                  )}
                </div>
              </div>
            )}
          </li>
        ))}
      </ul>
      {editing === "new" ? (
        <AddressForm submitLabel={t("addAddress")} onSaved={done} onCancel={() => setEditing(null)} />
      ) : (
        <Button variant="secondary" onClick={() => setEditing("new")}>
          {t("addAddress")}
        </Button>
      )}
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : <Notice tone="success">{null}</Notice>}
    </div>
  );
}
