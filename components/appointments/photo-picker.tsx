"use client";

import { useTranslations } from "next-intl";
import { sharedUploadLabels, UploadPicker, type PickedUpload } from "@/components/ui/upload-picker";

/** Photos of the problem for a booking, sent to /api/rendez-vous/photos (images only; the camera on phones). */
export type PickedPhoto = PickedUpload;

export function PhotoPicker({ photos, onChange, max }: { photos: PickedPhoto[]; onChange: (update: (photos: PickedPhoto[]) => PickedPhoto[]) => void; max: number }) {
  const t = useTranslations("booking");
  return (
    <UploadPicker
      files={photos}
      onChange={onChange}
      max={max}
      endpoint="/api/rendez-vous/photos"
      accept="image/jpeg,image/png,image/webp"
      capture="environment"
      testId="booking-photo"
      labels={{ label: t("photos", { max }), help: t("photosHelp"), tooMany: t("tooManyPhotos", { max }), ...sharedUploadLabels(t) }}
    />
  );
}
