import { useEffect, useId, useRef, useState } from "react";
import { editorStore } from "../../store";
import { beginGesture, endGesture } from "../../store/history";

interface Props {
  label: string;
  value: string;
  hint?: string;
  multiline?: boolean;
  /** Checks the text; returns an error message, or null when it may be committed. */
  validate?(text: string): string | null;
  /** Commits a valid text; called on every valid keystroke, so the graph updates as you type. */
  commit(text: string): void;
  testId?: string;
}

/**
 * A text field that validates as you type and commits each valid value; the whole edit, from
 * focus to blur, is one undo step. Leaving it with an invalid value puts the last valid one back.
 */
export function TextInput({ label, value, hint, multiline, validate, commit, testId }: Props) {
  const id = useId();
  const [text, setText] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const focused = useRef(false);
  useEffect(() => {
    if (!focused.current) {
      setText(value);
      setError(null);
    }
  }, [value]);
  const onChange = (next: string) => {
    setText(next);
    const problem = validate?.(next) ?? null;
    setError(problem);
    if (!problem) commit(next);
  };
  const revert = () => {
    setText(value);
    setError(null);
  };
  const common = {
    id,
    value: text,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": `${id}-msg`,
    "data-testid": testId,
    onFocus: () => {
      focused.current = true;
      beginGesture(editorStore);
    },
    onBlur: () => {
      focused.current = false;
      endGesture(editorStore);
      if (error) revert();
    },
  };
  return (
    <div className={`nl-field${error ? " invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={3} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          {...common}
          type="text"
          spellCheck={false}
          onChange={(e) => onChange(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") e.currentTarget.blur();
            if (e.key === "Escape") {
              revert();
              e.currentTarget.blur();
            }
          }}
        />
      )}
      <small id={`${id}-msg`} className={error ? "nl-error-text" : "nl-muted"} role={error ? "alert" : undefined}>
        {error ?? hint}
      </small>
    </div>
  );
}
