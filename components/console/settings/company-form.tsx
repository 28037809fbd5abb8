"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { electronicFormatIBAN, friendlyFormatIBAN } from "ibantools";
import { useEffect, type ReactNode } from "react";
import { useForm, useWatch, type FieldErrors, type Resolver } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { displayPhone } from "@/lib/contact/phone";
import { companySchema, type CompanySettings } from "@/lib/settings/schemas";
import { AdminOnlyNote, SaveStatus, useSaveSettings } from "./save-settings";

/**
 * Entreprise: the legal identity printed on quotes, invoices and emails (companySchema), in groups.
 * The form holds text (a capital, a website or a VAT number left empty means none); « Pas de
 * virement » saves the bank as null (no transfer block on invoices). The IBAN is shown by groups
 * of four, the phone the French way; the schema normalizes both before saving.
 */

export interface CompanyFormValues {
  tradeName: string;
  legalName: string;
  legalForm: string;
  capitalEuros: string;
  address: { street: string; postalCode: string; city: string };
  phone: string;
  email: string;
  website: string;
  siret: string;
  registration: string;
  vatNumber: string;
  insurance: { kind: string; insurer: string; policyNumber: string; area: string };
  mediator: { name: string; website: string };
  noBank: boolean;
  bank: { iban: string; bic: string; beneficiary: string };
  reviewUrl: string;
}

/** The form's text → the section's value as the schema reads it. */
export function companyValueOf(v: CompanyFormValues): unknown {
  const capital = v.capitalEuros.replace(/[\s\u00a0\u202f€]/g, "").replace(",", ".");
  return {
    tradeName: v.tradeName,
    legalName: v.legalName,
    legalForm: v.legalForm,
    capitalEuros: capital === "" ? null : Number(capital),
    address: v.address,
    phone: v.phone,
    email: v.email.trim(),
    website: v.website,
    siret: v.siret,
    registration: v.registration,
    vatNumber: v.vatNumber,
    insurance: v.insurance,
    mediator: v.mediator,
    bank: v.noBank ? null : v.bank,
    reviewUrl: v.reviewUrl,
  };
}

export function companyFormValues(c: CompanySettings | null): CompanyFormValues {
  return {
    tradeName: c?.tradeName ?? "",
    legalName: c?.legalName ?? "",
    legalForm: c?.legalForm ?? "",
    capitalEuros: c?.capitalEuros === null || c?.capitalEuros === undefined ? "" : String(c.capitalEuros),
    address: { street: c?.address.street ?? "", postalCode: c?.address.postalCode ?? "", city: c?.address.city ?? "" },
    phone: c ? (displayPhone(c.phone) ?? c.phone) : "",
    email: c?.email ?? "",
    website: c?.website ?? "",
    siret: c?.siret ?? "",
    registration: c?.registration ?? "",
    vatNumber: c?.vatNumber ?? "",
    insurance: { kind: c?.insurance.kind ?? "", insurer: c?.insurance.insurer ?? "", policyNumber: c?.insurance.policyNumber ?? "", area: c?.insurance.area ?? "" },
    mediator: { name: c?.mediator.name ?? "", website: c?.mediator.website ?? "" },
    noBank: c ? c.bank === null : false,
    bank: { iban: c?.bank ? (friendlyFormatIBAN(c.bank.iban) ?? c.bank.iban) : "", bic: c?.bank?.bic ?? "", beneficiary: c?.bank?.beneficiary ?? "" },
    reviewUrl: c?.reviewUrl ?? "",
  };
}

const schemaResolver = zodResolver(companySchema) as unknown as Resolver<Record<string, unknown>, unknown, CompanySettings>;
const resolver: Resolver<CompanyFormValues, unknown, CompanySettings> = async (values, context, options) => {
  const result = await schemaResolver(companyValueOf(values) as Record<string, unknown>, context, options as never);
  return result as unknown as Awaited<ReturnType<Resolver<CompanyFormValues, unknown, CompanySettings>>>;
};

function Group({ title, intro, children }: { title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <fieldset className="rounded-lg border border-slate-200 bg-white p-4">
      <legend className="px-1 text-lg font-semibold text-slate-900">{title}</legend>
      {intro ? <p className="mb-3 text-sm text-slate-600">{intro}</p> : null}
      <div className="grid gap-x-4 sm:grid-cols-2">{children}</div>
    </fieldset>
  );
}

const FOCUS_ORDER = [
  "tradeName", "legalName", "legalForm", "capitalEuros", "website",
  "address.street", "address.postalCode", "address.city", "phone", "email",
  "siret", "registration", "vatNumber",
  "insurance.kind", "insurance.insurer", "insurance.policyNumber", "insurance.area",
  "mediator.name", "mediator.website",
  "bank.iban", "bank.bic", "bank.beneficiary", "reviewUrl",
] as const;

export function CompanyForm({ initial, version, readOnly }: { initial: CompanySettings | null; version: number; readOnly: boolean }) {
  const form = useForm<CompanyFormValues, unknown, CompanySettings>({ resolver, defaultValues: companyFormValues(initial), shouldFocusError: false });
  const { register, control, handleSubmit, setValue, setFocus, formState } = form;
  const errors = formState.errors;
  const saver = useSaveSettings<CompanySettings>("company", version, { setError: form.setError as never, setFocus: setFocus as never });
  const noBank = useWatch({ control, name: "noBank" });

  useEffect(() => {
    form.reset(companyFormValues(initial));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [initial]);

  const onInvalid = (e: FieldErrors<CompanyFormValues>) => {
    const has = (path: string) => path.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), e) !== undefined;
    const first = FOCUS_ORDER.find(has);
    if (first) setFocus(first);
  };

  return (
    <form noValidate aria-busy={saver.saving} onChange={saver.reset} onSubmit={handleSubmit((value) => saver.save(value), onInvalid)} className="space-y-5">
      {readOnly ? <AdminOnlyNote /> : null}
      {initial === null ? (
        <p role="status" className="rounded-lg bg-amber-50 p-3 text-sm font-medium text-amber-950">
          L&apos;identité de l&apos;entreprise n&apos;est pas encore renseignée : devis, factures et e-mails ne peuvent pas être produits.
        </p>
      ) : null}
      <fieldset disabled={readOnly} className="space-y-5">
        <legend className="sr-only">Entreprise</legend>
        <Group title="Identité" intro="Telle qu'elle figure sur les devis, factures et e-mails.">
          <Field label="Nom commercial" autoComplete="organization" error={errors.tradeName?.message} {...register("tradeName")} />
          <Field label="Raison sociale" error={errors.legalName?.message} {...register("legalName")} />
          <Field label="Forme juridique" hint="SARL, SAS, EURL, EI…" error={errors.legalForm?.message} {...register("legalForm")} />
          <Field label="Capital social (euros)" hint="Vide pour une forme sans capital (EI)." inputMode="numeric" error={errors.capitalEuros?.message} {...register("capitalEuros")} />
          <Field label="Site web" hint="Facultatif, adresse https://" type="url" inputMode="url" error={errors.website?.message} {...register("website")} />
        </Group>

        <Group title="Adresse et contact">
          <Field label="Adresse" autoComplete="street-address" error={errors.address?.street?.message} className="sm:col-span-2" {...register("address.street")} />
          <Field label="Code postal" autoComplete="postal-code" inputMode="numeric" error={errors.address?.postalCode?.message} {...register("address.postalCode")} />
          <Field label="Ville" autoComplete="address-level2" error={errors.address?.city?.message} {...register("address.city")} />
          <Field label="Téléphone" type="tel" autoComplete="tel" inputMode="tel" error={errors.phone?.message} {...register("phone")} />
          <Field label="E-mail" type="email" autoComplete="email" inputMode="email" error={errors.email?.message} {...register("email")} />
        </Group>

        <Group title="Immatriculation">
          <Field label="SIRET" hint="14 chiffres." inputMode="numeric" error={errors.siret?.message} {...register("siret")} />
          <Field label="Immatriculation (RCS ou RM)" hint="Ex. « RCS Lyon 842 317 653 »." error={errors.registration?.message} {...register("registration")} />
          <Field label="Numéro de TVA intracommunautaire" hint="Facultatif : FR, la clé et le SIREN." error={errors.vatNumber?.message} {...register("vatNumber")} />
        </Group>

        <Group title="Assurance professionnelle" intro="Mention obligatoire sur les devis et factures (Code des assurances, art. L243-2).">
          <Field label="Type d'assurance" hint="Ex. « Responsabilité civile professionnelle et décennale »." error={errors.insurance?.kind?.message} {...register("insurance.kind")} />
          <Field label="Assureur" error={errors.insurance?.insurer?.message} {...register("insurance.insurer")} />
          <Field label="Numéro de contrat" error={errors.insurance?.policyNumber?.message} {...register("insurance.policyNumber")} />
          <Field label="Zone couverte" hint="Ex. « France métropolitaine »." error={errors.insurance?.area?.message} {...register("insurance.area")} />
        </Group>

        <Group title="Médiateur de la consommation" intro="Indiqué aux clients particuliers (Code de la consommation, art. L612-1).">
          <Field label="Médiateur" error={errors.mediator?.name?.message} {...register("mediator.name")} />
          <Field label="Site du médiateur" type="url" inputMode="url" hint="Adresse https://" error={errors.mediator?.website?.message} {...register("mediator.website")} />
        </Group>

        <Group title="Virement bancaire" intro="Les coordonnées imprimées sur les factures et dans le QR code de virement.">
          <label className="flex min-h-11 items-center gap-2 sm:col-span-2">
            <input type="checkbox" className="size-5" {...register("noBank")} />
            Pas de virement (aucun bloc de virement sur les factures)
          </label>
          {!noBank ? (
            <>
              <Field
                label="IBAN"
                autoComplete="off"
                spellCheck={false}
                className="sm:col-span-2"
                error={errors.bank?.iban?.message}
                {...register("bank.iban", {
                  onBlur: (e: { target: { value: string } }) => {
                    const electronic = electronicFormatIBAN(e.target.value);
                    if (electronic) setValue("bank.iban", friendlyFormatIBAN(electronic) ?? e.target.value);
                  },
                })}
              />
              <Field label="BIC" hint="Facultatif : 8 ou 11 caractères." autoComplete="off" spellCheck={false} error={errors.bank?.bic?.message} {...register("bank.bic")} />
              <Field label="Bénéficiaire" hint="Facultatif : la raison sociale si vide (70 caractères au plus)." error={errors.bank?.beneficiary?.message} {...register("bank.beneficiary")} />
            </>
          ) : null}
        </Group>

        <Group title="Page d'avis" intro="Facultatif : où les clients satisfaits sont invités à laisser un avis public.">
          <Field label="Adresse de la page d'avis" type="url" inputMode="url" hint="Adresse https://, vide pour ne pas inviter." error={errors.reviewUrl?.message} className="sm:col-span-2" {...register("reviewUrl")} />
        </Group>
      </fieldset>
      {!readOnly ? (
        <div className="space-y-3 border-t border-slate-200 pt-4">
          <Button type="submit" pending={saver.saving} pendingLabel="Enregistrement…">
            Enregistrer
          </Button>
          <SaveStatus {...saver.statusProps} />
        </div>
      ) : null}
    </form>
  );
}
