"use client";

import { useTranslations } from "next-intl";
import { useId, useState } from "react";

/**
 * Attachments for a message: each file is sent at once to /api/messages/uploads (XMLHttpRequest,
 * for its upload progress), checked there (type from the bytes, size, pixels) and re-encoded.
 * A progress bar per file, announced politely; a refused file shows the server's French reason.
 */
export interface PickedFile {
  key: string;
  name: string;
  progress: number;
  status: "uploading" | "done" | "error";
  uploadId?: string;
  error?: string;
}

export const ACCEPT = "image/jpeg,image/png,image/webp,application/pdf";

function upload(file: File, onProgress: (p: number) => void): Promise<{ id: string; fileName: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/messages/uploads");
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      const body = xhr.response as { id?: string; fileName?: string; error?: string } | null;
      if (xhr.status === 201 && body?.id) resolve({ id: body.id, fileName: body.fileName ?? file.name });
      else reject(new Error(body?.error ?? "Envoi impossible. Merci de réessayer."));
    };
    xhr.onerror = () => reject(new Error("Connexion interrompue pendant l'envoi. Merci de réessayer."));
    const form = new FormData();
    form.set("file", file, file.name);
    xhr.send(form);
  });
}

export function AttachmentPicker({ files, onChange, max }: { files: PickedFile[]; onChange: (update: (files: PickedFile[]) => PickedFile[]) => void; max: number }) {
  const t = useTranslations("thread");
  const inputId = useId();
  const [limitError, setLimitError] = useState<string | null>(null);

  const add = (list: FileList | null) => {
    if (!list) return;
    const room = max - files.filter((f) => f.status !== "error").length;
    const chosen = [...list].slice(0, Math.max(0, room));
    setLimitError(list.length > chosen.length ? t("tooManyFiles", { max }) : null);
    for (const file of chosen) {
      const key = `${file.name}-${file.size}-${Math.random().toString(36).slice(2)}`;
      onChange((prev) => [...prev, { key, name: file.name, progress: 0, status: "uploading" }]);
      upload(file, (progress) => onChange((prev) => prev.map((f) => (f.key === key ? { ...f, progress } : f))))
        .then((r) => onChange((prev) => prev.map((f) => (f.key === key ? { ...f, progress: 100, status: "done", uploadId: r.id, name: r.fileName } : f))))
        .catch((e: Error) => onChange((prev) => prev.map((f) => (f.key === key ? { ...f, status: "error", error: e.message } : f))));
    }
  };

  return (
    <div>
      <label htmlFor={inputId} className="block text-sm font-semibold text-slate-900">
        {t("attachments", { max })}
      </label>
      <p className="text-xs text-slate-700" id={`${inputId}-aide`}>
        {t("attachmentsHelp")}
      </p>
      <input
        id={inputId}
        type="file"
        multiple
        accept={ACCEPT}
        aria-describedby={`${inputId}-aide`}
        className="mt-1 block w-full text-sm file:mr-3 file:min-h-11 file:rounded-lg file:border file:border-brand-700 file:bg-white file:px-3 file:font-semibold file:text-brand-700"
        onChange={(e) => {
          add(e.currentTarget.files);
          e.currentTarget.value = "";
        }}
      />
      {limitError ? (
        <p role="alert" className="mt-1 text-sm text-red-800">
          {limitError}
        </p>
      ) : null}
      <ul className="mt-2 space-y-2" aria-live="polite">
        {files.map((f) => (
          <li key={f.key} className="rounded-lg border border-slate-200 p-2 text-sm" data-testid="attachment">
            <div className="flex items-center justify-between gap-2">
              <span className="truncate font-medium">{f.name}</span>
              <button
                type="button"
                className="min-h-11 px-2 text-sm font-semibold text-brand-700 underline"
                onClick={() => onChange((prev) => prev.filter((x) => x.key !== f.key))}
                aria-label={t("removeFile", { name: f.name })}
              >
                {t("remove")}
              </button>
            </div>
            {f.status === "uploading" ? (
              <>
                <progress className="mt-1 h-2 w-full" max={100} value={f.progress} aria-label={t("uploading", { name: f.name })} />
                <span className="sr-only">{t("progress", { progress: f.progress })}</span>
              </>
            ) : f.status === "done" ? (
              <p className="text-green-800">{t("uploaded")}</p>
            ) : (
              <p role="alert" className="text-red-800">
                {f.error}
              </p>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
