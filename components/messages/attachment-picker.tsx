"use client";

import { useTranslations } from "next-intl";
import { sharedUploadLabels, UploadPicker, type PickedUpload } from "@/components/ui/upload-picker";

/** Attachments for a message, sent to /api/messages/uploads (photos and PDFs). */
export type PickedFile = PickedUpload;

const ACCEPT = "image/jpeg,image/png,image/webp,application/pdf";

export function AttachmentPicker({ files, onChange, max }: { files: PickedFile[]; onChange: (update: (files: PickedFile[]) => PickedFile[]) => void; max: number }) {
  const t = useTranslations("thread");
  return (
    <UploadPicker
      files={files}
      onChange={onChange}
      max={max}
      endpoint="/api/messages/uploads"
      accept={ACCEPT}
      testId="attachment"
      labels={{ label: t("attachments", { max }), help: t("attachmentsHelp"), tooMany: t("tooManyFiles", { max }), ...sharedUploadLabels(t) }}
    />
  );
}
