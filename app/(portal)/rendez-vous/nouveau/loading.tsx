import { SlotPickerSkeleton } from "@/components/appointments/slot-picker";
import { PageHeader } from "@/components/ui/page";
import { getI18n } from "@/lib/i18n/server";

/** While the booking page loads: its real heading and the picker's frame. */
export default async function NewAppointmentLoading() {
  const { t } = await getI18n();
  return (
    <div className="space-y-6">
      <PageHeader title={t("booking.newTitle")} intro={t("booking.newIntro")} />
      <div className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
        <SlotPickerSkeleton label={t("booking.loadingSlots")} />
      </div>
    </div>
  );
}
