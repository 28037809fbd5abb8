"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useId, useRef, useState, useTransition } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { createFormat } from "@/components/format";
import { Button } from "@/components/ui/button";
import { useIdempotencyKey } from "@/components/ui/use-idempotency-key";
import type { ActionResult } from "@/lib/auth/customer-action";
import { initialAddressChoice, OTHER_ADDRESS, type AddressOption } from "@/lib/bookings/address-book";
import type { BookingOutcome } from "@/lib/bookings/book-appointment";
import type { SlotChoice, SlotListing } from "@/lib/bookings/list-slots";
import type { bookAppointmentInput } from "@/lib/bookings/schemas";
import { lazyZodResolver } from "@/components/ui/lazy-resolver";
import { AddressCombobox } from "@/components/ui/address-combobox";
import { PhotoPicker, type PickedPhoto } from "./photo-picker";
import { SlotPicker } from "./slot-picker";

/**
 * Pick a time, then confirm in one click. Booking: the address is pre-filled and editable, with an
 * optional note. Rescheduling: same picker, one button. The idempotency key is fixed for the life
 * of the form, so a double click or a retried request books once. A slot taken meanwhile shows
 * "ce créneau vient d'être réservé" and the fresh slots, in place.
 */
type Submit =
  | {
      mode: "book";
      /** A saved address goes as `address`; one typed in the flow as `typedAddress` (checked, then saved to the address book). */
      action: (input: { service: string; start: string; technicianId: string; address?: string; typedAddress?: string; note?: string; uploadIds: string[]; idempotencyKey: string }) => Promise<ActionResult<BookingOutcome>>;
    }
  | { mode: "reschedule"; bookingId: string; token?: string; action: (input: { bookingId: string; start: string; technicianId: string; idempotencyKey: string; token?: string }) => Promise<ActionResult<BookingOutcome>> };

/**
 * What the customer types, checked with the booking action's own schema; the slot, photos and key
 * are added at submit. The address is checked apart (typedAddressSchema) only when it is typed.
 * The schemas (zod) load on the form's first use, not with the page.
 */
type Typed = Pick<z.output<typeof bookAppointmentInput>, "note">;
type FormValues = Pick<z.input<typeof bookAppointmentInput>, "note"> & { addressChoice: string; address: string };
const loadSchemas = () => import("@/lib/bookings/schemas");
const typedSchema = lazyZodResolver<FormValues, Partial<Typed & { address: string }>>(() => loadSchemas().then((m) => m.bookAppointmentInput.pick({ note: true })));
const preloadSchemas = () => {
  typedSchema.preload();
  void loadSchemas().catch(() => undefined);
};

export function BookingFlow({
  listing: initial,
  locale,
  service,
  defaultAddress,
  savedAddresses = [],
  submit,
  after,
  refreshSlots,
  beforeConfirm,
}: {
  listing: SlotListing;
  locale: string;
  service: string;
  defaultAddress?: string;
  /** Booking: the customer's address book (lib/account `listAddresses`), to pick from or type another. */
  savedAddresses?: AddressOption[];
  submit: Submit;
  /** Where to go once booked: the booking's page, or refresh the current one (manage link). */
  after: "detail" | "refresh";
  /** Booking: slots again for another address. */
  refreshSlots?: (input: { service: string; typedAddress: string }) => Promise<ActionResult<SlotListing>>;
  /**
   * Booking: an optional step shown between the details and « Confirmer le rendez-vous » (the SMS
   * number). It may hold forms of its own, so it is drawn beside this form, never inside it (HTML
   * has no nested forms), and the confirm button reaches this form through its `form` attribute.
   */
  beforeConfirm?: React.ReactNode;
}) {
  const t = useTranslations("booking");
  const router = useRouter();
  const id = useId();
  const [listing, setListing] = useState(initial);
  const [day, setDay] = useState<string | null>(initial.days[0]?.date ?? null);
  const [selected, setSelected] = useState<SlotChoice | null>(null);
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [message, setMessage] = useState<{ tone: "error" | "info"; text: string } | null>(null);
  const [pending, start] = useTransition();
  const [defaultValues] = useState<FormValues>(() => {
    const initialChoice = initialAddressChoice(savedAddresses, defaultAddress);
    return { addressChoice: initialChoice.choice, address: savedAddresses.length > 0 ? initialChoice.text : (defaultAddress ?? ""), note: "" };
  });
  const {
    register,
    handleSubmit,
    setValue,
    setError,
    clearErrors,
    control,
    formState: { errors },
  } = useForm<FormValues, unknown, Partial<Typed & { address: string }>>({
    // Rescheduling has nothing to type: only the slot, checked by the server.
    resolver: submit.mode === "book" ? typedSchema.resolver : undefined,
    defaultValues,
  });
  const address = useWatch({ control, name: "address" }) ?? "";
  const addressChoice = useWatch({ control, name: "addressChoice" });
  const addressError = errors.address?.message;
  /** The address is typed in the flow (none saved, or "another address"), not picked from the book. */
  const typing = submit.mode === "book" && (savedAddresses.length === 0 || addressChoice === OTHER_ADDRESS);

  /** The typed address's shape checked here (one line, a postcode, in France); its town's postcode and the area are the server's: either message lands on the field. */
  async function typedAddressOk(text: string): Promise<boolean> {
    let checked;
    try {
      checked = (await loadSchemas()).typedAddressSchema.safeParse(text);
    } catch {
      return true; // the schema could not be fetched (connection lost): the action checks the address
    }
    if (checked.success) return true;
    setError("address", { message: checked.error.issues[0]?.message ?? t("genericError") });
    return false;
  }
  const key = useIdempotencyKey();
  const confirmRef = useRef<HTMLDivElement>(null);

  // The portal's one formatter: « mardi 24 novembre 2026 à 14 h 00 », as the confirmation page says it.
  const when = selected ? createFormat(locale.startsWith("fr") ? "fr" : "en").dateTime(selected.start) : null;

  function choose(slot: SlotChoice) {
    setSelected(slot);
    setMessage(null);
    requestAnimationFrame(() => confirmRef.current?.scrollIntoView({ block: "nearest", behavior: "smooth" }));
  }

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!selected) {
      setMessage({ tone: "error", text: t("pickFirst") });
      return;
    }
    if (photos.some((p) => p.status === "uploading")) {
      setMessage({ tone: "error", text: t("waitUploads") });
      return;
    }
    setMessage(null);
    clearErrors("address");
    void (async () => {
      if (typing && !(await typedAddressOk(address))) return;
      await handleSubmit(
        (typed) => book(selected, typed),
        (invalid) => (invalid.note?.message ? setMessage({ tone: "error", text: invalid.note.message }) : undefined),
      )(event);
    })();
  }

  function book(selected: SlotChoice, typed: Partial<Typed>) {
    const where = typing ? { typedAddress: address } : { address };
    const uploadIds = photos.filter((p) => p.status === "done" && p.uploadId).map((p) => p.uploadId!);
    start(async () => {
      let result: ActionResult<BookingOutcome>;
      try {
        result =
          submit.mode === "book"
            ? await submit.action({ service, start: selected.start, technicianId: selected.technicianId, ...where, note: typed.note || undefined, uploadIds, idempotencyKey: key.current() })
            : await submit.action({ bookingId: submit.bookingId, start: selected.start, technicianId: selected.technicianId, idempotencyKey: key.current(), ...(submit.token ? { token: submit.token } : {}) });
      } catch {
        // No answer (network): the booking may have been made. The key is kept, so trying again books once.
        setMessage({ tone: "error", text: t("notConfirmed") });
        return;
      }
      if (!result.ok) {
        const fieldError = result.fieldErrors?.typedAddress ?? result.fieldErrors?.address;
        if (fieldError) setError("address", { message: fieldError });
        else setMessage({ tone: "error", text: result.error });
        return;
      }
      if (result.data.status === "slot_taken") {
        // A new attempt gets a new key: the refused one is spent.
        key.renew();
        setListing(result.data.listing);
        setSelected(null);
        setDay(result.data.listing.days[0]?.date ?? null);
        setMessage({ tone: "info", text: result.data.message });
        return;
      }
      if (after === "detail") router.push(`/rendez-vous/${result.data.booking.bookingId}?${submit.mode === "book" ? "confirme" : "deplace"}=1`);
      else {
        setMessage({ tone: "info", text: t("rescheduled") });
        router.refresh();
      }
    });
  }

  function pickAddress(choice: string) {
    clearErrors("address");
    const option = savedAddresses.find((o) => o.id === choice);
    if (!option) {
      // "Another address": an empty field to type in (the saved one's text is not a start).
      setValue("address", "");
      return;
    }
    setValue("address", option.text);
    // A saved address other than the one the times were computed for: its own times at once.
    if (option.text.trim() !== (listing.address ?? "").trim()) checkAddress(option.text);
  }

  function checkAddress(forAddress: string = address) {
    if (!refreshSlots) return;
    setMessage(null);
    clearErrors();
    start(async () => {
      if (!(await typedAddressOk(forAddress))) {
        // No times for an address we cannot serve: the flow asks for a valid one (nothing is saved).
        setListing({ ...listing, bookable: false, reason: "address_needed", address: null, days: [] });
        setSelected(null);
        return;
      }
      try {
        const result = await refreshSlots({ service, typedAddress: forAddress });
        if (!result.ok) {
          const fieldError = result.fieldErrors?.typedAddress ?? result.fieldErrors?.address;
          if (fieldError) {
            setError("address", { message: fieldError });
            // No times for an address we cannot serve (the server said why, on the field).
            setListing({ ...listing, bookable: false, reason: "address_needed", address: null, days: [] });
            setSelected(null);
          } else setMessage({ tone: "error", text: result.error });
          return;
        }
        // The address as understood ("12 rue Royale, 69001 Lyon"): the field shows what will be booked.
        if (typing && result.data.address) setValue("address", result.data.address);
        setListing(result.data);
        setSelected(null);
        setDay(result.data.days[0]?.date ?? null);
        setMessage(result.data.bookable ? { tone: "info", text: t("slotsUpdated") } : { tone: "error", text: t("outsideArea") });
      } catch {
        setMessage({ tone: "error", text: t("genericError") });
      }
    });
  }

  const addressChanged = submit.mode === "book" && refreshSlots !== undefined && address.trim() !== (listing.address ?? "").trim();
  const noSlots = listing.days.length === 0;
  const formId = `${id}-form`;
  const confirmButton = (
    <Button
      type="submit"
      form={formId}
      size="md"
      disabled={pending || noSlots}
      aria-disabled={pending || !selected}
      pending={pending}
      pendingLabel={t("confirming")}
      className="w-full focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-700 sm:w-auto"
    >
      {submit.mode === "book" ? t("confirm") : t("rescheduleConfirm")}
    </Button>
  );
  const form = (
    <form id={formId} onSubmit={onSubmit} onFocus={preloadSchemas} onPointerDown={preloadSchemas} noValidate className="space-y-6" aria-describedby={message ? `${id}-msg` : undefined}>
      <div id={`${id}-msg`} aria-live="polite" role="status">
        {message ? (
          <p className={`rounded-lg p-3 text-sm font-medium ${message.tone === "error" ? "bg-red-50 text-red-800" : "bg-amber-50 text-amber-900"}`}>{message.text}</p>
        ) : null}
      </div>
      {submit.mode === "book" ? (
        // The address first: it decides the times (a new customer types theirs here, then sees them).
        <div className="rounded-xl border border-slate-200 bg-white p-4">
          <div>
            {savedAddresses.length > 0 ? (
              <fieldset aria-describedby={addressError ? `${id}-address-error` : undefined}>
                <legend className="block font-medium text-slate-900">{t("address")}</legend>
                <div className="mt-1 space-y-1">
                  {[...savedAddresses, { id: OTHER_ADDRESS, label: null, text: t("otherAddress") }].map((o) => (
                    <label key={o.id} className="flex min-h-11 cursor-pointer items-center gap-3 rounded-lg px-1 text-slate-900">
                      <input
                        type="radio"
                        value={o.id}
                        // Checked in the server-rendered page too, before react-hook-form takes over.
                        defaultChecked={defaultValues.addressChoice === o.id}
                        disabled={pending}
                        className="h-5 w-5 shrink-0 accent-brand-700"
                        {...register("addressChoice", { onChange: (event: React.ChangeEvent<HTMLInputElement>) => pickAddress(event.target.value) })}
                      />
                      <span>
                        {o.label ? <span className="font-semibold">{o.label} — </span> : null}
                        {o.text}
                      </span>
                    </label>
                  ))}
                </div>
              </fieldset>
            ) : null}
            {savedAddresses.length === 0 || addressChoice === OTHER_ADDRESS ? (
              <>
                <label htmlFor={`${id}-address`} className={savedAddresses.length > 0 ? "mt-2 block text-sm font-medium text-slate-900" : "block font-medium text-slate-900"}>
                  {savedAddresses.length > 0 ? t("otherAddressInput") : t("address")}
                </label>
                <p id={`${id}-address-hint`} className="text-sm text-slate-600">
                  {t("addressHint")}
                </p>
                <AddressCombobox
                  inputProps={{
                    id: `${id}-address`,
                    autoComplete: "street-address",
                    required: true,
                    defaultValue: defaultValues.address,
                    "aria-invalid": addressError ? true : undefined,
                    "aria-describedby": `${id}-address-hint${addressError ? ` ${id}-address-error` : ""}`,
                    className: "mt-1 block min-h-11 w-full rounded-lg border border-slate-400 bg-white px-3 text-slate-900",
                    ...register("address"),
                  }}
                  onPick={(s) => {
                    // The suggestion as one line ("12 Rue Royale, 69001 Lyon"), then its times at once.
                    const text = s.line ? `${s.line}, ${s.zip} ${s.city}` : `${s.zip} ${s.city}`;
                    setValue("address", text, { shouldDirty: true });
                    if (s.line) checkAddress(text);
                  }}
                  onKeyDownOutside={(event) => {
                    // Enter in the address asks for its times (not « choose a time first »).
                    if (event.key === "Enter" && refreshSlots) {
                      event.preventDefault();
                      checkAddress();
                    }
                  }}
                />
              </>
            ) : null}
            {addressError ? (
              <p id={`${id}-address-error`} className="mt-1 text-sm font-medium text-red-800">
                {addressError}
              </p>
            ) : null}
            {addressChanged && (savedAddresses.length === 0 || addressChoice === OTHER_ADDRESS) ? (
              <Button variant="secondary" onClick={() => checkAddress()} disabled={pending} className="mt-2">
                {t("slotsForAddress")}
              </Button>
            ) : null}
          </div>
        </div>
      ) : null}
      {noSlots ? (
        listing.reason === "address_needed" || listing.reason === "outside_service_area" ? (
          <p className="rounded-lg bg-amber-50 p-4 font-medium text-amber-950">{listing.reason === "address_needed" ? t("addressNeeded") : t("outsideAreaTypeAnother")}</p>
        ) : (
          <p className="rounded-lg bg-slate-50 p-4 font-medium text-slate-800">{t("noSlots")}</p>
        )
      ) : (
        <SlotPicker listing={listing} locale={locale} day={day} onDay={setDay} selected={selected} onSelect={choose} />
      )}
      <div ref={confirmRef} className="space-y-4 rounded-xl border border-slate-200 bg-slate-50 p-4">
        <p className="font-semibold text-slate-900" aria-live="polite">
          {when ? t("selected", { when }) : t("pickFirst")}
        </p>
        {submit.mode === "book" ? (
          <>
            <div>
              <label htmlFor={`${id}-note`} className="block font-medium text-slate-900">
                {t("note")}
              </label>
              <p id={`${id}-note-hint`} className="text-sm text-slate-600">
                {t("noteHint")}
              </p>
              <textarea
                id={`${id}-note`}
                rows={3}
                maxLength={1000}
                aria-describedby={`${id}-note-hint`}
                className="mt-1 block w-full rounded-lg border border-slate-400 bg-white px-3 py-2 text-slate-900"
                {...register("note")}
              />
            </div>
            <PhotoPicker photos={photos} onChange={setPhotos} max={5} />
          </>
        ) : null}
        {beforeConfirm ? null : confirmButton}
      </div>
    </form>
  );
  if (!beforeConfirm) return form;
  return (
    <div className="space-y-6">
      {form}
      {/* Its own box: the step, drawn by the page, is this box's only child (no list, no key). */}
      <div>{beforeConfirm}</div>
      {confirmButton}
    </div>
  );
}
