"use client";

import { useId, useState } from "react";
import { Button } from "./button";
import { FormError } from "./form-error";

/**
 * Files picked by the customer, each sent at once to an upload route handler (XMLHttpRequest, for its
 * upload progress), checked there (type from the bytes, size, pixels) and re-encoded without its
 * metadata. A progress bar per file, announced politely; a refused file shows the server's French
 * reason. Used by the booking form's photos and the messages' attachments (thin wrappers that bring
 * the endpoint, the accepted types and their translated labels).
 */
export interface PickedUpload {
  key: string;
  name: string;
  progress: number;
  status: "uploading" | "done" | "error";
  uploadId?: string;
  error?: string;
}

export interface UploadPickerLabels {
  label: string;
  help: string;
  tooMany: string;
  remove: string;
  removeFile: (name: string) => string;
  uploading: (name: string) => string;
  progress: (progress: number) => string;
  uploaded: string;
  failed: string;
  interrupted: string;
}

/** The labels both namespaces ("booking", "thread") share, by the same keys. */
type SharedKey = "remove" | "removeFile" | "uploading" | "progress" | "uploaded" | "uploadFailed" | "uploadInterrupted";

export function sharedUploadLabels(t: (key: SharedKey, values?: { name?: string; progress?: number }) => string): Omit<UploadPickerLabels, "label" | "help" | "tooMany"> {
  return {
    remove: t("remove"),
    removeFile: (name) => t("removeFile", { name }),
    uploading: (name) => t("uploading", { name }),
    progress: (progress) => t("progress", { progress }),
    uploaded: t("uploaded"),
    failed: t("uploadFailed"),
    interrupted: t("uploadInterrupted"),
  };
}

function upload(endpoint: string, file: File, onProgress: (p: number) => void, labels: UploadPickerLabels): Promise<{ id: string; fileName: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", endpoint);
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      const body = xhr.response as { id?: string; fileName?: string; error?: string } | null;
      if (xhr.status === 201 && body?.id) resolve({ id: body.id, fileName: body.fileName ?? file.name });
      else reject(new Error(body?.error ?? labels.failed));
    };
    xhr.onerror = () => reject(new Error(labels.interrupted));
    const form = new FormData();
    form.set("file", file, file.name);
    xhr.send(form);
  });
}

export function UploadPicker({
  files,
  onChange,
  max,
  endpoint,
  accept,
  capture,
  labels,
  testId,
}: {
  files: PickedUpload[];
  onChange: (update: (files: PickedUpload[]) => PickedUpload[]) => void;
  max: number;
  endpoint: string;
  accept: string;
  /** Phones: open the camera directly. */
  capture?: "environment";
  labels: UploadPickerLabels;
  testId: string;
}) {
  const inputId = useId();
  const [limitError, setLimitError] = useState<string | null>(null);

  const add = (list: FileList | null) => {
    if (!list) return;
    const room = max - files.filter((f) => f.status !== "error").length;
    const chosen = [...list].slice(0, Math.max(0, room));
    setLimitError(list.length > chosen.length ? labels.tooMany : null);
    for (const file of chosen) {
      const key = `${file.name}-${file.size}-${Math.random().toString(36).slice(2)}`;
      onChange((prev) => [...prev, { key, name: file.name, progress: 0, status: "uploading" }]);
      upload(endpoint, file, (progress) => onChange((prev) => prev.map((f) => (f.key === key ? { ...f, progress } : f))), labels)
        .then((r) => onChange((prev) => prev.map((f) => (f.key === key ? { ...f, progress: 100, status: "done", uploadId: r.id, name: r.fileName } : f))))
        .catch((e: Error) => onChange((prev) => prev.map((f) => (f.key === key ? { ...f, status: "error", error: e.message } : f))));
    }
  };

  return (
    <div>
      <label htmlFor={inputId} className="block font-medium text-slate-900">
        {labels.label}
      </label>
      <p className="text-sm text-slate-700" id={`${inputId}-aide`}>
        {labels.help}
      </p>
      <input
        id={inputId}
        type="file"
        multiple
        accept={accept}
        capture={capture}
        aria-describedby={`${inputId}-aide`}
        className="mt-1 block w-full text-sm file:mr-3 file:min-h-11 file:rounded-lg file:border file:border-brand-700 file:bg-white file:px-3 file:font-semibold file:text-brand-700"
        onChange={(e) => {
          add(e.currentTarget.files);
          e.currentTarget.value = "";
        }}
      />
      <FormError variant="inline">{limitError}</FormError>
      <ul className="mt-2 space-y-2" aria-live="polite">
        {files.map((f) => (
          <li key={f.key} className="rounded-lg border border-slate-200 bg-white p-2 text-sm" data-testid={testId}>
            <div className="flex items-center justify-between gap-2">
              <span className="truncate font-medium">{f.name}</span>
              <Button variant="link" size="inline" className="px-2" onClick={() => onChange((prev) => prev.filter((x) => x.key !== f.key))} aria-label={labels.removeFile(f.name)}>
                {labels.remove}
              </Button>
            </div>
            {f.status === "uploading" ? (
              <>
                <progress className="mt-1 h-2 w-full" max={100} value={f.progress} aria-label={labels.uploading(f.name)} />
                <span className="sr-only">{labels.progress(f.progress)}</span>
              </>
            ) : f.status === "done" ? (
              <p className="text-green-800">{labels.uploaded}</p>
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
