import { useId } from "react";

/**
 * A labelled whole-number field with help text and an error next to it. It is a text
 * field with a numeric keyboard, so whatever a person types reaches validation and gets a
 * message, instead of being silently dropped by the browser.
 */
export function NumberField({
  label,
  help,
  value,
  error,
  lockedNote,
  onChange,
  name,
}: {
  label: string;
  help?: string;
  value: string;
  error?: string;
  /** Shown instead of editing when the organization sets this value. */
  lockedNote?: string;
  onChange: (value: string) => void;
  name: string;
}) {
  const id = useId();
  const described = [help ? `${id}-help` : "", error ? `${id}-error` : "", lockedNote ? `${id}-locked` : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        type="text"
        inputMode="numeric"
        value={value}
        disabled={lockedNote !== undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={described || undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {help && (
        <span id={`${id}-help`} className="muted small">
          {help}
        </span>
      )}
      {lockedNote && (
        <span id={`${id}-locked`} className="managed">
          {lockedNote}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
