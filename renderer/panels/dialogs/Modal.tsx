import { type ReactNode, useEffect, useId, useRef } from "react";
import { createPortal } from "react-dom";

interface Props {
  title: string;
  onClose(): void;
  children: ReactNode;
  footer: ReactNode;
  /** Wider than the default: `wide` for the file picker, `gallery` for the examples. */
  size?: "wide" | "gallery";
}

/** A modal dialog: focus moves into it, Escape closes it, the page behind is inert. */
export function Modal({ title, onClose, children, footer, size }: Props) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    (el?.querySelector<HTMLElement>("[data-autofocus]") ?? el?.querySelector<HTMLElement>("button"))?.focus();
    const root = document.getElementById("root");
    root?.setAttribute("inert", "");
    return () => root?.removeAttribute("inert");
  }, []);
  return createPortal(
    <div className="nl-modal-backdrop">
      <div
        ref={box}
        className={`nl-modal${size ? ` ${size}` : ""}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={id}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <h2 id={id}>{title}</h2>
        <div className="nl-modal-body">{children}</div>
        <footer>{footer}</footer>
      </div>
    </div>,
    document.body,
  );
}
