/** A task category a visit can be tagged with. */
export interface TaskCategory {
  /** Stable id, used in stored tags and team reports: lowercase, digits and dashes. */
  readonly id: string;
  /** Label shown to people. */
  readonly label: string;
}

/** The role-neutral default list; policy can replace it with role-specific lists. */
export const DEFAULT_TASK_CATEGORIES: readonly TaskCategory[] = [
  { id: "writing", label: "Writing and editing" },
  { id: "summarizing", label: "Summarizing" },
  { id: "research", label: "Research and Q&A" },
  { id: "brainstorming", label: "Brainstorming" },
  { id: "data-analysis", label: "Data analysis" },
  { id: "coding", label: "Coding" },
  { id: "email", label: "Email and messages" },
  { id: "meeting-prep", label: "Meeting prep" },
  { id: "translation", label: "Translation" },
  { id: "learning", label: "Learning" },
  { id: "other", label: "Other" },
];

/** Shape of a category id, shared by tags, policy and reports. */
export const CATEGORY_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,47}$/;
