import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { editorStore } from "../../store";
import { beginGesture, cancelGesture, endGesture } from "../../store/history";

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
 * focus to blur, is one undo step. Leaving it with an invalid value puts the last valid one back;
 * Escape takes the whole edit back, leaving the graph as it was at focus and no undo step.
 */
/** A validator refusing text longer than `limit` characters: "at most 10,000 characters". */
export function maxChars(limit: number): (text: string) => string | null {
  return (text) => (text.length > limit ? `at most ${limit.toLocaleString("en-US")} characters` : null);
}

export function TextInput({ label, value, hint, multiline, validate, commit, testId }: Props) {
  const id = useId();
  const [text, setText] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const focused = useRef(false);
  /** This field's gesture token, and its value when it was focused. */
  const gesture = useRef({});
  const atFocus = useRef(value);
  useEffect(() => {
    if (!focused.current) {
      setText(value);
      setError(null);
    }
  }, [value]);
  // A field removed while focused (another node selected) gets no blur: its edit ends here.
  useEffect(
    () => () => {
      if (focused.current) endGesture(editorStore);
    },
    [],
  );
  const onChange = (next: string) => {
    setText(next);
    const problem = validate?.(next) ?? null;
    setError(problem);
    if (problem) return;
    // The gesture may have been closed under the focused field (a drag, a graph opened from a menu).
    beginGesture(editorStore, gesture.current);
    commit(next);
  };
  const revert = () => {
    setText(value);
    setError(null);
  };
  const cancel = () => {
    if (!cancelGesture(editorStore, gesture.current) && !validate?.(atFocus.current)) commit(atFocus.current);
    setText(atFocus.current);
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
      atFocus.current = value;
      beginGesture(editorStore, gesture.current);
    },
    onBlur: () => {
      focused.current = false;
      endGesture(editorStore);
      // Shows the graph's value: the last valid text, or another graph's after one was opened.
      revert();
    },
    onKeyDown: (e: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
      if (e.key === "Enter" && !multiline) e.currentTarget.blur();
      if (e.key === "Escape") {
        cancel();
        e.currentTarget.blur();
      }
    },
  };
  return (
    <div className={`nl-field${error ? " invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...common} rows={3} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type="text" spellCheck={false} onChange={(e) => onChange(e.target.value)} />
      )}
      <small id={`${id}-msg`} className={error ? "nl-error-text" : "nl-muted"} role={error ? "alert" : undefined}>
        {error ?? hint}
      </small>
    </div>
  );
}
