import { useId, useState } from "react";
import type { TaskCategory } from "../lib/tagging/categories";
import {
  MAX_MINUTES_SAVED,
  MAX_NOTE_LENGTH,
  MINUTES_SAVED_CHOICES,
  type TagDraft,
  type TagErrors,
} from "../lib/tagging/tag-input";
import { useT, useUserText } from "./messages";

export type { TagDraft };

/**
 * "What was it for, and how many minutes did it save?": one click for the task, one for the
 * minutes, then Save. Skip and Not today never store anything.
 */
export function TagForm({
  heading,
  categories,
  initial,
  onSave,
  onSkip,
  onNotToday,
}: {
  /** Which visit this is about, e.g. "ChatGPT, 12 min, 10:05". */
  heading: string;
  categories: readonly TaskCategory[];
  initial?: Partial<TagDraft>;
  /** Resolves with field errors when the answer is refused, or null when it was saved. */
  onSave: (draft: TagDraft) => Promise<(TagErrors & { visit?: string }) | null>;
  onSkip?: () => void;
  onNotToday?: () => void;
}) {
  const t = useT();
  const userText = useUserText();
  const id = useId();
  const [category, setCategory] = useState(initial?.category ?? "");
  const [minutes, setMinutes] = useState<number | null>(initial?.minutesSaved ?? null);
  const [custom, setCustom] = useState(
    initial?.minutesSaved !== undefined &&
      initial.minutesSaved !== null &&
      !(MINUTES_SAVED_CHOICES as readonly number[]).includes(initial.minutesSaved)
      ? String(initial.minutesSaved)
      : "",
  );
  const [note, setNote] = useState(initial?.note ?? "");
  const [errors, setErrors] = useState<(TagErrors & { visit?: string }) | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    // Sent as entered: the background refuses anything but whole minutes from 0 to 480.
    const minutesSaved = custom.trim() !== "" ? Number(custom) : minutes;
    setErrors(await onSave({ category, minutesSaved, note }));
    setBusy(false);
  }

  return (
    <form className="tag-form" onSubmit={save} aria-labelledby={`${id}-heading`} noValidate>
      <p id={`${id}-heading`} className="tag-heading">
        {heading}
      </p>
      {errors?.visit && (
        <p className="notice" role="alert">
          {userText(errors.visit)}
        </p>
      )}
      <fieldset aria-describedby={errors?.category ? `${id}-category-error` : undefined}>
        <legend>{t("tagTaskLegend")}</legend>
        <div className="chips">
          {categories.map((option) => (
            <label key={option.id} className="chip">
              <input
                type="radio"
                name={`${id}-category`}
                value={option.id}
                checked={category === option.id}
                onChange={() => setCategory(option.id)}
              />
              <span>{option.label}</span>
            </label>
          ))}
        </div>
        {errors?.category && (
          <p id={`${id}-category-error`} className="field-error">
            {userText(errors.category)}
          </p>
        )}
      </fieldset>
      <fieldset aria-describedby={errors?.minutesSaved ? `${id}-minutes-error` : undefined}>
        <legend>{t("tagMinutesLegend")}</legend>
        <div className="chips">
          {MINUTES_SAVED_CHOICES.map((value) => (
            <label key={value} className="chip">
              <input
                type="radio"
                name={`${id}-minutes`}
                value={value}
                checked={custom === "" && minutes === value}
                onChange={() => {
                  setMinutes(value);
                  setCustom("");
                }}
              />
              <span>{t("minutesShort", String(value))}</span>
            </label>
          ))}
        </div>
        <label className="field">
          <span>{t("tagCustomMinutes")}</span>
          <input
            type="number"
            inputMode="numeric"
            min={0}
            max={MAX_MINUTES_SAVED}
            step={1}
            value={custom}
            aria-invalid={errors?.minutesSaved ? true : undefined}
            onChange={(event) => setCustom(event.target.value)}
          />
        </label>
        {errors?.minutesSaved && (
          <p id={`${id}-minutes-error`} className="field-error">
            {userText(errors.minutesSaved)}
          </p>
        )}
      </fieldset>
      <label className="field">
        <span>{t("tagNoteLabel")}</span>
        <textarea
          rows={2}
          maxLength={MAX_NOTE_LENGTH}
          value={note}
          aria-describedby={`${id}-note-help`}
          onChange={(event) => setNote(event.target.value)}
        />
        <span id={`${id}-note-help`} className="muted small">
          {t("tagNoteHelp")}
        </span>
        {errors?.note && <span className="field-error">{userText(errors.note)}</span>}
      </label>
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t("tagSave")}
        </button>
        {onSkip && (
          <button type="button" className="secondary" onClick={onSkip}>
            {t("tagSkip")}
          </button>
        )}
        {onNotToday && (
          <button type="button" className="secondary" onClick={onNotToday}>
            {t("tagNotToday")}
          </button>
        )}
      </div>
    </form>
  );
}
