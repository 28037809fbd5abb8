"use client";
import { useEffect, useEffectEvent, useImperativeHandle, useRef, type Ref } from "react";
import SignaturePad from "signature_pad";
import { Button } from "@/components/ui/button";

/**
 * The drawing area (signature_pad on a canvas), sized to its box at the screen's pixel density.
 * Reports the PNG data URL after each stroke (null once cleared). Drawing has a typed alternative
 * next to it: this canvas is not the only way to sign (WCAG 2.5.1, 2.1.1).
 */
export interface SignatureCanvasHandle {
  /** The drawing now (PNG data URL), or null when empty: read at submit, whatever events were seen. */
  read(): string | null;
}

export function SignatureCanvas({
  label,
  clearLabel,
  onChange,
  describedBy,
  ref,
}: {
  label: string;
  clearLabel: string;
  onChange: (png: string | null) => void;
  describedBy?: string;
  ref?: Ref<SignatureCanvasHandle>;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const padRef = useRef<SignaturePad | null>(null);
  useImperativeHandle(ref, () => ({ read: () => (padRef.current && !padRef.current.isEmpty() ? padRef.current.toDataURL("image/png") : null) }), []);
  const report = useEffectEvent((png: string | null) => onChange(png));

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const pad = new SignaturePad(canvas, { penColor: "#0f172a", minWidth: 1, maxWidth: 2.8 });
    padRef.current = pad;
    const resize = () => {
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      const data = pad.toData();
      canvas.width = canvas.offsetWidth * ratio;
      canvas.height = canvas.offsetHeight * ratio;
      canvas.getContext("2d")?.scale(ratio, ratio);
      pad.clear();
      pad.fromData(data);
    };
    resize();
    const end = () => report(pad.isEmpty() ? null : pad.toDataURL("image/png"));
    pad.addEventListener("endStroke", end);
    window.addEventListener("resize", resize);
    return () => {
      pad.removeEventListener("endStroke", end);
      window.removeEventListener("resize", resize);
      pad.off();
    };
  }, []);

  return (
    <div className="space-y-2">
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={label}
        aria-describedby={describedBy}
        data-testid="signature-canvas"
        className="block h-44 w-full touch-none rounded-lg border-2 border-dashed border-slate-400 bg-white"
      />
      <Button
        variant="neutral"
        size="compact"
        onClick={() => {
          padRef.current?.clear();
          onChange(null);
        }}
      >
        {clearLabel}
      </Button>
    </div>
  );
}
